import { describe, expect, it } from 'vitest';
import type { CollectedMention } from '../../model.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { mentionById } from '../test-support/mentions.js';
import { blueskyPlatform } from './index.js';
import { parseBluesky } from './parse-bluesky.js';

const fixture = fixtureReader(import.meta.dirname);
const parse = (name: string) => parseBluesky(fixture(name));

const LINH = 'did:plc:q3vx7kz2m5wyr4tpbnd6ejha';
const TUAN = 'did:plc:w2k5r7zqx3ytm6vnpa4bcdje';
const HOA = 'did:plc:z6mpx2q7kw3vrtyn5ab4cehd';
const post = (did: string, rkey: string) => `at://${did}/app.bsky.feed.post/${rkey}`;
const P1 = post(LINH, '3m2aaaaaaaa21');
const P2 = post(TUAN, '3m2aaaaaaab32');
const P3 = post(HOA, '3m2aaaaaaac43');
const P4 = post(HOA, '3m2aaaaaaad54');
const P5 = post(LINH, '3m2aaaaaaae65');
const GONE = post(TUAN, '3m2aaaaaaaf76');
const P8 = post(LINH, '3m2aaaaaaah98');
const P9 = post(TUAN, '3m2aaaaaaai09');
const P10 = post(HOA, '3m2aaaaaaaj10');

const PERSON_TRACES = [
  'Nguyễn Khánh Linh',
  'Lê Anh Tuấn',
  'Phạm Thu Hoa',
  'linhnguyen',
  'tuanle',
  'hoapham',
  'cdn.bsky.app/img/avatar',
];

function serializedWithoutAuthorNames(mentions: CollectedMention[]): string {
  return JSON.stringify(
    mentions.map((m) => ({ ...m, author: m.author ? { ...m.author, name: null } : null })),
  );
}

describe('parseBluesky: searchPosts', () => {
  const mentions = parse('search-posts.json');

  it('yields every post with an at:// URI, skipping one without', () => {
    expect(mentions.map((m) => m.externalId)).toEqual([P1, P2, P3]);
    expect(mentions.every((m) => m.platform === 'bluesky')).toBe(true);
  });

  it('reads the record: text, date, language, reply parent and root', () => {
    const first = mentionById(mentions, P1);
    expect(first.text).toBe(
      'Giá xăng tăng lần thứ ba trong tháng. Chi tiết: vnexpress.net/gia-xang-tang… #giaxang',
    );
    expect(first.publishedAt).toBe('2026-10-06T01:02:03.456Z');
    expect(first.updatedAt).toBeNull();
    expect(first.language).toBe('vi');
    expect(first.parentExternalId).toBeNull();
    expect(first.threadRootExternalId).toBeNull();
    const reply = mentionById(mentions, P2);
    expect(reply.parentExternalId).toBe(P1);
    expect(reply.threadRootExternalId).toBe(P1);
    // Offsets converted to UTC, first language kept.
    expect(mentionById(mentions, P3).publishedAt).toBe('2026-10-05T19:00:00.000Z');
    expect(mentionById(mentions, P3).language).toBe('vi');
  });

  it('masks mentions by their facets', () => {
    expect(mentionById(mentions, P2).text).toBe(
      '@… cảm ơn chị, mỗi lần đổ đầy bình lại tốn thêm cả chục nghìn.',
    );
  });

  it('authors by DID, persons; permalinks by DID', () => {
    expect(mentionById(mentions, P1).author).toEqual({
      nativeId: LINH,
      name: 'Nguyễn Khánh Linh',
      kind: 'person',
    });
    expect(mentionById(mentions, P1).url).toBe(
      `https://bsky.app/profile/${LINH}/post/3m2aaaaaaaa21`,
    );
  });

  it('engagement: likes, replies, reposts plus quotes, from numbers or numeric strings', () => {
    expect(mentionById(mentions, P1).engagement).toEqual({ likes: 31, comments: 2, shares: 5 });
    expect(mentionById(mentions, P2).engagement).toEqual({ likes: 5, comments: 1, shares: 0 });
  });

  it('raw keeps ids and counts, no profile names or handles, and re-points facets after masking', () => {
    const raw = mentionById(mentions, P2).raw as {
      author: Record<string, unknown>;
      record: { text: string; facets: { index: { byteStart: number; byteEnd: number } }[] };
      likeCount: string;
    };
    expect(raw.author).toEqual({
      did: TUAN,
      associated: { chat: { allowIncoming: 'following' } },
      labels: [],
      createdAt: '2024-11-20T08:00:00.000Z',
    });
    expect(raw.record.text.startsWith('@… ')).toBe(true);
    expect(raw.record.facets[0]?.index).toEqual({ byteStart: 0, byteEnd: 4 });
    expect(raw.likeCount).toBe('5');
    const quoting = mentionById(mentions, P3).raw as {
      embed: { record: { author: Record<string, unknown> } };
      futureCounter: number;
    };
    expect(quoting.embed.record.author.did).toBe(LINH);
    expect(quoting.embed.record.author).not.toHaveProperty('handle');
    expect(quoting.futureCounter).toBe(3);
  });

  it('an empty result page is empty', () => {
    expect(parse('search-posts-empty.json')).toEqual([]);
  });
});

