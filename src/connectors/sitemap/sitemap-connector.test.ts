// Contract tests over a real loopback server: sitemap index -> news sitemaps (one gzipped, one
// failing, one too old) -> article pages, fetched through the real HTTP client.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptySourceHealth, type Source } from '../../model.js';
import type { ClosableHttpClient } from '../../net/http-client.js';
import type { CollectContext } from '../connector.js';
import {
  type LoopbackServer,
  listenOnLoopback,
  loopbackHttpClient,
} from '../test-support/loopback.js';
import { dateInUrl, selectChildSitemaps, sitemapConnector } from './sitemap-connector.js';

const FIXTURES = join(import.meta.dirname, '../article/fixtures');
const HOUR = 3_600_000;
const NOW = Date.now();
const at = (hoursAgo: number) => new Date(NOW - hoursAgo * HOUR).toISOString();

interface Article {
  path: string;
  fixture: string | null;
  title: string;
  hoursAgo: number;
}

const TODAY: Article[] = [
  {
    path: '/bai/xe-buyt.html',
    fixture: 'vnexpress-shape.html',
    title: 'Xe buýt điện chạy thử',
    hoursAgo: 1,
  },
  {
    path: '/bai/sen.html',
    fixture: 'tuoitre-shape.html',
    title: 'Trúng mùa sen Tháp Mười',
    hoursAgo: 3,
  },
  { path: '/bai/bi-xoa.html', fixture: null, title: 'Bài đã gỡ', hoursAgo: 4 },
];
const YESTERDAY: Article[] = [
  {
    path: '/bai/robot.html',
    fixture: 'thanhnien-shape.html',
    title: 'Robot phân loại rác',
    hoursAgo: 20,
  },
  {
    path: '/bai/pho-di-bo.html',
    fixture: 'dantri-shape.html',
    title: 'Phố đi bộ ven sông',
    hoursAgo: 22,
  },
];

function newsSitemap(origin: string, articles: Article[]): string {
  const urls = articles.map(
    (a) => `<url><loc>${origin}${a.path}</loc><news:news>
      <news:publication><news:name>Báo Thử Nghiệm</news:name><news:language>vi</news:language></news:publication>
      <news:publication_date>${at(a.hoursAgo)}</news:publication_date>
      <news:title>${a.title}</news:title><news:keywords>thời sự, ${a.title}</news:keywords>
    </news:news></url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${urls.join('\n')}
</urlset>`;
}

let origin = '';
let hits: string[] = [];
let onRequest: (path: string) => void = () => {};
let server: LoopbackServer;
let http: ClosableHttpClient;

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  hits.push(path);
  onRequest(path);
  const send = (
    status: number,
    type: string,
    body: string | Buffer,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(body);
  };
  if (path === '/sitemap-index.xml') {
    if (req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304, { etag: '"v1"' });
      res.end();
      return;
    }
    const child = (name: string, hoursAgo: number) =>
      `<sitemap><loc>${origin}/${name}</loc><lastmod>${at(hoursAgo)}</lastmod></sitemap>`;
    send(
      200,
      'application/xml',
      `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        ${child('news-old.xml', 24 * 5)}${child('news-today.xml', 0.5)}
        ${child('news-yesterday.xml.gz', 19)}${child('news-broken.xml', 2)}
      </sitemapindex>`,
      { etag: '"v1"' },
    );
  } else if (path === '/news-today.xml') {
    send(200, 'text/xml; charset=utf-8', newsSitemap(origin, TODAY));
  } else if (path === '/news-yesterday.xml.gz') {
    send(200, 'application/x-gzip', gzipSync(newsSitemap(origin, YESTERDAY)));
  } else if (path === '/news-broken.xml') {
    send(500, 'text/plain', 'lỗi máy chủ');
  } else if (path === '/news-old.xml') {
    send(200, 'application/xml', newsSitemap(origin, []));
  } else {
    const article = [...TODAY, ...YESTERDAY].find((a) => a.path === path);
    if (article?.fixture)
      send(200, 'text/html; charset=utf-8', readFileSync(join(FIXTURES, article.fixture)));
    else send(404, 'text/html', '<h1>Không tìm thấy</h1>');
  }
}

function source(
  path: string,
  settings: Record<string, unknown> = {},
  etag: string | null = null,
): Source {
  return {
    id: 1,
    kind: 'sitemap',
    url: `${origin}${path}`,
    title: null,
    enabled: true,
    settings,
    schedule: { intervalSeconds: 600, nextFetchAt: new Date(NOW).toISOString() },
    validators: { etag, lastModified: null },
    cursor: null,
    health: emptySourceHealth(),
    createdAt: new Date(NOW).toISOString(),
  };
}

function context(signal?: AbortSignal): CollectContext {
  return { http, now: () => new Date(NOW), signal };
}

beforeAll(async () => {
  server = await listenOnLoopback(handle);
  origin = server.origin;
  http = loopbackHttpClient();
});

afterAll(async () => {
  await http.close();
  await server.close();
});

beforeEach(() => {
  hits = [];
  onRequest = () => {};
});

