import type { IncomingMessage, ServerResponse } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidCredentialError, QuarantinedResponseError, QuotaPause } from '../collect-errors.js';
import { fakeCredentials } from '../test-support/fake-credentials.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { loopbackHttpClient } from '../test-support/loopback.js';
import { useLoopback } from '../test-support/loopback-hooks.js';
import { rejection } from '../test-support/rejection.js';
import { testSource } from '../test-support/source.js';
import { redditConnector } from './connector.js';

const fixture = fixtureReader(import.meta.dirname);
const CLIENT = { clientId: 'cid-123', clientSecret: 'csecret-456', username: 'nghe_owner' };

function post(n: number, createdUtc: number) {
  return {
    kind: 't3',
    data: {
      id: `p${n}`,
      name: `t3_p${n}`,
      subreddit: 'VietNam',
      title: `Bài ${n}`,
      selftext: `Nội dung ${n}`,
      author: `user${n}`,
      author_fullname: `t2_u${n}`,
      created_utc: createdUtc,
      score: 3,
      num_comments: 1,
      permalink: `/r/VietNam/comments/p${n}/bai_${n}/`,
      url: `https://www.reddit.com/r/VietNam/comments/p${n}/bai_${n}/`,
      over_18: false,
    },
  };
}

function listing(children: unknown[], after: string | null = null, before: string | null = null) {
  return JSON.stringify({
    kind: 'Listing',
    data: { after, before, dist: children.length, modhash: '', children },
  });
}

interface Reply {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

let tokenReplies: Reply[];
let routes: Map<string, Reply | ((url: URL) => Reply)>;
let seen: { method: string; url: URL; headers: IncomingMessage['headers']; body: string }[];
let issued = 0;

function handle(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (chunk: Buffer) => {
    body += chunk.toString('utf8');
  });
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ method: req.method ?? '', url, headers: req.headers, body });
    let reply: Reply | undefined;
    if (url.pathname === '/api/v1/access_token') {
      reply = tokenReplies.shift() ?? {
        body: JSON.stringify({
          access_token: `tok-${++issued}`,
          token_type: 'bearer',
          expires_in: 86400,
          scope: '*',
        }),
      };
    } else if (req.headers.authorization !== `bearer tok-${issued}`) {
      reply = { status: 401, body: '{"message": "Unauthorized", "error": 401}' };
    } else {
      const route = routes.get(url.pathname);
      reply = typeof route === 'function' ? route(url) : route;
    }
    if (!reply) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"message": "Not Found", "error": 404}');
      return;
    }
    res
      .writeHead(reply.status ?? 200, {
        'content-type': 'application/json; charset=UTF-8',
        'x-ratelimit-used': '4',
        'x-ratelimit-remaining': '96.0',
        'x-ratelimit-reset': '300',
        ...reply.headers,
      })
      .end(reply.body);
  });
}

const source = (settings: Record<string, string>, cursor: string | null = null) =>
  testSource('reddit', 'https://www.reddit.com/r/VietNam/', settings, cursor);

const subreddit = (cursor: string | null = null) =>
  source({ follow: 'subreddit', subreddit: 'VietNam' }, cursor);

function context(credentials = fakeCredentials(CLIENT)) {
  return {
    http: loopback.http,
    now: () => new Date('2026-10-28T15:00:00Z'),
    endpoints: {
      apiBaseUrl: loopback.server.origin,
      tokenUrl: `${loopback.server.origin}/api/v1/access_token`,
    },
    credentials,
  };
}

const loopback = useLoopback(handle);

beforeEach(() => {
  // A fresh client and token endpoint state per test; tokens are per credential and endpoint.
  tokenReplies = [];
  routes = new Map();
  seen = [];
});

