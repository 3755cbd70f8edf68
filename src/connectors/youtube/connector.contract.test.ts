// The YouTube connector against a loopback server that speaks the Data API v3: list bodies in
// the documented resource shapes (see fixtures/README.md), the key as a query parameter,
// pageToken paging, Google's error bodies for a spent quota, a refused key and comments turned
// off, a 429, and a body of a shape the normaliser has never seen.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidCredentialError, QuarantinedResponseError, QuotaPause } from '../collect-errors.js';
import { fakeCredentials } from '../test-support/fake-credentials.js';
import { useLoopback } from '../test-support/loopback-hooks.js';
import { rejection } from '../test-support/rejection.js';
import { testSource } from '../test-support/source.js';
import { youtubeConnector } from './connector.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

const VIDEO = 'Xk3vT9qLmN0';
const CHANNEL = 'UCq3Jt8XbKd0VnHw2mPzR7sA';
const UPLOADS = 'UUq3Jt8XbKd0VnHw2mPzR7sA';
const KEY = 'AIzaTestKey-0123456789';

function video(id: string, publishedAt: string) {
  return {
    kind: 'youtube#video',
    etag: 'e',
    id,
    snippet: {
      publishedAt,
      channelId: CHANNEL,
      title: `Ngập ở Thủ Đức ${id}`,
      description: 'Triều cường dâng cao.',
      channelTitle: 'Tin Thủ Đức',
      defaultLanguage: 'vi',
    },
    statistics: { viewCount: '1050', likeCount: '20', favoriteCount: '0', commentCount: '6' },
    contentDetails: { duration: 'PT3M33S' },
  };
}

function comment(id: string, publishedAt: string, extra: Record<string, unknown> = {}) {
  return {
    kind: 'youtube#comment',
    etag: 'e',
    id,
    snippet: {
      channelId: CHANNEL,
      videoId: VIDEO,
      textDisplay: `Bình luận ${id}`,
      textOriginal: `Bình luận ${id}`,
      authorDisplayName: `@nguoi${id}`,
      authorProfileImageUrl: 'https://yt3.ggpht.com/a',
      authorChannelUrl: `http://www.youtube.com/@nguoi${id}`,
      authorChannelId: { value: `UCperson${id}` },
      canRate: true,
      viewerRating: 'none',
      likeCount: 2,
      publishedAt,
      updatedAt: publishedAt,
      ...extra,
    },
  };
}

function thread(id: string, publishedAt: string, replies: unknown[] = [], total = replies.length) {
  return {
    kind: 'youtube#commentThread',
    etag: 'e',
    id,
    snippet: {
      channelId: CHANNEL,
      videoId: VIDEO,
      canReply: true,
      totalReplyCount: total,
      isPublic: true,
      topLevelComment: comment(id, publishedAt),
    },
    ...(replies.length > 0 ? { replies: { comments: replies } } : {}),
  };
}

function list(kind: string, items: unknown[], nextPageToken?: string) {
  return JSON.stringify({
    kind: `youtube#${kind}ListResponse`,
    etag: 'e',
    ...(nextPageToken ? { nextPageToken } : {}),
    pageInfo: { totalResults: items.length, resultsPerPage: items.length },
    items,
  });
}

/** What the server answers, by API method and page token; tests change it. */
let pages: Map<string, { status?: number; body: string; headers?: Record<string, string> }>;
let hits: URL[];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  hits.push(url);
  if (url.searchParams.get('key') !== KEY) {
    res.writeHead(400, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          errors: [{ message: 'API key not valid.', domain: 'global', reason: 'badRequest' }],
          status: 'INVALID_ARGUMENT',
          details: [
            { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' },
          ],
        },
      }),
    );
    return;
  }
  const method = url.pathname.split('/').pop() ?? '';
  const page =
    pages.get(`${method}:${url.searchParams.get('pageToken') ?? ''}`) ?? pages.get(method);
  if (!page) {
    res.writeHead(404).end();
    return;
  }
  res
    .writeHead(page.status ?? 200, {
      'content-type': 'application/json; charset=UTF-8',
      ...page.headers,
    })
    .end(page.body);
}

