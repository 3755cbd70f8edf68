import type { IncomingMessage, ServerResponse } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidCredentialError, QuarantinedResponseError, QuotaPause } from '../collect-errors.js';
import { fakeCredentials } from '../test-support/fake-credentials.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { useLoopback } from '../test-support/loopback-hooks.js';
import { rejection } from '../test-support/rejection.js';
import { testSource } from '../test-support/source.js';
import { tiktokConnector } from './connector.js';

const fixture = fixtureReader(import.meta.dirname);
const NOW = new Date('2026-11-30T15:00:00Z');
let clientKey = 0;
/** Tokens are kept per client for the life of the process: each test has its own client. */
const client = () => ({ clientKey: `awkey${++clientKey}`, clientSecret: 'research-secret' });

interface Reply {
  status?: number;
  body: string;
}

interface Seen {
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

let tokenReplies: Reply[];
let issued: string | null;
let routes: Map<string, (body: Record<string, unknown>) => Reply>;
let seen: Seen[];
let tokenCount = 0;

function handle(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (chunk: Buffer) => {
    body += chunk.toString('utf8');
  });
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ url, headers: req.headers, body });
    let reply: Reply;
    if (url.pathname === '/v2/oauth/token/') {
      issued = `clt.token-${++tokenCount}`;
      reply = tokenReplies.shift() ?? {
        body: JSON.stringify({ access_token: issued, expires_in: 7200, token_type: 'Bearer' }),
      };
    } else if (req.headers.authorization !== `Bearer ${issued}`) {
      reply = { status: 401, body: fixture('error-invalid-token.json') };
    } else {
      const route = routes.get(url.pathname);
      reply = route
        ? route(JSON.parse(body) as Record<string, unknown>)
        : { status: 404, body: '{"error":{"code":"not_found","message":"no such path"}}' };
    }
    res
      .writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=utf-8' })
      .end(reply.body);
  });
}

/** A query page of `size` videos; `more` says whether another page follows. */
function videoPage(size: number, first: number, more: boolean): string {
  const videos = Array.from(
    { length: size },
    (_, i) =>
      `{"id":${7443000000000000000n + BigInt(first + i)},"video_description":"ngập #${first + i}","create_time":1732960800,"username":"creator.${first + i}","like_count":1}`,
  );
  return `{"data":{"videos":[${videos.join(',')}],"cursor":${first + size},"search_id":"7443099887766554433","has_more":${more}},"error":{"code":"ok","message":"","log_id":"x"}}`;
}

const hashtagSource = (cursor: string | null = null) =>
  testSource(
    'tiktok',
    'https://www.tiktok.com/tag/ngap',
    { follow: 'query', hashtag: 'ngap' },
    cursor,
  );

function context(credentials = fakeCredentials(client()), now = NOW) {
  return {
    http: loopback.http,
    now: () => now,
    endpoints: {
      apiBaseUrl: `${loopback.server.origin}/v2`,
      tokenUrl: `${loopback.server.origin}/v2/oauth/token/`,
    },
    credentials,
  };
}

const calls = (pathname: string) =>
  seen
    .filter((s) => s.url.pathname === pathname)
    .map((s) => JSON.parse(s.body) as Record<string, unknown>);
const QUERY = '/v2/research/video/query/';
const COMMENTS = '/v2/research/video/comment/list/';

const loopback = useLoopback(handle);

beforeEach(() => {
  tokenReplies = [];
  issued = null;
  routes = new Map();
  seen = [];
});

