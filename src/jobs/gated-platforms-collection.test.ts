// X and TikTok collection end to end: the registry's connectors, sealed credentials from the
// pool, an X credential's own monthly read budget, endpoint overrides and a loopback server
// speaking both APIs. The SQLite files hold no person's handle or name and no secret, and the
// source shows the budget left, then why it waits once the budget is spent. X's filtered stream
// is followed live by the stream runner, through a dropped connection and its reconnect.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectors } from '../connectors/registry.js';
import { useLoopbackServer } from '../connectors/test-support/loopback-hooks.js';
import { createLineStreamOpener } from '../net/line-stream.js';
import { CredentialPool } from './credentials-pool.js';
import { createPseudonymiser } from './pseudonymise.js';
import { resolveNewSource } from './source-from-url.js';
import { StreamRunner } from './stream-runner.js';
import {
  bedCollector,
  closeCollectionBed,
  expectNoFileHolds,
  openCollectionBed,
} from './test-support/platform-collection.js';

const CONNECTORS = join(import.meta.dirname, '../connectors');
const fixture = (path: string) => readFileSync(join(CONNECTORS, path), 'utf8');
const BEARER = 'AAAAprivacyBearerToken';
const TIKTOK = { clientKey: 'awprivacykey', clientSecret: 'privacy-client-secret' };

/** Persons in the fixtures; organisations X has verified (baovidu, hcmcgov) are pages. */
const PERSONS = [
  'thaovy_sg',
  'Nguyễn Thảo Vy',
  'quanghuy_hcm',
  'Lê Quang Huy',
  'ngochan1995',
  'Phạm Ngọc Hân',
  'be.na_saigon',
  'tuan.anh.xe_om',
];

const streamRules: { id: string; value: string; tag: string }[] = [];
let streamConnects = 0;

const loopback = useLoopbackServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => {
    body += chunk.toString('utf8');
  });
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (text: string) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(text);
    if (url.pathname === '/x/2/tweets/search/recent') {
      if (req.headers.authorization !== `Bearer ${BEARER}`) return void res.writeHead(401).end();
      // One page: the fixture's next page token leads nowhere here.
      return send(
        fixture('x/fixtures/recent-search.json').replace(/,\s*"next_token": "[^"]*"/, ''),
      );
    }
    if (url.pathname === '/x/2/tweets/search/stream/rules') {
      if (req.method === 'POST') {
        const added = (JSON.parse(body) as { add?: { value: string; tag: string }[] }).add ?? [];
        streamRules.push(...added.map((r, i) => ({ ...r, id: `r${streamRules.length + i}` })));
      }
      return send(
        JSON.stringify({ data: streamRules, meta: { result_count: streamRules.length } }),
      );
    }
    if (url.pathname === '/x/2/tweets/search/stream') {
      // Two posts on the first connection, then the server drops it; one on the next.
      const line = JSON.parse(fixture('x/fixtures/stream-line.json'));
      const ids =
        streamConnects++ === 0
          ? ['2115312603755454281', '2115312603755454282']
          : ['2115312603755454283'];
      res.writeHead(200, { 'content-type': 'application/json' });
      for (const id of ids) {
        line.data.id = id;
        line.data.edit_history_tweet_ids = [id];
        line.matching_rules = [{ id: 'r0', tag: streamRules[0]?.tag }];
        res.write(`${JSON.stringify(line)}\r\n\r\n`);
      }
      return void res.end();
    }
    if (url.pathname === '/tiktok/oauth/token/') {
      return send('{"access_token":"clt.privacy","expires_in":7200,"token_type":"Bearer"}');
    }
    if (url.pathname === '/tiktok/research/video/query/') {
      const paged = (JSON.parse(body) as { search_id?: string }).search_id;
      return send(fixture(`tiktok/fixtures/${paged ? 'empty-query' : 'video-query'}.json`));
    }
    res.writeHead(404).end();
  });
});