const source = (settings: Record<string, string>, cursor: string | null = null) =>
  testSource('youtube', 'https://www.youtube.com/watch?v=Xk3vT9qLmN0', settings, cursor);

const videoSource = (cursor: string | null = null) =>
  source({ follow: 'video', videoId: VIDEO }, cursor);

function context(credentials = fakeCredentials({ apiKey: KEY })) {
  return {
    http: loopback.http,
    now: () => new Date('2026-10-28T15:00:00Z'),
    endpoints: { apiBaseUrl: `${loopback.server.origin}/youtube/v3` },
    credentials,
  };
}

const loopback = useLoopback(handle);

beforeEach(() => {
  // A client per test: a 429 leaves its rate-limit window in the client.
  hits = [];
  pages = new Map([['videos', { body: list('video', [video(VIDEO, '2026-10-28T01:15:00Z')]) }]]);
});

describe('youtube connector: a video and its comments', () => {
  it('pages comment threads by pageToken, fetches replies a thread lacks, and counts units', async () => {
    const reply = (n: number) => comment(`A.r${n}`, `2026-10-28T03:0${n}:00Z`, { parentId: 'A' });
    pages.set('commentThreads', {
      body: list(
        'commentThread',
        [thread('C', '2026-10-28T09:00:00Z'), thread('A', '2026-10-28T02:00:00Z', [reply(1)], 3)],
        'PAGE2',
      ),
    });
    pages.set('commentThreads:PAGE2', {
      body: list('commentThread', [
        thread('B', '2026-10-28T01:30:00Z'),
        // A comment the platform removed: kept in its place without text.
        {
          ...thread('D', '2026-10-28T01:20:00Z'),
          snippet: {
            ...thread('D', '2026-10-28T01:20:00Z').snippet,
            topLevelComment: comment('D', '2026-10-28T01:20:00Z', { moderationStatus: 'rejected' }),
          },
        },
      ]),
    });
    pages.set('comments', { body: list('comment', [reply(1), reply(2), reply(3)]) });
    const credentials = fakeCredentials({ apiKey: KEY });
    const result = await youtubeConnector.collect(videoSource(), context(credentials));

    const ids = result.mentions.map((m) => m.externalId);
    expect(ids.slice(0, 1)).toEqual([VIDEO]);
    expect(new Set(ids)).toEqual(new Set([VIDEO, 'C', 'A', 'A.r1', 'A.r2', 'A.r3', 'B', 'D']));
    expect(result.mentions.find((m) => m.externalId === 'A.r2')).toMatchObject({
      parentExternalId: 'A',
      threadRootExternalId: VIDEO,
    });
    expect(result.mentions.find((m) => m.externalId === 'D')).toMatchObject({
      deleted: true,
      text: '',
    });
    expect(result.title).toBe(`Ngập ở Thủ Đức ${VIDEO}`);
    expect(JSON.parse(result.cursor ?? '')).toEqual({
      seen: '2026-10-28T09:00:00.000Z',
      next: null,
    });
    // videos, two thread pages, one replies page: four calls, four units.
    expect(credentials.spent).toEqual({ units: 4 });
    expect(hits.map((h) => h.searchParams.get('pageToken'))).toContain('PAGE2');
    expect(hits.every((h) => h.searchParams.get('key') === KEY)).toBe(true);
    // Persons stay persons (their name is dropped before storage), and raw keeps no handle.
    const person = result.mentions.find((m) => m.externalId === 'C');
    expect(person?.author).toMatchObject({ kind: 'person', nativeId: 'UCpersonC' });
    expect(JSON.stringify(result.mentions.map((m) => m.raw))).not.toContain('@nguoiC');
  });

  it('reads only what is newer than the cursor, from the top', async () => {
    const edited = thread('C', '2026-10-28T09:00:00Z');
    edited.snippet.topLevelComment.snippet.updatedAt = '2026-10-28T11:30:00Z';
    edited.snippet.topLevelComment.snippet.textOriginal = 'Bình luận C (đã sửa)';
    pages.set('commentThreads', {
      body: list('commentThread', [thread('E', '2026-10-28T10:00:00Z'), edited], 'PAGE2'),
    });
    const result = await youtubeConnector.collect(
      videoSource(JSON.stringify({ seen: '2026-10-28T09:00:00Z', next: null })),
      context(),
    );
    expect(hits.map((h) => h.pathname.split('/').pop())).toEqual(['videos', 'commentThreads']);
    // The first page is read again, so an edit of a recent comment arrives with its time.
    expect(result.mentions.find((m) => m.externalId === 'C')).toMatchObject({
      text: 'Bình luận C (đã sửa)',
      updatedAt: '2026-10-28T11:30:00.000Z',
    });
    expect(JSON.parse(result.cursor ?? '')).toEqual({
      seen: '2026-10-28T10:00:00.000Z',
      next: null,
    });
  });

  it('keeps the page token of an unfinished backlog for the next collection', async () => {
    for (let n = 0; n < 8; n++) {
      pages.set(`commentThreads:${n === 0 ? '' : `P${n}`}`, {
        body: list(
          'commentThread',
          [thread(`T${n}`, `2026-10-2${7 - (n % 7)}T00:00:00Z`)],
          n < 7 ? `P${n + 1}` : undefined,
        ),
      });
    }
    const first = await youtubeConnector.collect(videoSource(), context());
    const cursor = JSON.parse(first.cursor ?? '');
    expect(cursor.next).toBe('P5');
    hits = [];
    await youtubeConnector.collect(videoSource(first.cursor ?? null), context());
    expect(
      hits.find((h) => h.pathname.endsWith('commentThreads'))?.searchParams.get('pageToken'),
    ).toBe('P5');
  });

  it('keeps the video when its comments are turned off', async () => {
    pages.set('commentThreads', { status: 403, body: fixture('error-comments-disabled.json') });
    const result = await youtubeConnector.collect(videoSource(), context());
    expect(result.mentions.map((m) => m.externalId)).toEqual([VIDEO]);
    expect(result.warnings).toEqual(['comments are turned off for this video']);
  });
});

