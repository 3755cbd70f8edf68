import { describe, expect, it } from 'vitest';
import type { CollectedMention } from '../../model.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { expectNoPersonOutsideAuthorName } from '../test-support/mentions.js';
import { xPlatform } from './index.js';
import { parseX } from './parse-x.js';

const fixture = fixtureReader(import.meta.dirname);
const parseFixture = (name: string): CollectedMention[] => parseX(fixture(name));

const NEWS_POST = '2115254722360247273';
const FIRST_REPLY = '2115263580730296274';
const SECOND_REPLY = '2115270241285049275';
const QUOTE = '2115279888184251277';
const QUOTED = '2115216973624250276';
const LONG_POST_FIRST_VERSION = '2115292471096252278';

/** Every person's handle, name and avatar in the fixtures. */
const PERSON_TRACES = [
  'thaovy_sg',
  'Nguyễn Thảo Vy',
  'quanghuy_hcm',
  'Lê Quang Huy',
  'ngochan1995',
  'Phạm Ngọc Hân',
  'thaovy_normal',
  'quanghuy_normal',
];

function expectNoPersonTraces(mentions: CollectedMention[]): void {
  const { raws } = expectNoPersonOutsideAuthorName(mentions, PERSON_TRACES, { ignoreCase: true });
  expect(raws).not.toContain('"username"');
}

function unreadableMessage(body: string): string {
  try {
    parseX(body);
  } catch (error) {
    expect(error).toBeInstanceOf(UnreadableBodyError);
    return (error as Error).message;
  }
  throw new Error('expected the body to be refused');
}

describe('parseX: recent search', () => {
  const mentions = parseFixture('recent-search.json');
  const byId = new Map(mentions.map((m) => [m.externalId, m]));

  it('yields the posts in body order, then included posts not already yielded', () => {
    expect(mentions.map((m) => m.externalId)).toEqual([
      NEWS_POST,
      FIRST_REPLY,
      SECOND_REPLY,
      QUOTE,
      LONG_POST_FIRST_VERSION,
      QUOTED,
    ]);
  });

  it('reads a page’s post: id, permalink without a handle, counts, language, dates', () => {
    expect(byId.get(NEWS_POST)).toMatchObject({
      platform: 'x',
      url: `https://x.com/i/web/status/${NEWS_POST}`,
      publishedAt: '2026-10-28T01:30:00.000Z',
      updatedAt: null,
      language: 'vi',
      author: { nativeId: '148826374', name: 'Báo Ví Dụ', kind: 'page' },
      engagement: { likes: 85, comments: 3, shares: 16, views: 15230 },
      parentExternalId: null,
      threadRootExternalId: null,
      title: null,
      html: null,
      categories: [],
    });
    expect(byId.get(NEWS_POST)?.text).toContain('Kha Vạn Cân & Tô Ngọc Vân');
  });

  it('links replies to the post they answer and to the conversation’s first post', () => {
    expect(byId.get(FIRST_REPLY)).toMatchObject({
      parentExternalId: NEWS_POST,
      threadRootExternalId: NEWS_POST,
    });
    expect(byId.get(SECOND_REPLY)).toMatchObject({
      parentExternalId: FIRST_REPLY,
      threadRootExternalId: NEWS_POST,
    });
    expect(byId.get(QUOTE)?.parentExternalId).toBeNull();
  });

  it('names persons by account id, governments and businesses as pages', () => {
    expect(byId.get(FIRST_REPLY)?.author).toEqual({
      nativeId: '1598765432109876543',
      name: 'Nguyễn Thảo Vy',
      kind: 'person',
    });
    // X's paid blue check does not make a person a page.
    expect(byId.get(SECOND_REPLY)?.author?.kind).toBe('person');
    expect(byId.get(QUOTE)?.author?.kind).toBe('person');
    expect(byId.get(QUOTED)?.author).toMatchObject({ nativeId: '1122334455', kind: 'page' });
  });

  it('keeps an edited post under its first id, dated by it, with the edit time', () => {
    expect(byId.get(LONG_POST_FIRST_VERSION)).toMatchObject({
      publishedAt: '2026-10-28T04:00:00.000Z',
      updatedAt: '2026-10-28T04:42:00.000Z',
      threadRootExternalId: null,
    });
  });

  it('reads a long post’s full text from note_tweet', () => {
    const text = byId.get(LONG_POST_FIRST_VERSION)?.text ?? '';
    expect(text).toMatch(/cập nhật liên tục\.\n\nCảm ơn @user đã gửi ảnh Hiệp Bình Chánh & Linh/);
  });

  it('masks persons’ @handles and handle links but keeps pages’', () => {
    expect(byId.get(SECOND_REPLY)?.text).toBe(
      '@user @baovidu Linh Đông năm nào cũng vậy, phải nâng nền nhà thôi bạn ơi.',
    );
    expect(JSON.stringify(byId.get(QUOTE)?.raw)).toContain('twitter.com/hcmcgov/status/');
    expectNoPersonTraces(mentions);
  });

  it('keeps ids and counts in raw', () => {
    expect(byId.get(SECOND_REPLY)?.raw).toMatchObject({
      author_id: '1432109876543210987',
      public_metrics: { like_count: 2 },
      entities: { mentions: [{ id: '1598765432109876543' }, { id: '148826374' }] },
    });
  });
});

