import type { IncomingMessage, ServerResponse } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidCredentialError, QuarantinedResponseError, QuotaPause } from '../collect-errors.js';
import { fakeCredentials } from '../test-support/fake-credentials.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { loopbackHttpClient } from '../test-support/loopback.js';
import { useLoopback } from '../test-support/loopback-hooks.js';
import { rejection } from '../test-support/rejection.js';
import { testSource } from '../test-support/source.js';
import { xConnector } from './connector.js';

const fixture = fixtureReader(import.meta.dirname);
const TOKEN = { bearerToken: 'AAAA-app-bearer' };
const NOW = new Date('2026-10-28T15:00:00Z');

interface Reply {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

let route: (url: URL) => Reply;
let seen: { url: URL; headers: IncomingMessage['headers'] }[];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.push({ url, headers: req.headers });
  const reply =
    req.headers.authorization !== `Bearer ${TOKEN.bearerToken}`
      ? { status: 401, body: fixture('error-unauthorized.json') }
      : url.pathname === '/2/tweets/search/recent'
        ? route(url)
        : { status: 404, body: '{"title":"Not Found Error","detail":"no such route"}' };
  res
    .writeHead(reply.status ?? 200, {
      'content-type': 'application/json; charset=utf-8',
      'x-rate-limit-limit': '450',
      'x-rate-limit-remaining': '449',
      'x-rate-limit-reset': String(Math.floor(NOW.getTime() / 1000) + 900),
      ...reply.headers,
    })
    .end(reply.body);
}

/** A post by a person, quoting another when `quoting` is given. */
function post(id: bigint, quoting?: bigint) {
  return {
    id: String(id),
    text: `Đường Kha Vạn Cân ngập ${id}`,
    edit_history_tweet_ids: [String(id)],
    author_id: '1598765432109876543',
    created_at: '2026-10-28T02:00:00.000Z',
    conversation_id: String(id),
    lang: 'vi',
    ...(quoting ? { referenced_tweets: [{ type: 'quoted', id: String(quoting) }] } : {}),
  };
}

/** A page of `size` posts, each quoting another post when `quotes`, with a next page always. */
function fullPage(size: number, first: bigint, quotes: boolean): string {
  const posts = Array.from({ length: size }, (_, i) => first - BigInt(i));
  return JSON.stringify({
    data: posts.map((id) => post(id, quotes ? id - 1_000_000n : undefined)),
    includes: {
      users: [{ id: '1598765432109876543', name: 'Thảo Vy', username: 'thaovy_sg' }],
      ...(quotes ? { tweets: posts.map((id) => post(id - 1_000_000n)) } : {}),
    },
    meta: {
      newest_id: String(posts[0]),
      oldest_id: String(posts.at(-1)),
      result_count: size,
      next_token: `page-after-${posts.at(-1)}`,
    },
  });
}

const searchSource = (cursor: string | null = null) =>
  testSource(
    'x',
    'https://x.com/search?q=ng%E1%BA%ADp&f=live',
    { follow: 'search', query: 'ngập lang:vi' },
    cursor,
  );

function context(credentials = fakeCredentials(TOKEN)) {
  return {
    http: loopback.http,
    now: () => NOW,
    endpoints: { apiBaseUrl: `${loopback.server.origin}/2` },
    credentials,
  };
}

const searches = () => seen.filter((s) => s.url.pathname === '/2/tweets/search/recent');

const loopback = useLoopback(handle);

beforeEach(() => {
  seen = [];
  route = () => ({ body: fixture('search-empty.json') });
});

