import type { IncomingMessage, ServerResponse } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CredentialNeedsReplacingError,
  QuarantinedResponseError,
  QuotaPause,
} from '../collect-errors.js';
import { fakeCredentials } from '../test-support/fake-credentials.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { useLoopback } from '../test-support/loopback-hooks.js';
import { rejection } from '../test-support/rejection.js';
import { testSource } from '../test-support/source.js';
import { facebookConnector } from './connector.js';
import { recogniseFacebookUrl } from './recognise-url.js';

const fixture = fixtureReader(import.meta.dirname);
const TOKEN = { accessToken: 'EAAB-page-token' };
const NOW = new Date('2026-11-30T12:00:00Z');
const PAGE_ID = '104958162837';
const PERSONS = ['Nguyễn Thị Lan', 'Trần Văn Hùng', 'Lê Minh Châu', 'Phạm Quốc Bảo'];

interface Reply {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

let route: (url: URL) => Reply | null;
let seen: { url: URL; headers: IncomingMessage['headers'] }[];
let usage: Record<string, string>;

/** Posts `first`, `first-1`, … by the Page, each with `comments` comments, paged by `after`. */
function postsPage(ids: number[], comments: number, after: string | null): string {
  return JSON.stringify({
    data: ids.map((n) => ({
      id: `${PAGE_ID}_${n}`,
      created_time: '2026-11-30T08:15:00+0000',
      message: `Thông báo số ${n}: cấm xe tải đường Võ Văn Ngân`,
      from: { name: 'Cổng Thông Tin Thủ Đức', id: PAGE_ID },
      permalink_url: `https://www.facebook.com/${PAGE_ID}/posts/${n}`,
      reactions: { data: [], summary: { total_count: 10 } },
      comments: {
        data: [],
        summary: { order: 'ranked', total_count: comments, can_comment: true },
      },
    })),
    paging: {
      cursors: { before: 'QVFIUmRf', after: after ?? 'QVFIUmRf' },
      ...(after
        ? { next: `https://graph.facebook.com/v25.0/${PAGE_ID}/posts?after=${after}` }
        : {}),
    },
  });
}

function commentsPage(postId: string, ids: number[]): string {
  return JSON.stringify({
    data: ids.map((n) => ({
      id: `${postId.split('_')[1]}_${n}`,
      message: `Bình luận ${n}`,
      created_time: `2026-11-30T09:${String(59 - (n % 60)).padStart(2, '0')}:00+0000`,
      from: { name: 'Trần Văn Hùng', id: '100034567890123' },
      like_count: 1,
      comment_count: 0,
      is_hidden: false,
    })),
    paging: { cursors: { before: 'WTI5', after: 'WTI5' } },
    summary: { order: 'reverse_chronological', total_count: ids.length, can_comment: true },
  });
}

function defaultRoute(url: URL): Reply | null {
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts.length === 2 && parts[1] === 'congthongtinthuduc') {
    return { body: JSON.stringify({ id: PAGE_ID, name: 'Cổng Thông Tin Thủ Đức' }) };
  }
  if (parts[2] === 'posts') {
    return url.searchParams.get('after') === 'P2'
      ? { body: postsPage([3], 0, null) }
      : { body: postsPage([1, 2], 2, 'P2') };
  }
  if (parts[2] === 'comments') return { body: commentsPage(parts[1]!, [1, 2]) };
  return null;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.push({ url, headers: req.headers });
  const reply =
    req.headers.authorization !== `Bearer ${TOKEN.accessToken}`
      ? { status: 400, body: fixture('error-expired-token.json') }
      : (route(url) ?? {
          status: 400,
          body: '{"error":{"message":"Unknown path components","type":"OAuthException","code":2500}}',
        });
  res
    .writeHead(reply.status ?? 200, {
      'content-type': 'application/json; charset=UTF-8',
      'x-app-usage': '{"call_count":5,"total_time":3,"total_cputime":2}',
      ...usage,
      ...reply.headers,
    })
    .end(reply.body);
}

const pageSource = (cursor: string | null = null) =>
  testSource(
    'facebook',
    'https://www.facebook.com/congthongtinthuduc',
    { follow: 'page', page: 'congthongtinthuduc' },
    cursor,
  );

function context(credentials = fakeCredentials(TOKEN)) {
  return {
    http: loopback.http,
    now: () => NOW,
    endpoints: { apiBaseUrl: `${loopback.server.origin}/v25.0` },
    credentials,
  };
}

const calls = (edge: string) => seen.filter((s) => s.url.pathname.endsWith(`/${edge}`));

const loopback = useLoopback(handle);

beforeEach(() => {
  seen = [];
  usage = {};
  route = defaultRoute;
});

