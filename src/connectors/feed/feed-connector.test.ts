// The feed connector against a real HTTP server on 127.0.0.1, through the project's HTTP client.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptySourceHealth, type Source } from '../../model.js';
import type { CollectContext } from '../connector.js';
import {
  type LoopbackServer,
  listenOnLoopback,
  loopbackHttpClient,
} from '../test-support/loopback.js';
import { feedConnector, toMention } from './feed-connector.js';
import { NotAFeedError } from './parse-feed.js';

const RSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
  <title>Báo Mẫu</title><link>/</link>
  <item>
    <title>Giá xăng giảm</title><link>/kinh-te/gia-xang-giam-1.html</link><guid>bm-1</guid>
    <pubDate>Mon, 21 Nov 2022 10:05:00 +0700</pubDate><dc:creator>Nguyễn Văn A</dc:creator>
    <category>Kinh tế</category>
    <description><![CDATA[<p>Giá xăng <b>giảm</b> mạnh.</p><p>Từ 15h chiều nay.</p>]]></description>
  </item>
  <item><title>Không tác giả</title><description>Chỉ có tóm tắt</description></item>
</channel></rss>`;

const ETAG = '"v1"';
let server: LoopbackServer;
let origin: string;
let conditionalRequests = 0;

function handle(request: IncomingMessage, response: ServerResponse): void {
  const path = request.url ?? '/';
  if (path === '/feed.xml') {
    if (request.headers['if-none-match'] === ETAG) {
      conditionalRequests++;
      response.writeHead(304, { etag: ETAG }).end();
      return;
    }
    response
      .writeHead(200, {
        'content-type': 'application/rss+xml; charset=utf-8',
        etag: ETAG,
        'last-modified': 'Mon, 21 Nov 2022 03:10:00 GMT',
      })
      .end(RSS);
  } else if (path === '/moved') {
    response.writeHead(301, { location: '/news/feed.xml' }).end();
  } else if (path === '/news/feed.xml') {
    response.writeHead(200, { 'content-type': 'text/xml' }).end(RSS);
  } else if (path === '/cp1251.xml') {
    // The header's charset wins over a prolog that says nothing.
    const body = Buffer.concat([
      Buffer.from('<rss version="2.0"><channel><title>'),
      Buffer.from([0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8]), // "Новости"
      Buffer.from('</title></channel></rss>'),
    ]);
    response.writeHead(200, { 'content-type': 'application/xml; charset=windows-1251' }).end(body);
  } else if (path === '/broken.xml') {
    response
      .writeHead(200, { 'content-type': 'application/xml' })
      .end('<rss version="2.0"><channel><title>A & B</title><item><title>x</title></item>');
  } else if (path === '/page.html') {
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!DOCTYPE html><html><body>Hello</body></html>');
  } else {
    response.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = await listenOnLoopback(handle);
  origin = server.origin;
});

afterAll(async () => {
  await server.close();
});

function makeSource(
  path: string,
  validators = { etag: null, lastModified: null } as Source['validators'],
  settings: Record<string, unknown> = {},
): Source {
  return {
    id: 1,
    kind: 'feed',
    url: `${origin}${path}`,
    title: 'Saved title',
    enabled: true,
    settings,
    schedule: { intervalSeconds: 900, nextFetchAt: '2022-11-21T00:00:00.000Z' },
    validators,
    cursor: null,
    health: emptySourceHealth(),
    createdAt: '2022-11-21T00:00:00.000Z',
  };
}

function makeContext(): CollectContext & { close(): Promise<void> } {
  const http = loopbackHttpClient({ timeoutMs: 5_000 });
  return { http, now: () => new Date('2022-11-21T04:00:00Z'), close: () => http.close() };
}

describe('feedConnector', () => {
  it('collects mentions from a feed and remembers its validators', async () => {
    const context = makeContext();
    try {
      const outlet = makeSource('/feed.xml', undefined, { publisher: 'outlet' });
      const result = await feedConnector.collect(outlet, context);
      expect(result.title).toBe('Báo Mẫu');
      expect(result.notModified).toBe(false);
      expect(result.validators).toEqual({
        etag: ETAG,
        lastModified: 'Mon, 21 Nov 2022 03:10:00 GMT',
      });
      expect(result.warnings).toEqual([]);
      expect(result.mentions).toHaveLength(2);
      const [first, second] = result.mentions;
      expect(first).toMatchObject({
        platform: 'web',
        url: `${origin}/kinh-te/gia-xang-giam-1.html`,
        externalId: 'bm-1',
        author: { nativeId: 'Nguyễn Văn A', name: 'Nguyễn Văn A', kind: 'outlet' },
        publishedAt: '2022-11-21T03:05:00.000Z',
        updatedAt: null,
        title: 'Giá xăng giảm',
        text: 'Giá xăng giảm mạnh.\n\nTừ 15h chiều nay.',
        html: '<p>Giá xăng <b>giảm</b> mạnh.</p><p>Từ 15h chiều nay.</p>',
        categories: ['Kinh tế'],
        engagement: {},
        parentExternalId: null,
      });
      expect(first!.raw).toMatchObject({ id: 'bm-1', title: 'Giá xăng giảm' });
      expect(second).toMatchObject({ externalId: null, author: null, text: 'Chỉ có tóm tắt' });
    } finally {
      await context.close();
    }
  });

  it('takes the authors of a feed that is not an outlet’s or a page’s own for persons', async () => {
    const context = makeContext();
    try {
      const result = await feedConnector.collect(makeSource('/feed.xml'), context);
      const first = result.mentions[0]!;
      expect(first.author).toEqual({ nativeId: 'Nguyễn Văn A', name: null, kind: 'person' });
      expect(JSON.stringify(first.raw)).not.toContain('Nguyễn Văn A');
      expect(first.raw).toMatchObject({ id: 'bm-1', title: 'Giá xăng giảm' });
    } finally {
      await context.close();
    }
  });

  it('sends the validators back and reports 304 as not modified', async () => {
    const context = makeContext();
    try {
      const before = conditionalRequests;
      const source = makeSource('/feed.xml', { etag: ETAG, lastModified: null });
      const result = await feedConnector.collect(source, context);
      expect(conditionalRequests).toBe(before + 1);
      expect(result).toEqual({
        title: 'Saved title',
        notModified: true,
        validators: { etag: ETAG, lastModified: null },
        mentions: [],
        warnings: [],
      });
    } finally {
      await context.close();
    }
  });

  it('resolves relative links against the URL reached after redirects', async () => {
    const context = makeContext();
    try {
      const result = await feedConnector.collect(makeSource('/moved'), context);
      expect(result.mentions[0]!.url).toBe(`${origin}/kinh-te/gia-xang-giam-1.html`);
    } finally {
      await context.close();
    }
  });

  it('decodes with the charset of the Content-Type header', async () => {
    const context = makeContext();
    try {
      expect((await feedConnector.collect(makeSource('/cp1251.xml'), context)).title).toBe(
        'Новости',
      );
    } finally {
      await context.close();
    }
  });

  it('passes parse warnings on for ill-formed feeds', async () => {
    const context = makeContext();
    try {
      const result = await feedConnector.collect(makeSource('/broken.xml'), context);
      expect(result.title).toBe('A & B');
      expect(result.mentions).toHaveLength(1);
      expect(result.warnings.length).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  it('rejects an HTML page with NotAFeedError', async () => {
    const context = makeContext();
    try {
      await expect(feedConnector.collect(makeSource('/page.html'), context)).rejects.toThrow(
        NotAFeedError,
      );
    } finally {
      await context.close();
    }
  });
});

describe('toMention', () => {
  it('falls back to the updated date and to the summary when there is no content', () => {
    const mention = toMention(
      {
        id: null,
        title: null,
        link: null,
        published: null,
        updated: '2022-11-21T00:00:00.000Z',
        author: null,
        summary: 'Tóm tắt',
        content: null,
        categories: [],
        enclosures: [],
      },
      'vi',
    );
    expect(mention).toMatchObject({
      publishedAt: '2022-11-21T00:00:00.000Z',
      updatedAt: '2022-11-21T00:00:00.000Z',
      text: 'Tóm tắt',
      html: null,
      language: 'vi',
    });
  });
});