describe('parseX: lookups and stream lines', () => {
  it('reads a single post lookup', () => {
    expect(parseFixture('tweet-lookup.json')).toMatchObject([
      { externalId: NEWS_POST, engagement: { likes: 91, shares: 17 }, author: { kind: 'page' } },
    ]);
  });

  it('reports a looked-up post that is gone as deleted, and ignores one it may not see', () => {
    const mentions = parseFixture('lookup-with-deleted.json');
    expect(mentions.map((m) => [m.externalId, m.deleted ?? false])).toEqual([
      [FIRST_REPLY, false],
      ['2115322670085055281', true],
    ]);
    expect(mentions[1]).toMatchObject({ text: '', author: null });
    expect(parseFixture('lookup-deleted.json')).toMatchObject([
      { externalId: '2115322670085055281', deleted: true },
    ]);
  });

  it('reads a filtered-stream line, masking the person it mentions', () => {
    const [post] = parseFixture('stream-line.json');
    expect(post).toMatchObject({
      externalId: '2115312603755454280',
      author: { nativeId: '1432109876543210987', kind: 'person' },
      engagement: { likes: 0, comments: 0, shares: 0, views: 3 },
      threadRootExternalId: null,
    });
    expect(post?.text).toBe('Mưa to quá, đường Võ Văn Ngân lại ngập rồi @user ơi, về sớm đi');
    expectNoPersonTraces([post!]);
  });

  it('reads a stream capture of several lines with keep-alives, default fields only', () => {
    const mentions = parseFixture('stream-capture.ndjson');
    expect(mentions.map((m) => m.externalId)).toEqual([
      '2115312603755454280',
      '2115330219832247383',
    ]);
    expect(mentions[1]).toMatchObject({
      text: 'Kẹt xe cầu Sài Gòn',
      author: null,
      publishedAt: null,
      engagement: {},
    });
  });

  it('returns nothing for an empty page, rules, users or post counts', () => {
    expect(parseFixture('search-empty.json')).toEqual([]);
    expect(parseFixture('rules-add.json')).toEqual([]);
    expect(parseFixture('users-lookup.json')).toEqual([]);
    const counts = {
      data: [
        { end: '2026-10-28T00:00:00.000Z', start: '2026-10-27T00:00:00.000Z', tweet_count: 42 },
      ],
      meta: { total_tweet_count: 42 },
    };
    expect(parseX(JSON.stringify(counts))).toEqual([]);
  });
});

describe('parseX: bodies it cannot read', () => {
  it('quotes problem bodies and error lists', () => {
    expect(unreadableMessage(fixture('error-rate-limit.json'))).toBe(
      'x: Rate limit exceeded (code 88)',
    );
    expect(unreadableMessage(fixture('error-too-many-requests.json'))).toBe('x: Too Many Requests');
    expect(unreadableMessage(fixture('error-unauthorized.json'))).toBe('x: Unauthorized');
    expect(unreadableMessage(fixture('error-usage-capped.json'))).toBe(
      'x: UsageCapExceeded: Usage cap exceeded: Monthly product cap',
    );
    expect(unreadableMessage(fixture('error-invalid-request.json'))).toBe(
      'x: Invalid Request: One or more parameters to your request was invalid. (The `max_results` query parameter value [500] is not between 10 and 100)',
    );
  });

  it('refuses bodies it has never seen', () => {
    expect(unreadableMessage('{"statuses":[{"id_str":"1"}]}')).toContain('API v1.1');
    expect(unreadableMessage('{"kind":"Listing","data":{"children":[]}}')).toContain(
      'no posts in "data"',
    );
    expect(unreadableMessage('{"items":[]}')).toBe('x: not an X API v2 body');
    expect(unreadableMessage('<html><title>Over capacity</title></html>')).toBe(
      'x: the body is HTML, not a JSON API response: Over capacity',
    );
  });
});

describe('xPlatform', () => {
  it('names its platform, says what can be collected and parses through the module', () => {
    expect(xPlatform.platform).toBe('x');
    expect(xPlatform.eligibility).toMatch(/pay-per-use/);
    expect(xPlatform.parse(fixture('search-empty.json'))).toEqual([]);
  });
});