describe('facebook connector: a Page', () => {
  it('looks the Page up, pages its posts with after and reads each post’s comments', async () => {
    const credentials = fakeCredentials(TOKEN);
    const result = await facebookConnector.collect(pageSource(), context(credentials));

    expect(seen[0]?.url.pathname).toBe('/v25.0/congthongtinthuduc');
    expect(seen[0]?.headers.authorization).toBe('Bearer EAAB-page-token');
    const posts = calls('posts');
    expect(posts.map((s) => s.url.searchParams.get('after'))).toEqual([null, 'P2']);
    expect(posts[0]?.url.pathname).toBe(`/v25.0/${PAGE_ID}/posts`);
    expect(Number(posts[0]?.url.searchParams.get('since'))).toBe(NOW.getTime() / 1000 - 7 * 86400);
    // Post 3 has no comments: its comments are not asked for.
    expect(calls('comments').map((s) => s.url.pathname)).toEqual([
      `/v25.0/${PAGE_ID}_1/comments`,
      `/v25.0/${PAGE_ID}_2/comments`,
    ]);
    expect(calls('comments')[0]?.url.searchParams.get('filter')).toBe('stream');
    expect(result.title).toBe('Cổng Thông Tin Thủ Đức');
    expect(result.mentions.map((m) => m.externalId).sort()).toEqual(
      ['1_1', '1_2', '2_1', '2_2', `${PAGE_ID}_1`, `${PAGE_ID}_2`, `${PAGE_ID}_3`].sort(),
    );
    expect(result.mentions).toHaveLength(7);
    const comment = result.mentions.find((m) => m.externalId === '1_1');
    expect(comment?.threadRootExternalId).toBe(`${PAGE_ID}_1`);
    expect(comment?.author?.kind).toBe('person');
    expect(credentials.spent.calls).toBe(seen.length);
    expect(JSON.parse(result.cursor!)).toEqual({
      pageId: PAGE_ID,
      comments: {
        [`${PAGE_ID}_1`]: { at: '2026-11-30T09:58:00+0000', n: 2 },
        [`${PAGE_ID}_2`]: { at: '2026-11-30T09:58:00+0000', n: 2 },
      },
    });
  });

  it('reads no comments again when a post’s count is unchanged, and no Page look-up', async () => {
    const first = await facebookConnector.collect(pageSource(), context());
    seen = [];
    await facebookConnector.collect(pageSource(first.cursor ?? null), context());
    expect(seen.map((s) => s.url.pathname)).toEqual([
      `/v25.0/${PAGE_ID}/posts`,
      `/v25.0/${PAGE_ID}/posts`,
    ]);
  });

  it('keeps no person’s name in what it collects, and marks a hidden comment deleted', async () => {
    route = (url) =>
      url.pathname.endsWith('/comments')
        ? url.searchParams.has('after')
          ? { body: '{"data":[],"paging":{"cursors":{}}}' }
          : { body: fixture('post-comments.json') }
        : url.pathname.endsWith('/posts')
          ? { body: postsPage([1093847561029384], 5, null) }
          : defaultRoute(url);
    const result = await facebookConnector.collect(pageSource(), context());
    const stored = JSON.stringify(
      result.mentions.map((m) => ({ ...m, author: m.author && { ...m.author, name: null } })),
    );
    for (const person of PERSONS) expect(stored).not.toContain(person);
    const hidden = result.mentions.find((m) => m.externalId?.endsWith('_2039485761029004'));
    expect(hidden?.deleted).toBe(true);
    expect(hidden?.text).toBe('');
    // The fixture's next page was followed with its `after` cursor.
    expect(calls('comments').map((s) => s.url.searchParams.get('after'))).toEqual([
      null,
      'WTI5dGJXVnVkRjlqZAFhKemIzSTZANVEF5',
    ]);
  });

  it('sends appsecret_proof when the credential has the app secret', async () => {
    const credentials = fakeCredentials({ ...TOKEN, appSecret: 's3cret' });
    await facebookConnector.collect(pageSource(), context(credentials));
    expect(seen[0]?.url.searchParams.get('appsecret_proof')).toBe(
      // HMAC-SHA256 of the token keyed with the app secret, as Meta documents it.
      (await import('node:crypto'))
        .createHmac('sha256', 's3cret')
        .update(TOKEN.accessToken)
        .digest('hex'),
    );
  });

  it('goes on past a post deleted before its comments were read', async () => {
    route = (url) =>
      url.pathname === `/v25.0/${PAGE_ID}_1/comments`
        ? {
            status: 400,
            body: `{"error":{"message":"Unsupported get request. Object with ID '${PAGE_ID}_1' does not exist, cannot be loaded due to missing permissions, or does not support this operation.","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"AxY"}}`,
          }
        : defaultRoute(url);
    const result = await facebookConnector.collect(pageSource(), context());
    expect(result.warnings.join('\n')).toContain(`post ${PAGE_ID}_1 was deleted`);
    expect(result.mentions.some((m) => m.externalId === '2_1')).toBe(true);
    expect(Object.keys(JSON.parse(result.cursor!).comments)).toEqual([`${PAGE_ID}_2`]);
  });

  it('sets aside a body of a shape never seen', async () => {
    route = (url) =>
      url.pathname.endsWith('/posts') ? { body: '{"items":[{"id":"1"}]}' } : defaultRoute(url);
    const error = await rejection(facebookConnector.collect(pageSource(), context()));
    expect(error).toBeInstanceOf(QuarantinedResponseError);
    expect((error as QuarantinedResponseError).body).toBe('{"items":[{"id":"1"}]}');
  });
});

