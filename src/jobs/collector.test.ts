// The collector against a real SQLite file and a real loopback "outlet": teaser feeds get their
// article text once, analysis is stored, failures back off, conditional GET is used.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../connectors/registry.js';
import { createHttpClient } from '../net/http-client.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createMentionAnalyzer } from './analyze-mentions.js';
import { Collector } from './collector.js';
import { createPseudonymiser } from './pseudonymise.js';

const ARTICLE_BODY =
  'Người dân phường Linh Trung cho biết nước ngập sâu nửa mét sau cơn mưa lớn chiều qua. ' +
  'Nhiều xe máy chết máy giữa đường, các cửa hàng phải đóng cửa sớm. ' +
  'Chính quyền địa phương đã cử lực lượng hỗ trợ và hứa sẽ nạo vét cống trong tháng tới. ' +
  'Đây là lần thứ ba trong tháng khu vực này bị ngập nặng, gây nhiều bức xúc cho cư dân.';

function articlePage(n: number): string {
  return `<!doctype html><html lang="vi"><head><title>Ngập nặng bài ${n}</title>
<meta property="og:title" content="Ngập nặng ở Thủ Đức, bài ${n}">
<meta name="author" content="Minh Anh"></head><body><nav>Trang chủ | Thời sự</nav>
<article><h1>Ngập nặng ở Thủ Đức, bài ${n}</h1>${ARTICLE_BODY.split('. ')
    .map((p) => `<p>${p}.</p>`)
    .join('')}<p>Bài số ${n}.</p></article><footer>© Báo thử</footer></body></html>`;
}

function teaserFeed(origin: string, count: number): string {
  const items = Array.from(
    { length: count },
    (
      _,
      n,
    ) => `<item><title>Ngập nặng ở Thủ Đức, bài ${n}</title><link>${origin}/bai/${n}.html</link>
<pubDate>Mon, 23 Nov 2026 0${n % 10}:00:00 +0700</pubDate><description>Nước ngập sâu.</description></item>`,
  ).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Báo thử</title><link>${origin}/</link>${items}</channel></rss>`;
}

describe('Collector', () => {
  let server: Server;
  let origin = '';
  const hits = new Map<string, number>();
  let feedStatus = 200;
  let store: SqliteStore;
  const http = createHttpClient({
    allowPrivateAddresses: true,
    respectRobots: false,
    perHostMinIntervalMs: 0,
    perHostConcurrency: 8,
  });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (path === '/feed.rss') {
        if (feedStatus !== 200) {
          res.writeHead(feedStatus, { 'retry-after': '3600' }).end();
          return;
        }
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304).end();
          return;
        }
        res
          .writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' })
          .end(teaserFeed(origin, 5));
        return;
      }
      if (path === '/redated.rss') {
        // The same teasers, each time with a later update date.
        const stamp = `2026-11-2${Math.min(9, hits.get(path) ?? 1)}T01:00:00Z`;
        res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(
            teaserFeed(origin, 3).replaceAll(
              '</pubDate>',
              `</pubDate><atom:updated xmlns:atom="http://www.w3.org/2005/Atom">${stamp}</atom:updated>`,
            ),
          );
        return;
      }
      const article = /^\/bai\/(\d+)\.html$/.exec(path);
      if (article) {
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(articlePage(Number(article[1])));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await store?.close();
  });

  afterAll(async () => {
    await http.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function collectorFor(now: Date) {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nghe-collector-')), 'nghe.sqlite'));
    return new Collector({
      store,
      http,
      connectors,
      pseudonymise: createPseudonymiser(Buffer.alloc(32, 7)),
      concurrency: 4,
      analyze: createMentionAnalyzer(),
      now: () => now,
      random: () => 0.5,
    });
  }

  it('completes teaser items with the article text once, analyses them, then uses conditional GET', async () => {
    hits.clear();
    feedStatus = 200;
    const now = new Date(Date.now() + 60_000);
    const collector = collectorFor(now);
    // A newspaper's feed: its bylines are named.
    const { source } = await store.addSource({
      kind: 'feed',
      url: `${origin}/feed.rss`,
      settings: { publisher: 'outlet' },
    });

    const first = await collector.runOnce();
    expect(first).toMatchObject({ sources: 1, succeeded: 1, failed: 0, newMentions: 5 });
    expect(hits.get('/bai/3.html')).toBe(1);

    const page = await store.search({ query: 'nao vet cong', limit: 10 });
    expect(page.hits).toHaveLength(5);
    const mention = page.hits[0]!.mention;
    expect(mention.text).toContain('nạo vét cống');
    expect(mention.author?.displayName).toBe('Minh Anh');
    expect(mention.analysis?.lang).toBe('vi');
    expect(mention.analysis?.sentiment).not.toBeUndefined();
    expect(mention.analysis?.keywords.length).toBeGreaterThan(0);

    const after = await store.getSource(source.id);
    expect(after?.health).toMatchObject({
      consecutiveFailures: 0,
      lastItemCount: 5,
      lastNewCount: 5,
    });
    expect(after?.validators.etag).toBe('"v1"');
    expect(after?.title).toBe('Báo thử');
    expect(Date.parse(after!.schedule.nextFetchAt)).toBeGreaterThan(now.getTime());

    // Second run: the server answers 304 and no article page is fetched again.
    const second = await collector.runOnce({ all: true });
    expect(second).toMatchObject({ succeeded: 1, newMentions: 0 });
    expect(hits.get('/bai/3.html')).toBe(1);
    expect(await store.countMentions()).toBe(5);
  });

  it('keeps the fetched article text when the feed re-dates a stored teaser', async () => {
    hits.clear();
    const collector = collectorFor(new Date(Date.now() + 60_000));
    await store.addSource({ kind: 'feed', url: `${origin}/redated.rss` });
    await collector.runOnce();
    await collector.runOnce({ all: true });
    expect(hits.get('/redated.rss')).toBe(2);
    expect(hits.get('/bai/1.html')).toBe(1);
    const page = await store.search({ query: 'nao vet cong', limit: 10 });
    expect(page.hits).toHaveLength(3);
  });

  it('records failures and backs off, honouring Retry-After', async () => {
    feedStatus = 503;
    const now = new Date(Date.now() + 60_000);
    const collector = collectorFor(now);
    const { source } = await store.addSource({ kind: 'feed', url: `${origin}/feed.rss` });
    const summary = await collector.runOnce();
    expect(summary).toMatchObject({ failed: 1, succeeded: 0 });
    const failed = await store.getSource(source.id);
    expect(failed?.health.consecutiveFailures).toBe(1);
    expect(failed?.health.lastError).toMatch(/503/);
    // Retry-After: 3600 beats the first backoff step of 5 minutes.
    expect(Date.parse(failed!.schedule.nextFetchAt) - now.getTime()).toBe(3600 * 1000);
    // Not due again yet: a second run does nothing.
    expect((await collector.runOnce()).sources).toBe(0);
    feedStatus = 200;
  });
});
