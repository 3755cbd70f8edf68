import { describe, expect, it } from 'vitest';
import type { CollectedMention } from '../../model.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { expectNoPersonOutsideAuthorName } from '../test-support/mentions.js';
import { redditPlatform } from './index.js';
import { parseReddit } from './parse-reddit.js';

const fixture = fixtureReader(import.meta.dirname);
const parseFixture = (name: string): CollectedMention[] => parseReddit(fixture(name));

const POST = 't3_1h0a1b2';
const POST_URL =
  'https://www.reddit.com/r/VietNam/comments/1h0a1b2/hoi_ve_tinh_hinh_ngap_o_thu_duc_sang_nay/';

/** Every person's username and display name in the fixtures. */
const PERSON_TRACES = [
  'minh_anh92',
  'saigon_rain',
  'Saigon Rain',
  'ThuyTien-HN',
  'nguyenhuy1990',
  'DuongBaoLam',
  'pho_bo_lover',
];

function expectNoPersonTraces(mentions: CollectedMention[]): void {
  const { raws } = expectNoPersonOutsideAuthorName(mentions, PERSON_TRACES, { ignoreCase: true });
  expect(raws).not.toMatch(/"author(_flair_text|_premium)?":/);
}

function unreadableMessage(body: string): string {
  try {
    parseReddit(body);
  } catch (error) {
    expect(error).toBeInstanceOf(UnreadableBodyError);
    return (error as Error).message;
  }
  throw new Error('expected the body to be refused');
}

describe('parseReddit: subreddit listing', () => {
  const [post, link, removed, deleted] = parseFixture('subreddit-new.json');

  it('reads a self post with its fullname, permalink, author id, counts and edit time', () => {
    expect(post).toMatchObject({
      platform: 'reddit',
      externalId: POST,
      url: POST_URL,
      title: 'Hỏi về tình hình ngập ở Thủ Đức sáng nay',
      publishedAt: '2026-10-28T02:00:00.000Z',
      updatedAt: '2026-10-28T03:30:00.000Z',
      author: { nativeId: 't2_8xk2m1qz', name: 'minh_anh92', kind: 'person' },
      engagement: { likes: 42, comments: 7, shares: 1 },
      parentExternalId: null,
      threadRootExternalId: null,
      language: null,
      categories: [],
      html: null,
    });
  });

  it('undoes the API’s HTML escaping and drops zero-width filler paragraphs', () => {
    expect(post?.text).toBe(
      'Sáng nay đường Kha Vạn Cân ngập tới yên xe. Mọi người đi làm có bị kẹt không?\n\nHôm qua u/user có nói triều cường sẽ lên cao & mưa lớn, đúng thật.\n\nCập nhật: nước rút lúc 10 giờ.',
    );
  });

  it('reads a link post: its title, no text, never edited', () => {
    expect(link).toMatchObject({
      externalId: 't3_1h0b2c3',
      title: 'Giá xăng giảm lần thứ ba liên tiếp từ 15 giờ chiều nay',
      text: '',
      updatedAt: null,
      engagement: { likes: 128, comments: 23, shares: 0 },
    });
  });

  it('marks removed and deleted posts deleted, without title, text or author', () => {
    for (const gone of [removed, deleted]) {
      expect(gone).toMatchObject({ deleted: true, text: '', title: null, author: null });
    }
    expect(removed?.externalId).toBe('t3_1h0c3d4');
    // A negative score says nothing about likes.
    expect(deleted?.engagement).toEqual({ comments: 2, shares: 0 });
    expect(post?.deleted).toBeUndefined();
  });

  it('keeps no person’s name anywhere but author.name, raw included', () => {
    expectNoPersonTraces([post!, link!, removed!, deleted!]);
    expect(post?.raw).toMatchObject({
      kind: 't3',
      data: { author_fullname: 't2_8xk2m1qz', score: 42 },
    });
  });
});

describe('parseReddit: a post with its comments', () => {
  const mentions = parseFixture('comments.json');
  const byId = new Map(mentions.map((m) => [m.externalId, m]));

  it('flattens the post and nested replies in body order, skipping "more" stubs', () => {
    expect(mentions.map((m) => m.externalId)).toEqual([
      POST,
      't1_lq1a2b3',
      't1_lq2b3c4',
      't1_lq3c4d5',
      't1_lq4d5e6',
      't1_lq5e6f7',
      't1_lq6f7g8',
    ]);
  });

  it('links each comment to its parent and to the post as thread root', () => {
    expect(byId.get('t1_lq1a2b3')?.parentExternalId).toBe(POST);
    expect(byId.get('t1_lq2b3c4')?.parentExternalId).toBe('t1_lq1a2b3');
    expect(byId.get('t1_lq3c4d5')?.parentExternalId).toBe('t1_lq2b3c4');
    for (const m of mentions.slice(1)) expect(m.threadRootExternalId).toBe(POST);
    expect(byId.get('t1_lq3c4d5')?.url).toBe(`${POST_URL}lq3c4d5/`);
  });

  it('reads edit times, string counts and escaped quotes', () => {
    expect(byId.get('t1_lq3c4d5')?.updatedAt).toBe('2026-10-28T05:00:00.000Z');
    expect(byId.get('t1_lq6f7g8')?.engagement).toEqual({ likes: 9 });
    expect(byId.get('t1_lq6f7g8')?.text).toBe(
      '> Mọi người đi làm có bị kẹt không?\n\nKẹt cứng từ cầu Rạch Chiếc. Hỏi thêm /u/user, anh ấy ở ngay đó.',
    );
  });

  it('marks [deleted] and [removed] comments deleted and keeps their place in the thread', () => {
    for (const id of ['t1_lq4d5e6', 't1_lq5e6f7']) {
      expect(byId.get(id)).toMatchObject({ deleted: true, text: '', author: null });
    }
    expect(byId.get('t1_lq4d5e6')?.parentExternalId).toBe('t1_lq1a2b3');
  });

  it('masks u/ mentions and keeps nested replies out of raw', () => {
    expect(byId.get('t1_lq2b3c4')?.text).toBe(
      'u/user nói đúng đó. Bạn > đi vòng qua Phạm Văn Đồng thử xem, đỡ ngập hơn & nhanh hơn.',
    );
    expect(JSON.stringify(byId.get('t1_lq1a2b3')?.raw)).not.toContain('lq2b3c4');
    expectNoPersonTraces(mentions);
  });
});

