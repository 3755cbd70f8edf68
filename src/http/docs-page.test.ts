import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { DOCS_HTML, DOCS_JS } from './docs-page.js';

async function renderDocs(description: string) {
  const { window, document } = parseHTML(DOCS_HTML);
  const doc = {
    info: { description },
    paths: {
      '/api/mentions': {
        get: {
          operationId: 'listMentions',
          tags: ['mentions'],
          summary: 'Mentions matching `q`, newest first',
          parameters: [
            { name: 'q', in: 'query', description: 'text in the `query` language', schema: {} },
          ],
          responses: {},
        },
      },
    },
  };
  const fetch = async () => ({ json: async () => doc });
  const sessionStorage = { getItem: () => null, setItem: () => {} };
  new Function('document', 'fetch', 'sessionStorage', 'URLSearchParams', DOCS_JS)(
    document,
    fetch,
    sessionStorage,
    URLSearchParams,
  );
  await new Promise((done) => setTimeout(done, 20));
  return { document, window };
}

describe('API docs page', () => {
  it('shows `code` in descriptions as code, with no literal backticks', async () => {
    const { document } = await renderDocs('Every route needs `Authorization: Bearer TOKEN`.');
    const main = document.getElementById('operations')!;
    expect(main.textContent).not.toContain('`');
    const codes = [...main.querySelectorAll('code')].map((node) => node.textContent);
    expect(codes).toEqual(
      expect.arrayContaining(['Authorization: Bearer TOKEN', 'q', 'query', '/api/mentions']),
    );
    expect(main.querySelector('p')?.textContent).toBe(
      'Every route needs Authorization: Bearer TOKEN.',
    );
  });
});