describe('reddit connector: listings', () => {
  it('gets a token with the client credentials, reads /new and reports the rate-limit window', async () => {
    routes.set('/r/VietNam/new', { body: fixture('subreddit-new.json') });
    const credentials = fakeCredentials(CLIENT);
    const result = await redditConnector.collect(subreddit(), context(credentials));

    const token = seen.find((s) => s.url.pathname === '/api/v1/access_token');
    expect(token).toMatchObject({ method: 'POST', body: 'grant_type=client_credentials' });
    expect(token?.headers.authorization).toBe(
      `Basic ${Buffer.from('cid-123:csecret-456').toString('base64')}`,
    );
    const listingCall = seen.find((s) => s.url.pathname === '/r/VietNam/new');
    expect(listingCall?.headers['user-agent']).toBe('server:nghe:0.1 (by /u/nghe_owner)');
    expect(listingCall?.url.searchParams.get('raw_json')).toBe('1');
    expect(result.mentions.map((m) => m.externalId)).toEqual([
      't3_1h0a1b2',
      't3_1h0b2c3',
      't3_1h0c3d4',
      't3_1h0d4e2',
    ]);
    expect(JSON.parse(result.cursor ?? '')).toMatchObject({ newest: 't3_1h0a1b2' });
    expect(credentials.rateLimits.at(-1)).toMatchObject({ remaining: 96, limit: 100 });
    expect(credentials.spent).toEqual({ requests: 1 });
    // Deleted posts keep their place without text.
    expect(result.mentions.find((m) => m.externalId === 't3_1h0d4e2')?.author).toBeNull();
  });

  it('pages forward with `before` from the newest post seen, reusing the token', async () => {
    const cursor = JSON.stringify({ newest: 't3_p0', at: '2026-10-28T00:00:00.000Z' });
    const full = Array.from({ length: 100 }, (_, i) => post(100 - i, 1793170000 + 100 - i));
    routes.set('/r/VietNam/new', (url) =>
      url.searchParams.get('before') === 't3_p0'
        ? { body: listing(full, 't3_p1', 't3_p100') }
        : url.searchParams.get('before') === 't3_p100'
          ? { body: listing([post(101, 1793170200)], 't3_p100', null) }
          : { body: listing([]) },
    );
    const result = await redditConnector.collect(subreddit(cursor), context());
    expect(
      seen
        .filter((s) => s.url.pathname === '/r/VietNam/new')
        .map((s) => s.url.searchParams.get('before')),
    ).toEqual(['t3_p0', 't3_p100']);
    expect(result.mentions).toHaveLength(101);
    expect(JSON.parse(result.cursor ?? '')).toMatchObject({ newest: 't3_p101' });

    seen = [];
    await redditConnector.collect(subreddit(result.cursor ?? null), context());
    expect(seen.map((s) => s.url.pathname)).not.toContain('/api/v1/access_token');
  });

  it('finds new posts when the cursor post was deleted and `before` answers nothing', async () => {
    const cursor = JSON.stringify({ newest: 't3_gone', at: '2026-10-28T10:00:00.000Z' });
    const at = (iso: string) => Date.parse(iso) / 1000;
    routes.set('/r/VietNam/new', (url) =>
      url.searchParams.has('before')
        ? { body: listing([]) }
        : {
            body: listing([
              post(2, at('2026-10-28T12:00:00Z')),
              post(1, at('2026-10-28T09:00:00Z')),
            ]),
          },
    );
    const result = await redditConnector.collect(subreddit(cursor), context());
    expect(result.mentions.map((m) => m.externalId)).toEqual(['t3_p2']);
    expect(JSON.parse(result.cursor ?? '')).toEqual({
      newest: 't3_p2',
      at: '2026-10-28T12:00:00.000Z',
    });
  });

  it('searches newest first within a subreddit', async () => {
    routes.set('/r/VietNam/search', { body: fixture('search.json') });
    const result = await redditConnector.collect(
      source({ follow: 'search', subreddit: 'VietNam', query: 'ngập' }),
      context(),
    );
    const call = seen.find((s) => s.url.pathname === '/r/VietNam/search');
    expect(call?.url.searchParams.get('q')).toBe('ngập');
    expect(call?.url.searchParams.get('sort')).toBe('new');
    expect(call?.url.searchParams.get('restrict_sr')).toBe('on');
    expect(result.mentions.length).toBeGreaterThan(0);
  });
});