describe('youtube connector: limits and errors', () => {
  it('pauses until midnight Pacific on a quota error body, and marks the key spent', async () => {
    pages.set('commentThreads', { status: 403, body: fixture('error-quota-exceeded.json') });
    const credentials = fakeCredentials({ apiKey: KEY });
    const error = await rejection(youtubeConnector.collect(videoSource(), context(credentials)));
    expect(error).toBeInstanceOf(QuotaPause);
    // 15:00 UTC on 28 October is 08:00 PDT: the quota renews at 07:00 UTC on the 29th.
    expect((error as QuotaPause).until.toISOString()).toBe('2026-10-29T07:00:00.000Z');
    expect(credentials.exhausted?.reason).toMatch(/^quotaExceeded/);
  });

  it('pauses before the key would go over its units', async () => {
    pages.set('commentThreads', {
      body: list('commentThread', [thread('C', '2026-10-28T09:00:00Z')]),
    });
    const credentials = fakeCredentials({ apiKey: KEY }, { units: 1 });
    expect(
      await rejection(youtubeConnector.collect(videoSource(), context(credentials))),
    ).toBeInstanceOf(QuotaPause);
    expect(hits).toHaveLength(1);
  });

  it('marks a refused or blocked key invalid', async () => {
    const wrong = fakeCredentials({ apiKey: 'not-the-key' });
    const error = await rejection(youtubeConnector.collect(videoSource(), context(wrong)));
    expect(error).toBeInstanceOf(InvalidCredentialError);
    expect(error.message).toMatch(
      /YouTube refused credential #1 "test": badRequest: API key not valid/,
    );
    expect(wrong.invalid).toMatch(/API key not valid/);
    expect(error.message).not.toContain('not-the-key');

    pages.set('commentThreads', { status: 403, body: fixture('error-key-blocked.json') });
    const blocked = fakeCredentials({ apiKey: KEY });
    expect(
      await rejection(youtubeConnector.collect(videoSource(), context(blocked))),
    ).toBeInstanceOf(InvalidCredentialError);
    expect(blocked.invalid).toMatch(/forbidden/);
  });

  it('pauses on a 429 for as long as the server asks', async () => {
    pages.set('videos', { status: 429, headers: { 'retry-after': '120' }, body: '{}' });
    const credentials = fakeCredentials({ apiKey: KEY });
    const error = await rejection(youtubeConnector.collect(videoSource(), context(credentials)));
    expect(error).toBeInstanceOf(QuotaPause);
    expect((error as QuotaPause).until.toISOString()).toBe('2026-10-28T15:02:00.000Z');
  });

  it('sets aside a body of a shape never seen, with the raw body and no key', async () => {
    pages.set('commentThreads', {
      body: JSON.stringify({ kind: 'youtube#commentThreadListResponse', threads: [{ id: 'x' }] }),
    });
    const error = await rejection(youtubeConnector.collect(videoSource(), context()));
    expect(error).toBeInstanceOf(QuarantinedResponseError);
    const quarantined = error as QuarantinedResponseError;
    expect(quarantined.body).toContain('"threads"');
    expect(quarantined.url).toContain('/commentThreads?');
    expect(quarantined.url).not.toContain(KEY);

    pages.set('commentThreads', { body: fixture('error-page.html') });
    expect(await rejection(youtubeConnector.collect(videoSource(), context()))).toBeInstanceOf(
      QuarantinedResponseError,
    );
  });
});