describe('facebook connector: limits and errors', () => {
  it.each([
    [4, '(#4) Application request limit reached'],
    [17, '(#17) User request limit reached'],
    [32, '(#32) Page request limit reached'],
    [80001, '(#80001) There have been too many calls to this Page account'],
  ])('pauses with the reason on error code %i', async (code, message) => {
    route = () => ({
      status: 403,
      body: JSON.stringify({ error: { message, type: 'OAuthException', code, fbtrace_id: 'A1' } }),
    });
    const credentials = fakeCredentials(TOKEN);
    const error = await rejection(facebookConnector.collect(pageSource(), context(credentials)));
    expect(error).toBeInstanceOf(QuotaPause);
    expect(error.message).toContain(`code ${code}`);
    expect(error.message).toContain(message);
    expect((error as QuotaPause).until.getTime()).toBeGreaterThan(NOW.getTime());
    expect(credentials.rateLimits.at(-1)?.remaining).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it('marks an expired token invalid and pauses the source', async () => {
    const credentials = fakeCredentials({ accessToken: 'EAAB-expired' });
    const error = await rejection(facebookConnector.collect(pageSource(), context(credentials)));
    expect(error).toBeInstanceOf(CredentialNeedsReplacingError);
    expect(error.message).toContain('Session has expired');
    expect(credentials.invalid).toContain('code 190/463');
  });

  it('stops before the next call once usage reaches 90 %, keeping what it read', async () => {
    route = (url) => {
      const reply = defaultRoute(url);
      if (reply && url.pathname.endsWith('/posts') && !url.searchParams.has('after')) {
        reply.headers = {
          'x-business-use-case-usage': JSON.stringify({
            [PAGE_ID]: [
              {
                type: 'pages',
                call_count: 92,
                total_cputime: 30,
                total_time: 41,
                estimated_time_to_regain_access: 12,
              },
            ],
          }),
        };
      }
      return reply;
    };
    const credentials = fakeCredentials(TOKEN);
    const result = await facebookConnector.collect(pageSource(), context(credentials));
    expect(seen.map((s) => s.url.pathname)).toEqual([
      '/v25.0/congthongtinthuduc',
      `/v25.0/${PAGE_ID}/posts`,
    ]);
    expect(result.mentions.map((m) => m.externalId)).toEqual([`${PAGE_ID}_1`, `${PAGE_ID}_2`]);
    expect(result.warnings.join('\n')).toMatch(
      /usage .* at 92 % \(X-Business-Use-Case-Usage pages call_count\)/,
    );
    expect(credentials.rateLimits.at(-1)?.resetAt).toEqual(new Date(NOW.getTime() + 12 * 60_000));
    // Comments not reached are read next time.
    expect(JSON.parse(result.cursor!).comments).toEqual({});
  });

  it('pauses without a call when X-App-Usage was already at the limit', async () => {
    usage = { 'x-app-usage': '{"call_count":100,"total_time":20,"total_cputime":10}' };
    const error = await rejection(facebookConnector.collect(pageSource(), context()));
    // The look-up read nothing, so the source waits with the reason.
    expect(error).toBeInstanceOf(QuotaPause);
    expect(error.message).toContain('X-App-Usage call_count');
    expect(seen).toHaveLength(1);
  });

  it.each([0, 1, 3, 4])('makes exactly %i calls with a budget of that many', async (budget) => {
    const credentials = fakeCredentials(TOKEN, { calls: budget });
    const outcome = await facebookConnector.collect(pageSource(), context(credentials)).then(
      (result) => result,
      (error: Error) => error,
    );
    expect(seen).toHaveLength(budget);
    expect(credentials.spent.calls ?? 0).toBe(budget);
    if (budget <= 1) {
      // Nothing but the look-up was read: the source waits with the budget as the reason.
      expect(outcome).toBeInstanceOf(QuotaPause);
      expect((outcome as Error).message).toContain('call budget');
    } else {
      expect(outcome).not.toBeInstanceOf(Error);
      expect((outcome as { warnings: string[] }).warnings.join('\n')).toContain('call budget');
    }
  });
});

describe('facebook addresses', () => {
  it('recognises a Page and refuses profiles and groups', () => {
    expect(
      recogniseFacebookUrl(new URL('https://m.facebook.com/congthongtinthuduc/posts/1')),
    ).toEqual({
      follow: 'page',
      settings: { page: 'congthongtinthuduc' },
      url: 'https://www.facebook.com/congthongtinthuduc',
    });
    expect(
      recogniseFacebookUrl(new URL('https://www.facebook.com/profile.php?id=1000234')),
    ).toBeNull();
    expect(recogniseFacebookUrl(new URL('https://www.facebook.com/groups/123456'))).toBeNull();
    expect(recogniseFacebookUrl(new URL('https://example.com/congthongtinthuduc'))).toBeNull();
  });
});