describe('parseReddit: other bodies', () => {
  it('reads search results, giving a profile post an address that names nobody', () => {
    const [first, profile] = parseFixture('search.json');
    expect(first).toMatchObject({
      externalId: 't3_1h0e5f6',
      url: 'https://www.reddit.com/r/saigon/comments/1h0e5f6/kinh_nghiem_chong_ngap/',
      author: { nativeId: 't2_9mz4b6xe', kind: 'person' },
    });
    expect(profile).toMatchObject({
      externalId: 't3_1gz9y8x',
      url: 'https://www.reddit.com/comments/1gz9y8x/',
      author: { nativeId: 't2_2fj7k1wq', name: 'DuongBaoLam', kind: 'person' },
    });
    expectNoPersonTraces([first!, profile!]);
  });

  it('reads a subreddit’s newest comments without the post author they carry', () => {
    const mentions = parseFixture('subreddit-comments.json');
    expect(mentions).toMatchObject([
      { externalId: 't1_lq6f7g8', parentExternalId: POST, threadRootExternalId: POST },
    ]);
    // No permalink: the address is built from the post and comment ids.
    expect(mentions[0]?.url).toBe('https://www.reddit.com/comments/1h0a1b2/_/lq6f7g8/');
    expectNoPersonTraces(mentions);
  });

  it('reads /api/morechildren things', () => {
    const mentions = parseFixture('morechildren.json');
    expect(mentions.map((m) => [m.externalId, m.parentExternalId])).toEqual([
      ['t1_lq7g8h9', POST],
      ['t1_lq8h9i0', 't1_lq7g8h9'],
    ]);
    expect(mentions[1]?.text).toBe('u/user đường Xô Viết Nghệ Tĩnh hả bạn?');
    expectNoPersonTraces(mentions);
  });

  it('reads a single thing and skips a child without an id', () => {
    const single = { kind: 't1', data: { name: 't1_abc', body: 'Chào', link_id: POST } };
    expect(parseReddit(JSON.stringify(single))).toMatchObject([
      { externalId: 't1_abc', parentExternalId: POST, author: null, publishedAt: null },
    ]);
    const listing = {
      kind: 'Listing',
      data: { children: [{ kind: 't3', data: { title: 'không id' } }, single] },
    };
    expect(parseReddit(JSON.stringify(listing)).map((m) => m.externalId)).toEqual(['t1_abc']);
  });

  it('returns nothing for an empty listing or a body that holds no posts', () => {
    expect(parseFixture('listing-empty.json')).toEqual([]);
    expect(parseReddit('{"kind":"t5","data":{"display_name":"VietNam","id":"2qh6d"}}')).toEqual([]);
    expect(parseReddit('{"kind":"UserList","data":{"children":[]}}')).toEqual([]);
    const token = {
      access_token: 'eyJhbGciOi',
      token_type: 'bearer',
      expires_in: 86400,
      scope: '*',
    };
    expect(parseReddit(JSON.stringify(token))).toEqual([]);
  });
});

describe('parseReddit: bodies it cannot read', () => {
  it('quotes Reddit’s error bodies', () => {
    expect(unreadableMessage(fixture('error-forbidden.json'))).toBe('reddit: 403 Forbidden');
    expect(unreadableMessage(fixture('error-private-subreddit.json'))).toBe(
      'reddit: 403 Forbidden (private)',
    );
    expect(unreadableMessage(fixture('error-invalid-grant.json'))).toBe('reddit: invalid_grant');
    expect(unreadableMessage(fixture('error-ratelimit.json'))).toBe(
      'reddit: RATELIMIT: you are doing that too much. try again in 9 minutes.',
    );
    expect(
      unreadableMessage(
        '{"ratelimit":512.2,"errors":["RATELIMIT","You are doing that too much."]}',
      ),
    ).toBe('reddit: RATELIMIT: You are doing that too much.');
  });

  it('names the HTML rate-limit page by its title', () => {
    expect(unreadableMessage(fixture('error-too-many-requests.html'))).toBe(
      'reddit: the body is HTML, not a JSON API response: Too Many Requests',
    );
  });

  it('refuses shapes it has never seen', () => {
    expect(unreadableMessage('{"kind":"Multireddit2","data":{}}')).toContain('kind Multireddit2');
    expect(unreadableMessage('{"data":[{"id":"1","text":"x"}]}')).toContain('not a Reddit listing');
    expect(unreadableMessage('[{"kind":"Listing","data":{}},{"id":2}]')).toContain(
      'not a pair of listings',
    );
    expect(unreadableMessage('"t3_abc"')).toContain('expected a JSON object');
  });
});

describe('redditPlatform', () => {
  it('names its platform, says what can be collected and parses through the module', () => {
    expect(redditPlatform.platform).toBe('reddit');
    expect(redditPlatform.eligibility).toMatch(/100 queries a minute/);
    expect(redditPlatform.parse(fixture('listing-empty.json'))).toEqual([]);
  });
});