describe('parseBluesky: threads and feeds', () => {
  it('getPostThread: ancestors, the anchor, then nested replies; not-found posts are deleted; blocked ones skipped', () => {
    const mentions = parse('post-thread.json');
    expect(mentions.map((m) => [m.externalId, m.parentExternalId, m.threadRootExternalId])).toEqual(
      [
        [P1, null, null],
        [P2, P1, P1],
        [P4, P2, P1],
        [P5, P4, P1],
        [GONE, null, undefined],
      ],
    );
    expect(mentionById(mentions, P5).text).toBe('@… em cũng thấy vậy 😅 @… nghĩ sao?');
    const gone = mentionById(mentions, GONE);
    expect(gone.deleted).toBe(true);
    expect(gone.text).toBe('');
    expect(gone.author).toEqual({ nativeId: TUAN, name: null, kind: 'person' });
  });

  it('getPostThread of a deleted post is that post, deleted', () => {
    const [gone, ...rest] = parseBluesky(
      JSON.stringify({
        thread: { $type: 'app.bsky.feed.defs#notFoundPost', uri: GONE, notFound: true },
      }),
    );
    expect(rest).toEqual([]);
    expect(gone?.externalId).toBe(GONE);
    expect(gone?.deleted).toBe(true);
  });

  it('getPostThreadV2: a flat list of thread items', () => {
    const mentions = parse('post-thread-v2.json');
    expect(mentions.map((m) => [m.externalId, m.deleted ?? false])).toEqual([
      [P1, false],
      [P2, false],
      [GONE, true],
    ]);
  });

  it('getAuthorFeed: each post, then its reply context, each post once', () => {
    const mentions = parse('author-feed.json');
    expect(mentions.map((m) => m.externalId)).toEqual([P5, P1, P4, P8]);
    expect(mentionById(mentions, P8).engagement).toEqual({ likes: 12, comments: 0, shares: 3 });
  });
});

describe('parseBluesky: repository records', () => {
  it('listRecords of posts: text, dates and reply links from the record, author from the URI', () => {
    const mentions = parse('list-records.json');
    expect(mentions.map((m) => m.externalId)).toEqual([P8, P5]);
    const reply = mentionById(mentions, P5);
    expect(reply.author).toEqual({ nativeId: LINH, name: null, kind: 'person' });
    expect(reply.text).toBe('@… em cũng thấy vậy 😅 @… nghĩ sao?');
    expect(reply.parentExternalId).toBe(P4);
    expect(reply.threadRootExternalId).toBe(P1);
    expect(reply.engagement).toEqual({});
  });

  it('getRecord of one post', () => {
    const [record] = JSON.parse(fixture('list-records.json')).records;
    expect(parseBluesky(JSON.stringify(record)).map((m) => m.externalId)).toEqual([P8]);
  });
});