describe('reddit connector: a post and its comments', () => {
  it('reads the comment tree and expands `more` stubs', async () => {
    routes.set('/comments/1h0a1b2', { body: fixture('comments.json') });
    routes.set('/api/morechildren', { body: fixture('morechildren.json') });
    const result = await redditConnector.collect(
      source({ follow: 'post', postId: '1h0a1b2' }),
      context(),
    );
    const more = seen.find((s) => s.url.pathname === '/api/morechildren');
    expect(more?.url.searchParams.get('link_id')).toBe('t3_1h0a1b2');
    expect(more?.url.searchParams.get('children')).toBe('lq9x8y7,lq9z0a1,lq7g8h9,lq8h9i0,lq0i1j2');
    const ids = result.mentions.map((m) => m.externalId);
    expect(ids[0]).toBe('t3_1h0a1b2');
    expect(ids).toEqual(expect.arrayContaining(['t1_lq3c4d5', 't1_lq7g8h9']));
    expect(result.mentions.find((m) => m.externalId === 't1_lq3c4d5')).toMatchObject({
      parentExternalId: 't1_lq2b3c4',
      threadRootExternalId: 't3_1h0a1b2',
    });
    // An edited comment carries its edit time, so the store replaces the older text.
    expect(result.mentions.find((m) => m.externalId === 't1_lq3c4d5')?.updatedAt).toBe(
      new Date(1793163600 * 1000).toISOString(),
    );
    expect(result.mentions.find((m) => m.externalId === 't1_lq5e6f7')).toMatchObject({
      deleted: true,
      text: '',
    });
    expect(result.cursor).toBeUndefined();
    expect(JSON.stringify(result.mentions.map((m) => m.raw))).not.toContain('saigon_rain');
  });
});

describe('reddit connector: limits and errors', () => {
  it('marks the credential refused when the token request is', async () => {
    tokenReplies = [{ status: 401, body: '{"message": "Unauthorized", "error": 401}' }];
    const credentials = fakeCredentials({ ...CLIENT, clientId: 'refused' });
    const error = await rejection(redditConnector.collect(subreddit(), context(credentials)));
    expect(error).toBeInstanceOf(InvalidCredentialError);
    expect(credentials.invalid).toMatch(/HTTP 401/);
    expect(error.message).not.toContain('csecret-456');

    tokenReplies = [{ body: fixture('error-invalid-grant.json') }];
    const grant = fakeCredentials({ ...CLIENT, clientId: 'other' });
    expect(await rejection(redditConnector.collect(subreddit(), context(grant)))).toBeInstanceOf(
      InvalidCredentialError,
    );
    expect(grant.invalid).toBe('token request: invalid_grant');
  });

  it('fetches a new token once when Reddit stops taking the old one', async () => {
    routes.set('/r/VietNam/new', { body: fixture('subreddit-new.json') });
    const credentials = fakeCredentials({ ...CLIENT, clientId: 'renewing' });
    await redditConnector.collect(subreddit(), context(credentials));
    issued++; // the server now takes only a token it has not issued yet
    const result = await redditConnector.collect(subreddit(), context(credentials));
    expect(result.mentions).toHaveLength(4);
    expect(seen.filter((s) => s.url.pathname === '/api/v1/access_token')).toHaveLength(2);
  });

  it('pauses on a 429 and on a spent window, and says why a subreddit cannot be read', async () => {
    routes.set('/r/VietNam/new', {
      status: 429,
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '42',
        'content-type': 'text/html',
      },
      body: fixture('error-too-many-requests.html'),
    });
    const error = await rejection(redditConnector.collect(subreddit(), context()));
    expect(error).toBeInstanceOf(QuotaPause);
    expect((error as QuotaPause).until.toISOString()).toBe('2026-10-28T15:00:42.000Z');

    // The window of the first credential is spent; another client stands for another one.
    await loopback.http.close();
    loopback.http = loopbackHttpClient();
    routes.set('/r/secret/new', { status: 403, body: fixture('error-private-subreddit.json') });
    const closed = await rejection(
      redditConnector.collect(
        source({ follow: 'subreddit', subreddit: 'secret' }),
        context(fakeCredentials({ ...CLIENT, clientId: 'x2' })),
      ),
    );
    expect(closed.message).toBe(
      'r/secret is not readable: Reddit answered 403 (private: Forbidden)',
    );
  });

  it('sets aside a listing of a shape never seen, and an HTML page answered 200', async () => {
    routes.set('/r/VietNam/new', {
      body: JSON.stringify({ kind: 'Listing', data: { posts: [] } }),
    });
    const odd = await rejection(redditConnector.collect(subreddit(), context()));
    expect(odd).toBeInstanceOf(QuarantinedResponseError);
    expect((odd as QuarantinedResponseError).body).toContain('"posts"');

    routes.set('/r/VietNam/new', {
      body: '<!doctype html><title>reddit</title>',
      headers: { 'content-type': 'text/html' },
    });
    expect(await rejection(redditConnector.collect(subreddit(), context()))).toBeInstanceOf(
      QuarantinedResponseError,
    );
  });
});
