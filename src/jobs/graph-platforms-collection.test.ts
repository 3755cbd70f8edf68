// Facebook and Instagram collection end to end: sources added from the addresses a user copies,
// the registry's connectors, sealed credentials from the pool, endpoint overrides and a loopback
// server speaking the Graph API with the fixtures. The SQLite files hold no person's name or
// handle and no token, and a Facebook credential's own call budget stops collection with the
// reason on the source.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useLoopbackServer } from '../connectors/test-support/loopback-hooks.js';
import { resolveNewSource } from './source-from-url.js';
import {
  bedCollector,
  closeCollectionBed,
  expectNoFileHolds,
  openCollectionBed,
} from './test-support/platform-collection.js';

const CONNECTORS = join(import.meta.dirname, '../connectors');
const fixture = (path: string) => readFileSync(join(CONNECTORS, path), 'utf8');
const PAGE_TOKEN = 'EAABprivacyPageToken';
const USER_TOKEN = 'EAABprivacyUserToken';
const ACCOUNT = '17841405822304914';
const PERSONS = [
  'Nguyễn Thị Lan',
  'Trần Văn Hùng',
  'Lê Minh Châu',
  'Phạm Quốc Bảo',
  'minh.anh_92',
  'hoangtuan.sg',
  'qua.tang_24h',
  'lan.nguyen.2001',
];

const loopback = useLoopbackServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const send = (text: string) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(text);
  const later = url.searchParams.has('after');
  const [, platform, , node, edge] = url.pathname.split('/');
  if (platform === 'fb' && req.headers.authorization === `Bearer ${PAGE_TOKEN}`) {
    if (node === 'congthongtinthuduc') return send('{"id":"104958162837","name":"Thủ Đức"}');
    if (edge === 'posts')
      return send(fixture(`facebook/fixtures/${later ? 'empty-feed' : 'page-feed'}.json`));
    if (edge === 'comments')
      return send(later ? '{"data":[]}' : fixture('facebook/fixtures/post-comments.json'));
  }
  if (platform === 'ig' && req.headers.authorization === `Bearer ${USER_TOKEN}`) {
    if (node === ACCOUNT && !edge) return send(`{"id":"${ACCOUNT}","username":"thuduc.news"}`);
    if (edge === 'media')
      return send(fixture(`instagram/fixtures/${later ? 'empty-media' : 'account-media'}.json`));
    if (edge === 'comments')
      return send(later ? '{"data":[]}' : fixture('instagram/fixtures/media-comments.json'));
    if (node === 'ig_hashtag_search')
      return send(fixture('instagram/fixtures/hashtag-search.json'));
    if (edge === 'recent_media')
      return send(fixture('instagram/fixtures/hashtag-recent-media.json'));
  }
  res.writeHead(400).end('{"error":{"message":"Invalid OAuth access token","code":190}}');
});

describe('Graph API platform collection', () => {
  it('stores a Page, an account and a hashtag with nobody named, and waits at the call budget', async () => {
    const bed = openCollectionBed('nghe-graph-');
    const { store, vault } = bed;
    const now = () => new Date('2026-11-30T13:00:00Z');
    await store.addCredential({
      platform: 'facebook',
      label: 'district page',
      publicFields: { dailyCallBudget: '6' },
      sealed: vault.seal('facebook', { accessToken: PAGE_TOKEN }),
    });
    await store.addCredential({
      platform: 'instagram',
      label: 'district account',
      publicFields: { accountId: ACCOUNT },
      sealed: vault.seal('instagram', { accessToken: USER_TOKEN }),
    });
    const page = await store.addSource(
      resolveNewSource('https://www.facebook.com/congthongtinthuduc'),
    );
    await store.addSource(resolveNewSource('https://www.instagram.com/thuduc.news/'));
    await store.addSource(resolveNewSource('https://www.instagram.com/explore/tags/ngapsaigon/'));
    const collector = bedCollector(bed, {
      now,
      endpoints: {
        facebook: { apiBaseUrl: `${loopback.server.origin}/fb/v25.0` },
        instagram: { apiBaseUrl: `${loopback.server.origin}/ig/v25.0` },
      },
    });
    const first = await collector.runOnce({ all: true });
    expect(first).toMatchObject({ succeeded: 3, failed: 0 });
    // Look-up, two pages of posts, one post's comments in two pages: 5 of the 6 calls.
    expect((await store.getSource(page.source.id))?.health.credential).toMatchObject({
      remaining: 1,
      limit: 6,
    });
    expect(await store.countMentions()).toBeGreaterThan(10);

    // The next collection spends the last call on the posts, then stops with the reason.
    await collector.runOnce({ all: true });
    await collector.runOnce({ all: true });
    const waiting = await store.getSource(page.source.id);
    expect(waiting?.health.credential).toMatchObject({ remaining: 0, limit: 6 });
    expect(waiting?.health.paused?.reason).toMatch(
      /every facebook credential has spent its quota of calls/,
    );
    await closeCollectionBed(bed);

    expectNoFileHolds(bed, [...PERSONS, PAGE_TOKEN, USER_TOKEN]);
  });
});