describe('tiktok connector: video query', () => {
  it('gets a client token, pages a query with search_id and cursor, and keeps no handle', async () => {
    routes.set(QUERY, (body) =>
      body.search_id
        ? { body: fixture('empty-query.json') }
        : { body: fixture('video-query.json') },
    );
    const secrets = client();
    const credentials = fakeCredentials(secrets);
    const result = await tiktokConnector.collect(hashtagSource(), context(credentials));

    const token = seen.find((s) => s.url.pathname === '/v2/oauth/token/');
    expect(new URLSearchParams(token?.body)).toEqual(
      new URLSearchParams({
        client_key: secrets.clientKey,
        client_secret: 'research-secret',
        grant_type: 'client_credentials',
      }),
    );
    const [first, second] = calls(QUERY);
    expect(first).toEqual({
      query: { and: [{ operation: 'EQ', field_name: 'hashtag_name', field_values: ['ngap'] }] },
      start_date: '20261123',
      end_date: '20261130',
      max_count: 100,
    });
    expect(second).toMatchObject({ search_id: '7443012345678901234', cursor: 2 });
    const query = seen.find((s) => s.url.pathname === QUERY);
    expect(query?.url.searchParams.get('fields')).toContain('video_description');
    expect(query?.headers['content-type']).toBe('application/json');
    expect(result.mentions.map((m) => m.externalId)).toContain('7442918273645120789');
    expect(credentials.spent).toEqual({ requests: 2, records: result.mentions.length });
    // Read to today: the next window starts two days back, for videos that appear late.
    expect(JSON.parse(result.cursor ?? '')).toEqual({ from: '20261128', open: null });
    const stored = JSON.stringify(result.mentions);
    expect(stored).not.toContain('be.na_saigon');
    expect(stored).not.toContain('tuan.anh.xe_om');
  });

  it('walks a long gap in windows of at most 30 days', async () => {
    routes.set(QUERY, () => ({ body: fixture('empty-query.json') }));
    await tiktokConnector.collect(
      hashtagSource(JSON.stringify({ from: '20260901', open: null })),
      context(),
    );
    const windows = calls(QUERY).map((b) => [b.start_date, b.end_date]);
    expect(windows).toEqual([
      ['20260901', '20260930'],
      ['20261001', '20261030'],
      ['20261031', '20261129'],
      ['20261130', '20261130'],
    ]);
  });

  it('renews the 2-hour token before it expires, and at once when TikTok stops taking it', async () => {
    routes.set(QUERY, () => ({ body: fixture('empty-query.json') }));
    const credentials = fakeCredentials(client());
    await tiktokConnector.collect(hashtagSource(), context(credentials));
    await tiktokConnector.collect(
      hashtagSource(),
      context(credentials, new Date(NOW.getTime() + 60 * 60_000)),
    );
    const tokenCalls = () => seen.filter((s) => s.url.pathname === '/v2/oauth/token/').length;
    expect(tokenCalls()).toBe(1);
    await tiktokConnector.collect(
      hashtagSource(),
      context(credentials, new Date(NOW.getTime() + 116 * 60_000)),
    );
    expect(tokenCalls()).toBe(2);

    issued = 'clt.revoked-by-tiktok';
    const result = await tiktokConnector.collect(hashtagSource(), context(credentials));
    expect(tokenCalls()).toBe(3);
    expect(result.mentions).toEqual([]);
  });
});

describe('tiktok connector: comments', () => {
  it('pages a video’s comments by cursor and keeps no commenter’s name', async () => {
    routes.set(COMMENTS, (body) =>
      body.cursor === 0
        ? {
            body: fixture('video-comments.json').replace('"has_more": false', '"has_more": true'),
          }
        : { body: fixture('comment-replies.json') },
    );
    const source = testSource('tiktok', 'https://www.tiktok.com/player/v1/7442918273645120789', {
      follow: 'video',
      videoId: '7442918273645120789',
    });
    const result = await tiktokConnector.collect(source, context());
    expect(calls(COMMENTS)).toEqual([
      { video_id: '7442918273645120789', max_count: 100, cursor: 0 },
      { video_id: '7442918273645120789', max_count: 100, cursor: 3 },
    ]);
    expect(result.mentions.find((m) => m.externalId === '7442927788990011002')).toMatchObject({
      parentExternalId: '7442925566778899001',
      threadRootExternalId: '7442918273645120789',
    });
    expect(JSON.stringify(result.mentions)).not.toContain('Hồ Thị Mai');
    expect(JSON.parse(result.cursor ?? '')).toEqual({ cursor: 0 });
  });
});

