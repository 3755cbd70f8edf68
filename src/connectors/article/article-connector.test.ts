// Contract tests over a real loopback server and the real HTTP client.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptySourceHealth, type Source } from '../../model.js';
import type { ClosableHttpClient } from '../../net/http-client.js';
import { FetchError } from '../../net/types.js';
import type { CollectContext } from '../connector.js';
import {
  type LoopbackServer,
  listenOnLoopback,
  loopbackHttpClient,
} from '../test-support/loopback.js';
import { articleConnector, fetchArticle } from './article-connector.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

const PAGES: Record<string, { type: string; body: Buffer; etag?: string }> = {
  '/bai/sen.html': {
    type: 'text/html; charset=utf-8',
    body: readFileSync(join(FIXTURES, 'tuoitre-shape.html')),
    etag: '"sen-1"',
  },
  // No charset in the header: the page's own <meta charset> must be honoured.
  '/bai/pho-di-bo.html': {
    type: 'text/html',
    body: readFileSync(join(FIXTURES, 'dantri-shape.html')),
  },
  '/bai/trong.html': {
    type: 'text/html',
    body: Buffer.from('<html><body><img src="/a.png"></body></html>'),
  },
  '/anh.jpg': { type: 'image/jpeg', body: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) },
};

let origin = '';
let hits: string[] = [];
let server: LoopbackServer;
let http: ClosableHttpClient;

beforeAll(async () => {
  server = await listenOnLoopback((req, res) => {
    const path = req.url ?? '/';
    hits.push(path);
    const page = PAGES[path];
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Không tìm thấy</h1>');
      return;
    }
    if (page.etag && req.headers['if-none-match'] === page.etag) {
      res.writeHead(304, { etag: page.etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': page.type, ...(page.etag ? { etag: page.etag } : {}) });
    res.end(page.body);
  });
  origin = server.origin;
  http = loopbackHttpClient();
});

afterAll(async () => {
  await http.close();
  await server.close();
});

beforeEach(() => {
  hits = [];
});

function source(path: string, etag: string | null = null, settings = {}): Source {
  const now = new Date().toISOString();
  return {
    id: 7,
    kind: 'article',
    url: `${origin}${path}`,
    title: null,
    enabled: true,
    settings,
    schedule: { intervalSeconds: 3600, nextFetchAt: now },
    validators: { etag, lastModified: null },
    cursor: null,
    health: emptySourceHealth(),
    createdAt: now,
  };
}

const context = (): CollectContext => ({ http, now: () => new Date() });

describe('articleConnector over loopback HTTP', () => {
  it('yields one mention with a public byline and the page metadata', async () => {
    const outlet = source('/bai/sen.html', null, { publisher: 'outlet' });
    const result = await articleConnector.collect(outlet, context());
    expect(result.notModified).toBe(false);
    expect(result.validators.etag).toBe('"sen-1"');
    expect(result.title).toBe('Nông dân Đồng Tháp trúng mùa sen, giá tăng gấp rưỡi');
    expect(result.mentions).toHaveLength(1);
    const mention = result.mentions[0]!;
    expect(mention.platform).toBe('web');
    expect(mention.url).toBe(`${origin}/bai/sen.html`);
    expect(mention.externalId).toBe(
      'https://tuoitre.example/nong-dan-dong-thap-trung-mua-sen-2026112106300001.htm',
    );
    expect(mention.author).toEqual({
      nativeId: 'Ngọc Tài, Minh Thư',
      name: 'Ngọc Tài, Minh Thư',
      kind: 'outlet',
    });
    expect(mention.publishedAt).toBe('2026-11-20T23:30:00.000Z');
    expect(mention.updatedAt).toBe('2026-11-21T01:00:00.000Z');
    expect(mention.language).toBe('vi');
    expect(mention.categories).toEqual(['Kinh doanh']);
    expect(mention.text).toContain('xã Mỹ Hòa');
    expect(mention.html).toContain('<p>');
    // raw keeps the metadata for re-processing, not a second copy of the text.
    expect(mention.raw).toMatchObject({
      fetchedUrl: `${origin}/bai/sen.html`,
      section: 'Kinh doanh',
    });
    expect(JSON.stringify(mention.raw)).not.toContain('xã Mỹ Hòa');
  });

  it('keeps the byline of a page that is not an outlet’s own as a person’s, nameless', async () => {
    const result = await articleConnector.collect(source('/bai/sen.html'), context());
    const mention = result.mentions[0]!;
    expect(mention.author).toEqual({ nativeId: 'Ngọc Tài, Minh Thư', name: null, kind: 'person' });
    expect(JSON.stringify(mention.raw)).not.toContain('Ngọc Tài');
  });

  it('sends the stored validators and reports 304 as not modified', async () => {
    const result = await articleConnector.collect(source('/bai/sen.html', '"sen-1"'), context());
    expect(result.notModified).toBe(true);
    expect(result.mentions).toEqual([]);
    expect(result.validators.etag).toBe('"sen-1"');
  });

  it('decodes by the page declaration when the header has no charset', async () => {
    const result = await articleConnector.collect(source('/bai/pho-di-bo.html'), context());
    expect(result.mentions[0]?.title).toBe('Đà Nẵng mở thêm ba tuyến phố đi bộ ven sông');
    expect(result.warnings).toEqual(['invalid JSON-LD block 1 repaired']);
  });

  it('warns when a page has no main text, and rejects non-HTML', async () => {
    const empty = await articleConnector.collect(source('/bai/trong.html'), context());
    expect(empty.warnings).toContain('no main text found on the page');
    await expect(articleConnector.collect(source('/anh.jpg'), context())).rejects.toThrow(
      'not an article page: image/jpeg',
    );
  });
});

describe('fetchArticle over loopback HTTP', () => {
  it('extracts a page', async () => {
    const article = await fetchArticle(`${origin}/bai/pho-di-bo.html`, context());
    expect(article?.title).toBe('Đà Nẵng mở thêm ba tuyến phố đi bộ ven sông');
    expect(article?.text).toContain('chợ đêm');
  });

  it('is null for non-HTML and text-less pages, and throws FetchError on HTTP errors', async () => {
    expect(await fetchArticle(`${origin}/anh.jpg`, context())).toBeNull();
    expect(await fetchArticle(`${origin}/bai/trong.html`, context())).toBeNull();
    const failure = await fetchArticle(`${origin}/bai/khong-co.html`, context()).catch((e) => e);
    expect(failure).toBeInstanceOf(FetchError);
    expect((failure as FetchError).status).toBe(404);
  });

  it('throws when the collection is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      fetchArticle(`${origin}/bai/sen.html`, { ...context(), signal: controller.signal }),
    ).rejects.toThrow();
    expect(hits).toEqual([]);
  });
});