describe('parseBluesky: Jetstream', () => {
  it('reads one message per line: posts created, edited and deleted, v1 and v2 frames', () => {
    const mentions = parse('jetstream.jsonl');
    expect(mentions.map((m) => [m.externalId, m.deleted ?? false])).toEqual([
      [P9, false],
      [P9, false],
      [GONE, true],
      [P10, false],
    ]);
    const [created, edited, deleted, v2] = mentions;
    expect(created?.text).toBe('@… chị ơi cho em xin nguồn với ạ');
    expect(created?.publishedAt).toBe('2026-10-06T04:00:00.000Z');
    expect(created?.updatedAt).toBeNull();
    expect(created?.parentExternalId).toBe(P1);
    expect(created?.threadRootExternalId).toBe(P1);
    expect(created?.author).toEqual({ nativeId: TUAN, name: null, kind: 'person' });
    expect(created?.url).toBe(`https://bsky.app/profile/${TUAN}/post/3m2aaaaaaai09`);
    expect(created?.engagement).toEqual({});
    expect(edited?.text).toBe('@… chị ơi cho em xin nguồn bài báo với ạ');
    expect(edited?.updatedAt).toBe('2026-10-06T04:03:20.000Z');
    expect(deleted?.text).toBe('');
    expect(deleted?.updatedAt).toBe('2026-10-06T04:04:00.000Z');
    expect(v2?.text).toBe('Trời Sài Gòn hôm nay nắng đẹp quá');
    expect(v2?.author?.nativeId).toBe(HOA);
  });

  it('reads a single message', () => {
    expect(parse('jetstream-create.json').map((m) => m.externalId)).toEqual([P9]);
  });

  it('a like, an identity or an account event alone yields nothing', () => {
    const lines = fixture('jetstream.jsonl').trim().split('\n');
    for (const line of lines.slice(1, 4)) expect(parseBluesky(line)).toEqual([]);
  });
});

describe('parseBluesky: privacy', () => {
  it.each([
    'search-posts.json',
    'post-thread.json',
    'post-thread-v2.json',
    'author-feed.json',
    'jetstream.jsonl',
    'list-records.json',
  ])('%s names no person outside author.name, raw included', (name) => {
    const mentions = parse(name);
    expect(mentions.length).toBeGreaterThan(0);
    const serialized = serializedWithoutAuthorNames(mentions);
    for (const trace of PERSON_TRACES) expect(serialized).not.toContain(trace);
  });
});

describe('parseBluesky: errors and unknown shapes', () => {
  it.each([
    ['error-expired-token.json', 'bluesky: ExpiredToken: Token has expired'],
    ['error-rate-limit.json', 'bluesky: RateLimitExceeded: Rate Limit Exceeded'],
    ['jetstream-error.json', 'bluesky: ConsumerTooSlow: consumer is too slow'],
    ['error-forbidden.html', 'bluesky: the body is HTML'],
  ])('%s throws with the platform message', (name, message) => {
    expect(() => parse(name)).toThrow(UnreadableBodyError);
    expect(() => parse(name)).toThrow(message);
  });

  it('shapes it has never seen throw instead of yielding nonsense', () => {
    expect(() => parse('profile.json')).toThrow(/unknown shape/);
    expect(() => parse('starter-pack.json')).toThrow(/unknown shape/);
    expect(() =>
      parseBluesky(
        '{"records":[{"uri":"at://did:plc:x/app.bsky.feed.like/1","value":{"$type":"app.bsky.feed.like"}}]}',
      ),
    ).toThrow(/records that are not posts/);
    expect(() => parseBluesky('[{"a":1}]')).toThrow(/neither posts nor Jetstream/);
    expect(() => parseBluesky('{"thread":{"x":1}}')).toThrow(/thread of an unknown shape/);
    expect(() => parseBluesky('{"kind":"commit","did":"did:plc:x"}\n{"hello":1}')).toThrow(
      /not a Jetstream event/,
    );
    expect(() => parseBluesky('{"feed":[{"post":"at://did:plc:x/app.bsky.feed.post/1"}]}')).toThrow(
      /feed skeleton/,
    );
    expect(() => parseBluesky('{"message":"Forbidden"}')).toThrow('bluesky: Forbidden');
    expect(() => parseBluesky('')).toThrow(UnreadableBodyError);
  });
});

describe('blueskyPlatform', () => {
  it('is the Bluesky module with an eligibility note', () => {
    expect(blueskyPlatform.platform).toBe('bluesky');
    expect(blueskyPlatform.eligibility).toMatch(/Jetstream/);
    expect(blueskyPlatform.parse(fixture('search-posts-empty.json'))).toEqual([]);
  });
});