describe('tiktok connector: daily allowance', () => {
  it('sizes the last request to the records left and stops exactly at the limit', async () => {
    let served = 0;
    routes.set(QUERY, (body) => {
      const size = Number(body.max_count);
      const page = videoPage(size, served, true);
      served += size;
      return { body: page };
    });
    const credentials = fakeCredentials(client(), { records: 150 });
    const result = await tiktokConnector.collect(hashtagSource(), context(credentials));
    expect(calls(QUERY).map((b) => b.max_count)).toEqual([100, 50]);
    expect(credentials.spent.records).toBe(150);
    expect(result.mentions).toHaveLength(150);
    expect(result.warnings[0]).toMatch(/daily limit reached: its records for the day are spent/);
    // The rest of the search continues where it stopped.
    expect(JSON.parse(result.cursor ?? '').open).toMatchObject({ cursor: 150 });

    seen = [];
    const spent = await rejection(
      tiktokConnector.collect(hashtagSource(result.cursor ?? null), context(credentials)),
    );
    expect(spent).toBeInstanceOf(QuotaPause);
    expect(spent.message).toMatch(/records for the day are spent; collection resumes at/);
    expect((spent as QuotaPause).until.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(calls(QUERY)).toHaveLength(0);
  });

  it('stops at the day’s requests', async () => {
    let served = 0;
    routes.set(QUERY, () => {
      served += 100;
      return { body: videoPage(100, served, true) };
    });
    const credentials = fakeCredentials(client(), { requests: 3 });
    const result = await tiktokConnector.collect(hashtagSource(), context(credentials));
    expect(calls(QUERY)).toHaveLength(3);
    expect(credentials.spent).toEqual({ requests: 3, records: 300 });
    expect(result.warnings[0]).toMatch(/its requests for the day are spent/);
  });
});

describe('tiktok connector: errors', () => {
  it('pauses until 00:00 UTC when TikTok says the day’s quota is spent', async () => {
    routes.set(QUERY, () => ({ status: 429, body: fixture('error-rate-limit.json') }));
    const credentials = fakeCredentials(client());
    const error = await rejection(tiktokConnector.collect(hashtagSource(), context(credentials)));
    expect(error).toBeInstanceOf(QuotaPause);
    expect((error as QuotaPause).until.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(credentials.exhausted?.reason).toMatch(/^rate_limit_exceeded: API rate limit/);
  });

  it('marks refused clients and projects not approved, without showing the secret', async () => {
    tokenReplies = [
      {
        status: 401,
        body: '{"error":"invalid_client","error_description":"Client key or secret is incorrect.","log_id":"y"}',
      },
    ];
    const refused = fakeCredentials(client());
    const error = await rejection(tiktokConnector.collect(hashtagSource(), context(refused)));
    expect(error).toBeInstanceOf(InvalidCredentialError);
    expect(refused.invalid).toBe(
      'token request answered HTTP 401 invalid_client: Client key or secret is incorrect.',
    );
    expect(error.message).not.toContain('research-secret');

    routes.set(QUERY, () => ({
      status: 403,
      body: '{"error":{"code":"scope_not_authorized","message":"The client is not authorized for research.query","log_id":"z"}}',
    }));
    const unapproved = fakeCredentials(client());
    expect(
      await rejection(tiktokConnector.collect(hashtagSource(), context(unapproved))),
    ).toBeInstanceOf(InvalidCredentialError);
    expect(unapproved.invalid).toMatch(/^not approved for the Research API \(scope_not_authorized/);
  });

  it('sets aside an answer of a shape never seen', async () => {
    routes.set(QUERY, () => ({
      body: '{"data":{"items":[{"id":1}],"next":"abc"},"error":{"code":"ok","message":""}}',
    }));
    const odd = await rejection(tiktokConnector.collect(hashtagSource(), context()));
    expect(odd).toBeInstanceOf(QuarantinedResponseError);
    expect((odd as QuarantinedResponseError).body).toContain('"items"');
  });
});