describe('x connector: recent search', () => {
  it('reads a page with authors and referenced posts, counts its reads and keeps no handle', async () => {
    route = (url) =>
      url.searchParams.has('next_token')
        ? { body: fixture('search-empty.json') }
        : { body: fixture('recent-search.json') };
    const credentials = fakeCredentials(TOKEN);
    const result = await xConnector.collect(searchSource(), context(credentials));

    const [first] = searches();
    expect(first?.headers.authorization).toBe('Bearer AAAA-app-bearer');
    expect(first?.url.searchParams.get('query')).toBe('ngập lang:vi');
    expect(first?.url.searchParams.get('max_results')).toBe('100');
    expect(first?.url.searchParams.get('expansions')).toBe(
      'author_id,referenced_tweets.id,referenced_tweets.id.author_id',
    );
    expect(first?.url.searchParams.has('since_id')).toBe(false);
    // The page's 5 posts and the 3 it references are billed reads.
    expect(credentials.spent).toEqual({ reads: 8 });
    const reply = result.mentions.find((m) => m.externalId === '2115263580730296274');
    expect(reply).toMatchObject({
      parentExternalId: '2115254722360247273',
      threadRootExternalId: '2115254722360247273',
    });
    expect(result.mentions.length).toBeGreaterThanOrEqual(5);
    expect(credentials.rateLimits.at(-1)).toMatchObject({ remaining: 449, limit: 450 });
    expect(JSON.parse(result.cursor ?? '')).toEqual({
      since: '2115303040742333279',
      next: null,
      pending: null,
    });
    const stored = JSON.stringify(result.mentions);
    for (const handle of ['thaovy_sg', 'quanghuy_hcm', 'ngochan1995']) {
      expect(stored).not.toContain(handle);
    }
  });

  it('pages with next_token, keeps an unfinished read for later, then polls with since_id', async () => {
    let served = 0;
    route = () => {
      served++;
      return { body: fullPage(100, 2115400000000000000n - BigInt(served) * 1000n, false) };
    };
    const first = await xConnector.collect(searchSource(), context());
    expect(searches()).toHaveLength(5);
    expect(searches()[1]?.url.searchParams.get('next_token')).toBe(
      `page-after-${2115400000000000000n - 1000n - 99n}`,
    );
    const cursor = JSON.parse(first.cursor ?? '');
    expect(cursor).toMatchObject({ since: null, pending: String(2115400000000000000n - 1000n) });
    expect(cursor.next).toMatch(/^page-after-/);

    // The backlog ends on the next collection; its newest post becomes since_id.
    seen = [];
    route = () => ({ body: fixture('search-empty.json') });
    const second = await xConnector.collect(searchSource(first.cursor ?? null), context());
    expect(searches()[0]?.url.searchParams.get('next_token')).toBe(cursor.next);
    expect(JSON.parse(second.cursor ?? '')).toEqual({
      since: String(2115400000000000000n - 1000n),
      next: null,
      pending: null,
    });
    seen = [];
    await xConnector.collect(searchSource(second.cursor ?? null), context());
    expect(searches()[0]?.url.searchParams.get('since_id')).toBe(
      String(2115400000000000000n - 1000n),
    );
  });

  it('follows the conversation under a post and reads from the top when since_id is too old', async () => {
    route = (url) =>
      url.searchParams.has('since_id')
        ? {
            status: 400,
            body: JSON.stringify({
              errors: [
                {
                  parameters: { since_id: ['2015254722360247273'] },
                  message:
                    "Invalid 'since_id':'2015254722360247273'. 'since_id' must be a tweet id created after 2026-10-21T15:00Z.",
                },
              ],
              title: 'Invalid Request',
              detail: 'One or more parameters to your request was invalid.',
              type: 'https://api.twitter.com/2/problems/invalid-request',
            }),
          }
        : { body: fixture('search-empty.json') };
    const source = testSource(
      'x',
      'https://x.com/i/web/status/2115254722360247273',
      { follow: 'conversation', postId: '2115254722360247273' },
      JSON.stringify({ since: '2015254722360247273', next: null, pending: null }),
    );
    const result = await xConnector.collect(source, context());
    expect(searches().map((s) => s.url.searchParams.get('query'))).toEqual([
      'conversation_id:2115254722360247273',
      'conversation_id:2115254722360247273',
    ]);
    expect(result.warnings[0]).toMatch(/since_id .* older than recent search reaches/);
  });

  it('searches for a topic’s query in X syntax, and refuses one X would match differently', async () => {
    const topic = (topicQuery: string) =>
      testSource('x', 'https://x.com/search?q=topic', { follow: 'topic', topicQuery });
    await xConnector.collect(topic('(ngập OR "triều cường") AND "thủ đức"'), context());
    expect(searches()[0]?.url.searchParams.get('query')).toBe('(ngập OR "triều cường") "thủ đức"');

    seen = [];
    const refused = await rejection(xConnector.collect(topic('ngập*'), context()));
    expect(refused.message).toBe(
      'X cannot follow the topic query "ngập*": X has no prefix search (ngập*)',
    );
    expect(searches()).toHaveLength(0);
  });

  it('keeps posts a page references that are gone as deleted, and sets aside a shape never seen', async () => {
    route = () => ({
      body: JSON.stringify({
        data: [
          {
            ...post(2115500000000000000n),
            referenced_tweets: [{ type: 'replied_to', id: '2115322670085055281' }],
          },
        ],
        errors: JSON.parse(fixture('lookup-deleted.json')).errors,
        meta: { newest_id: '2115500000000000000', result_count: 1 },
      }),
    });
    const result = await xConnector.collect(searchSource(), context());
    expect(result.mentions.find((m) => m.externalId === '2115322670085055281')).toMatchObject({
      deleted: true,
      text: '',
    });

    route = () => ({ body: JSON.stringify({ statuses: [], search_metadata: {} }) });
    const odd = await rejection(xConnector.collect(searchSource(), context()));
    expect(odd).toBeInstanceOf(QuarantinedResponseError);
    expect((odd as QuarantinedResponseError).body).toContain('"statuses"');
  });
});

