// POST /api/sources refuses private, loopback and link-local addresses unless the setting that
// allows them is on, naming that setting, with a code the dashboard translates.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorText } from '../../../web/src/i18n/error-text.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { createHttpApp } from '../server.js';
import { hashApiToken } from '../token-auth.js';

const TOKEN = 'nghe_private-source-test-token-0123456789abcdefghij';

describe('POST /api/sources and private addresses', () => {
  let dir: string;
  let store: SqliteStore;
  let allow = false;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-private-source-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
    await store.createApiToken('admin', hashApiToken(TOKEN));
    allow = false;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const add = async (url: string) => {
    const app = createHttpApp({
      store,
      version: '0.0.0-test',
      log: () => {},
      allowPrivateAddresses: () => allow,
    });
    const res = await app.request('/api/sources', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: test reads loosely typed JSON
    return { status: res.status, body: (await res.json()) as any };
  };

  it('refuses them with the setting named and stores nothing', async () => {
    for (const url of ['http://127.0.0.1:8080/feed.xml', 'http://192.168.1.10/rss']) {
      const res = await add(url);
      expect(res.status, url).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'source_private_address', field: 'url' });
      expect(res.body.error.message).toContain('NGHE_ALLOW_PRIVATE_ADDRESSES=1');
      expect(res.body.error.message).toContain('"allowPrivateAddresses": true');
      expect(res.body.error.params.host).toBe(new URL(url).hostname);
      const vi = apiErrorText('vi', res.body.error);
      expect(vi).toContain(new URL(url).hostname);
      expect(vi).toContain('NGHE_ALLOW_PRIVATE_ADDRESSES');
      expect(vi).not.toBe(res.body.error.message);
    }
    expect(await store.listSources()).toEqual([]);
  });

  it('accepts them once the setting allows them, read at each request', async () => {
    expect((await add('http://127.0.0.1:8080/feed.xml')).status).toBe(400);
    allow = true;
    const res = await add('http://127.0.0.1:8080/feed.xml');
    expect(res.status).toBe(201);
    expect(res.body.url).toBe('http://127.0.0.1:8080/feed.xml');
  });
});
