// Collection from a platform end to end: the registry's YouTube connector, a sealed key from
// the credential pool, endpoint overrides, and a loopback server speaking the Data API. After
// it, neither the SQLite file nor source health holds a person's handle or name, or the key.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../connectors/registry.js';
import {
  type LoopbackServer,
  listenOnLoopback,
  loopbackHttpClient,
} from '../connectors/test-support/loopback.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { Collector } from './collector.js';
import { CredentialPool } from './credentials-pool.js';
import { createCredentialVault } from './credentials-vault.js';
import { createPseudonymiser } from './pseudonymise.js';
import { resolveNewSource } from './source-from-url.js';

const FIXTURES = join(import.meta.dirname, '../connectors/youtube/fixtures');
const KEY = 'AIzaPrivacyTestKey123';

let server: LoopbackServer;

beforeAll(async () => {
  server = await listenOnLoopback((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = url.pathname.split('/').pop() ?? '';
    const file = { videos: 'videos-list.json', commentThreads: 'comment-threads.json' }[method];
    if (url.searchParams.get('key') !== KEY || !file) {
      res.writeHead(404).end();
      return;
    }
    // One page: the fixture's next page token leads nowhere here.
    const body = readFileSync(join(FIXTURES, file), 'utf8').replace(
      /"nextPageToken": "[^"]*",/,
      '',
    );
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
});

afterAll(async () => {
  await server.close();
});

describe('platform collection', () => {
  it('stores a video with its comments and no person named anywhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nghe-platform-'));
    const store = openSqliteStore(join(dir, 'nghe.sqlite'));
    const http = loopbackHttpClient();
    const secret = randomBytes(32);
    const vault = createCredentialVault(secret);
    await store.addCredential({
      platform: 'youtube',
      label: 'main',
      publicFields: {},
      sealed: vault.seal('youtube', { apiKey: KEY }),
    });
    const { source } = await store.addSource(resolveNewSource('https://youtu.be/Xk3vT9qLmN0'));
    const collector = new Collector({
      store,
      http,
      connectors,
      pseudonymise: createPseudonymiser(secret),
      concurrency: 1,
      credentials: new CredentialPool(store, vault),
      endpoints: { youtube: { apiBaseUrl: `${server.origin}/youtube/v3` } },
    });
    const summary = await collector.runOnce({ all: true });
    expect(summary).toMatchObject({ succeeded: 1, failed: 0 });
    expect(summary.newMentions).toBeGreaterThan(3);
    const stored = await store.getSource(source.id);
    expect(stored?.health.credential).toMatchObject({
      label: 'main',
      status: 'ok',
      remaining: 9998,
    });
    expect(JSON.parse(stored?.cursor ?? '')).toMatchObject({ next: null });
    await store.close();
    await http.close();

    // Every comment author but the video's own channel (public by nature) is a person.
    const fixture = readFileSync(join(FIXTURES, 'comment-threads.json'), 'utf8');
    const channel = 'UCq3Jt8XbKd0VnHw2mPzR7sA';
    const handles = [
      ...fixture.matchAll(
        /"authorDisplayName": "(@[^"]+)",[^}]*?"authorChannelId": \{\s*"value": "([^"]+)"/g,
      ),
    ]
      .filter((m) => m[2] !== channel)
      .map((m) => m[1]!);
    expect(handles.length).toBeGreaterThan(0);
    const files = readdirSync(dir).map((f) => readFileSync(join(dir, f)));
    for (const word of [...handles, ...handles.map((h) => h.slice(1)), KEY]) {
      for (const bytes of files) expect(bytes.includes(Buffer.from(word)), word).toBe(false);
    }
  });
});