describe('x connector: read budget', () => {
  it('stops exactly at a small budget and says why, asking for nothing past it', async () => {
    let served = 0;
    route = (url) => {
      served++;
      const size = Number(url.searchParams.get('max_results'));
      return { body: fullPage(size, 2115600000000000000n - BigInt(served) * 1000n, false) };
    };
    const credentials = fakeCredentials(TOKEN, { reads: 30 });
    const result = await xConnector.collect(searchSource(), context(credentials));
    expect(searches().map((s) => s.url.searchParams.get('max_results'))).toEqual([
      '10',
      '10',
      '10',
    ]);
    expect(credentials.spent).toEqual({ reads: 30 });
    expect(result.mentions).toHaveLength(30);
    expect(result.warnings[0]).toMatch(/read budget reached: stopped with 0 reads left/);
    // What was read is kept, and the next collection continues from it.
    expect(JSON.parse(result.cursor ?? '').next).toMatch(/^page-after-/);

    seen = [];
    const spent = await rejection(
      xConnector.collect(searchSource(result.cursor ?? null), context(credentials)),
    );
    expect(spent).toBeInstanceOf(QuotaPause);
    expect(spent.message).toMatch(/X monthly read budget of credential #1 "test" is spent/);
    expect((spent as QuotaPause).until.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(searches()).toHaveLength(0);
  });

  it('sizes pages for the referenced posts they may bring, and drops them for the last reads', async () => {
    let served = 0;
    route = (url) => {
      served++;
      const size = Number(url.searchParams.get('max_results'));
      const quotes = url.searchParams.get('expansions')?.includes('referenced_tweets') ?? false;
      return { body: fullPage(size, 2115700000000000000n - BigInt(served) * 1000n, quotes) };
    };
    const credentials = fakeCredentials(TOKEN, { reads: 100 });
    await xConnector.collect(searchSource(), context(credentials));
    const asked = searches().map((s) => [
      s.url.searchParams.get('max_results'),
      s.url.searchParams.get('expansions'),
    ]);
    // 100 left: 33 posts that may each bring 2 more; 34 left: 11; 12 left: 10 without references.
    expect(asked).toEqual([
      ['33', 'author_id,referenced_tweets.id,referenced_tweets.id.author_id'],
      ['11', 'author_id,referenced_tweets.id,referenced_tweets.id.author_id'],
      ['10', 'author_id'],
    ]);
    expect(credentials.spent.reads).toBe(98);
  });
});

describe('x connector: errors', () => {
  it('marks a refused token invalid without showing it', async () => {
    const credentials = fakeCredentials({ bearerToken: 'revoked' });
    const error = await rejection(xConnector.collect(searchSource(), context(credentials)));
    expect(error).toBeInstanceOf(InvalidCredentialError);
    expect(error.message).toContain('HTTP 401 Unauthorized');
    expect(error.message).not.toContain('revoked');
    expect(credentials.invalid).toMatch(/401/);
  });

  it('pauses until the window resets on a 429, and until the next month at the usage cap', async () => {
    route = () => ({
      status: 429,
      body: fixture('error-rate-limit.json'),
      headers: { 'x-rate-limit-remaining': '0' },
    });
    const limited = await rejection(xConnector.collect(searchSource(), context()));
    expect(limited).toBeInstanceOf(QuotaPause);
    expect(limited.message).toMatch(/X rate limit reached .*Rate limit exceeded/);

    await loopback.http.close();
    loopback.http = loopbackHttpClient();
    route = () => ({ status: 429, body: fixture('error-usage-capped.json') });
    const credentials = fakeCredentials(TOKEN);
    const capped = await rejection(xConnector.collect(searchSource(), context(credentials)));
    expect(capped).toBeInstanceOf(QuotaPause);
    expect((capped as QuotaPause).until.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(credentials.exhausted?.reason).toMatch(/Usage cap exceeded: Monthly product cap/);
  });

  it('says why X refused a query', async () => {
    route = () => ({ status: 400, body: fixture('error-invalid-request.json') });
    const error = await rejection(xConnector.collect(searchSource(), context()));
    expect(error.message).toBe(
      'X answered HTTP 400: Invalid Request: One or more parameters to your request was invalid. — The `max_results` query parameter value [500] is not between 10 and 100',
    );
  });
});