describe('sitemapConnector over loopback HTTP', () => {
  it('follows recent children of an index, gunzips, and fills full text from each page', async () => {
    const result = await sitemapConnector.collect(source('/sitemap-index.xml'), context());
    expect(result.notModified).toBe(false);
    expect(result.validators.etag).toBe('"v1"');
    expect(result.title).toBe('Báo Thử Nghiệm');
    // Children: too old one skipped; three most recent followed, the failing one a warning.
    expect(hits).not.toContain('/news-old.xml');
    expect(hits).toEqual(
      expect.arrayContaining(['/news-today.xml', '/news-yesterday.xml.gz', '/news-broken.xml']),
    );
    expect(result.warnings.some((w) => w.includes('news-broken.xml') && w.includes('500'))).toBe(
      true,
    );
    expect(result.warnings.some((w) => w.includes('/bai/bi-xoa.html') && w.includes('404'))).toBe(
      true,
    );

    // Newest first, one mention per URL, the removed page kept with its sitemap title.
    expect(result.mentions.map((m) => m.url)).toEqual(
      [...TODAY, ...YESTERDAY]
        .sort((a, b) => a.hoursAgo - b.hoursAgo)
        .map((a) => `${origin}${a.path}`),
    );
    const bus = result.mentions[0]!;
    expect(bus.title).toBe('Xe buýt điện chạy thử');
    expect(bus.publishedAt).toBe(new Date(NOW - HOUR).toISOString());
    expect(bus.language).toBe('vi');
    expect(bus.text).toContain('Sở Giao thông Vận tải cho biết');
    expect(bus.html).toContain('<p>');
    expect(bus.author).toEqual({ nativeId: 'Võ Hải', name: 'Võ Hải', kind: 'outlet' });
    expect(bus.categories).toEqual(['thời sự', 'Xe buýt điện chạy thử', 'Thời sự']);
    expect(bus.externalId).toBe(`${origin}/bai/xe-buyt.html`);
    const robot = result.mentions.find((m) => m.url?.endsWith('/bai/robot.html'));
    expect(robot?.text).toContain('nhôm định hình');
    expect(robot?.author?.name).toBe('Hà Ánh');
    const removed = result.mentions.find((m) => m.url?.endsWith('/bai/bi-xoa.html'));
    expect(removed?.text).toBe('Bài đã gỡ');
    expect(removed?.author).toBeNull();
  });

  it('answers 304 with notModified and no mentions', async () => {
    const result = await sitemapConnector.collect(
      source('/sitemap-index.xml', {}, '"v1"'),
      context(),
    );
    expect(result.notModified).toBe(true);
    expect(result.mentions).toEqual([]);
    expect(hits).toEqual(['/sitemap-index.xml']);
  });

  it('uses the sitemap titles alone when full text is off', async () => {
    const result = await sitemapConnector.collect(
      source('/news-today.xml', { fullText: false }),
      context(),
    );
    expect(hits).toEqual(['/news-today.xml']);
    expect(result.mentions.map((m) => m.text)).toEqual(TODAY.map((a) => a.title));
    expect(result.mentions.every((m) => m.html === null && m.author === null)).toBe(true);
  });

  it('fetches only the newest pages up to the per-run bound', async () => {
    const result = await sitemapConnector.collect(
      source('/sitemap-index.xml', { maxFullTextPerRun: 2, maxChildSitemaps: 1 }),
      context(),
    );
    expect(hits.filter((p) => p.startsWith('/bai/'))).toEqual([
      '/bai/xe-buyt.html',
      '/bai/sen.html',
    ]);
    expect(hits).not.toContain('/news-yesterday.xml.gz');
    expect(result.mentions).toHaveLength(3);
  });

  it('stops fetching pages when the collection is cancelled', async () => {
    const controller = new AbortController();
    onRequest = (path) => {
      if (path === '/bai/xe-buyt.html') controller.abort();
    };
    const result = await sitemapConnector.collect(
      source('/news-today.xml'),
      context(controller.signal),
    );
    expect(hits.filter((p) => p.startsWith('/bai/'))).toEqual(['/bai/xe-buyt.html']);
    expect(result.warnings.some((w) => w.includes('cancelled'))).toBe(true);
    expect(result.mentions.map((m) => m.text)).toEqual(TODAY.map((a) => a.title));
  });

  it('fails with a clear error when the URL is not a sitemap', async () => {
    await expect(sitemapConnector.collect(source('/bai/sen.html'), context())).rejects.toThrow(
      'not a sitemap: HTML page',
    );
  });

  it('picks recent children, newest first, undated ones last', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const picked = selectChildSitemaps(
      [
        { loc: 'https://x.vn/a', lastmod: '2026-11-20T00:00:00.000Z' },
        { loc: 'https://x.vn/b', lastmod: null },
        { loc: 'https://x.vn/c', lastmod: '2026-11-23T10:00:00.000Z' },
        { loc: 'https://x.vn/d', lastmod: '2026-11-22T10:00:00.000Z' },
      ],
      now,
      { maxChildSitemaps: 3, childMaxAgeHours: 48 },
    );
    expect(picked.map((e) => e.loc)).toEqual([
      'https://x.vn/c',
      'https://x.vn/d',
      'https://x.vn/b',
    ]);
  });

  it('orders undated children by a date in their URL, then news sitemaps first', () => {
    const undated = (loc: string) => ({ loc: `https://x.vn/${loc}`, lastmod: null });
    const picked = selectChildSitemaps(
      [
        undated('sitemap-2026-09.xml'),
        undated('pages.xml'),
        undated('news.xml'),
        undated('sitemap-2026-11.xml'),
        undated('2026/11/22/sitemap.xml'),
        undated('sitemap-2026-10.xml'),
      ],
      new Date('2026-11-23T00:00:00Z'),
      { maxChildSitemaps: 5, childMaxAgeHours: 48 },
    );
    expect(picked.map((e) => e.loc.slice('https://x.vn/'.length))).toEqual([
      '2026/11/22/sitemap.xml',
      'sitemap-2026-11.xml',
      'sitemap-2026-10.xml',
      'sitemap-2026-09.xml',
      'news.xml',
    ]);
    expect(dateInUrl('https://x.vn/sitemap_20261123.xml')).toBe('2026-11-23');
    expect(dateInUrl('https://x.vn/news.xml')).toBeNull();
    expect(dateInUrl('https://x.vn/bai-viet-120261199.htm')).toBeNull();
  });
});