describe('gated platform collection', () => {
  it('stores X and TikTok posts with no person named, and stops X at its read budget', async () => {
    const bed = openCollectionBed('nghe-gated-');
    const { store, vault } = bed;
    const now = () => new Date('2026-10-28T15:00:00Z');
    await store.addCredential({
      platform: 'x',
      label: 'research app',
      publicFields: { monthlyReadBudget: '20' },
      sealed: vault.seal('x', { bearerToken: BEARER }),
    });
    await store.addCredential({
      platform: 'tiktok',
      label: 'project',
      publicFields: {},
      sealed: vault.seal('tiktok', TIKTOK),
    });
    const x = await store.addSource(resolveNewSource('https://x.com/search?q=ng%E1%BA%ADp'));
    await store.addSource(resolveNewSource('https://www.tiktok.com/tag/ngap'));
    const collector = bedCollector(bed, {
      now,
      endpoints: {
        x: { apiBaseUrl: `${loopback.server.origin}/x/2` },
        tiktok: {
          apiBaseUrl: `${loopback.server.origin}/tiktok`,
          tokenUrl: `${loopback.server.origin}/tiktok/oauth/token/`,
        },
      },
    });
    const first = await collector.runOnce({ all: true });
    expect(first).toMatchObject({ succeeded: 2, failed: 0 });
    // 5 posts and the 3 they reference are billed: 12 of the 20 reads are left.
    expect((await store.getSource(x.source.id))?.health.credential).toMatchObject({
      label: 'research app',
      remaining: 12,
      limit: 20,
    });

    // 12 reads pay for one page of 10 without referenced posts; then fewer than a page remain.
    await collector.runOnce({ all: true });
    await collector.runOnce({ all: true });
    const waiting = await store.getSource(x.source.id);
    expect(waiting?.health.credential).toMatchObject({ remaining: 4, limit: 20 });
    expect(waiting?.health.paused?.reason).toBe(
      'every x credential has spent its quota of reads; collection resumes at 2026-11-01T00:00:00.000Z',
    );
    await closeCollectionBed(bed);

    expectNoFileHolds(bed, [...PERSONS, BEARER, TIKTOK.clientSecret]);
  });

  it('follows the X filtered stream live through the stream runner, reconnecting after a drop', async () => {
    const bed = openCollectionBed('nghe-gated-stream-');
    const { store, http, secret, vault } = bed;
    await store.addCredential({
      platform: 'x',
      label: 'stream app',
      publicFields: { monthlyReadBudget: '100' },
      sealed: vault.seal('x', { bearerToken: BEARER }),
    });
    const { source } = await store.addSource(
      resolveNewSource('https://api.x.com/2/tweets/search/stream?query=ng%E1%BA%ADp%20lang%3Avi'),
    );
    const controller = new AbortController();
    const runner = new StreamRunner({
      store,
      http,
      openWebSocket: () => Promise.reject(new Error('no WebSockets here')),
      openLineStream: createLineStreamOpener({ allowPrivateAddresses: true }),
      connectors,
      pseudonymise: createPseudonymiser(secret),
      credentials: new CredentialPool(store, vault),
      endpoints: { x: { apiBaseUrl: `${loopback.server.origin}/x/2` } },
      batchDelayMs: 20,
      backoffMs: { first: 20, max: 50 },
      rescanMs: 50,
      onSaved: async (saved) => {
        if ((await store.countMentions()) >= 3) controller.abort();
        return saved;
      },
    });
    await runner.run(controller.signal);
    expect(await store.countMentions()).toBe(3);
    expect(streamConnects).toBe(2);
    expect(streamRules).toEqual([
      { id: 'r0', value: 'ngập lang:vi', tag: `nghe source #${source.id}` },
    ]);
    const credential = (await store.listCredentials('x'))[0];
    expect(credential?.quota).toMatchObject({ buckets: { reads: { used: 3 } } });
    await closeCollectionBed(bed);
    expectNoFileHolds(bed, ['quanghuy_hcm', 'Lê Quang Huy', 'ngochan1995', BEARER]);
  });
});