describe('youtube connector: a channel', () => {
  it('finds the uploads playlist once, then reads new uploads with their statistics', async () => {
    pages.set('channels', {
      body: list('channel', [
        {
          kind: 'youtube#channel',
          id: CHANNEL,
          snippet: { title: 'Tin Thủ Đức' },
          contentDetails: { relatedPlaylists: { likes: '', uploads: UPLOADS } },
        },
      ]),
    });
    const item = (id: string, at: string) => ({
      kind: 'youtube#playlistItem',
      id: `PL${id}`,
      snippet: {
        publishedAt: at,
        channelId: CHANNEL,
        title: `Video ${id}`,
        resourceId: { kind: 'youtube#video', videoId: id },
      },
      contentDetails: { videoId: id, videoPublishedAt: at },
    });
    pages.set('playlistItems', {
      body: list('playlistItem', [
        item('v2aaaaaaaaa', '2026-10-28T05:00:00Z'),
        item('v1aaaaaaaaa', '2026-10-27T05:00:00Z'),
      ]),
    });
    pages.set('videos', {
      body: list('video', [
        video('v2aaaaaaaaa', '2026-10-28T05:00:00Z'),
        video('v1aaaaaaaaa', '2026-10-27T05:00:00Z'),
      ]),
    });
    const credentials = fakeCredentials({ apiKey: KEY });
    const first = await youtubeConnector.collect(
      source({ follow: 'channel', handle: 'tinthuduc' }),
      context(credentials),
    );
    expect(hits[0]?.searchParams.get('forHandle')).toBe('@tinthuduc');
    expect(hits.find((h) => h.pathname.endsWith('videos'))?.searchParams.get('id')).toBe(
      'v2aaaaaaaaa,v1aaaaaaaaa',
    );
    expect(first.title).toBe('Tin Thủ Đức');
    expect(first.mentions.map((m) => [m.externalId, m.author?.kind, m.engagement.views])).toEqual([
      ['v2aaaaaaaaa', 'channel', 1050],
      ['v1aaaaaaaaa', 'channel', 1050],
    ]);
    const cursor = JSON.parse(first.cursor ?? '');
    expect(cursor).toEqual({ seen: '2026-10-28T05:00:00.000Z', next: null, uploads: UPLOADS });

    hits = [];
    const again = await youtubeConnector.collect(
      source({ follow: 'channel', handle: 'tinthuduc' }, first.cursor ?? null),
      context(),
    );
    expect(hits.map((h) => h.pathname.split('/').pop())).toEqual(['playlistItems']);
    expect(again.mentions).toEqual([]);
  });

  it('says so when the channel does not exist', async () => {
    pages.set('channels', { body: list('channel', []) });
    const error = await rejection(
      youtubeConnector.collect(source({ follow: 'channel', handle: 'nobody' }), context()),
    );
    expect(error.message).toBe('YouTube has no channel @nobody');
  });
});
