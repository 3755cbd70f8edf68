import { describe, expect, it } from 'vitest';
import type { CollectedMention } from '../../model.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { expectNoPersonOutsideAuthorName as expectNoPersonsIn } from '../test-support/mentions.js';
import { tiktokPlatform } from './index.js';
import { withLongIntegersQuoted } from './long-id-json.js';
import { parseTiktok } from './parse-tiktok.js';

const fixture = fixtureReader(import.meta.dirname);

/** Handles and names of the persons in the fixtures: none may leave the parser. */
const PERSONS = ['be.na_saigon', 'tuan.anh.xe_om', 'Hồ Thị Mai', 'Bé Na Sài Gòn'];

function expectNoPersonOutsideAuthorName(mentions: CollectedMention[]): void {
  expectNoPersonsIn(mentions, PERSONS);
}

describe('parseTiktok: video query', () => {
  const mentions = parseTiktok(fixture('video-query.json'));

  it('keeps int64 ids exact', () => {
    expect(mentions.map((m) => m.externalId)).toEqual([
      '7442918273645120789',
      '7442801122334455667',
    ]);
    expect((mentions[0]!.raw as Record<string, unknown>).music_id).toBe('7442918301234567890');
  });

  it('reads text, date, engagement and a handle-free address', () => {
    expect(mentions[0]).toMatchObject({
      platform: 'tiktok',
      url: 'https://www.tiktok.com/player/v1/7442918273645120789',
      text: 'Mưa 30 phút, đường Võ Văn Ngân thành sông 😵 #ngap #thuduc #saigon',
      publishedAt: '2024-11-30T10:00:00.000Z',
      engagement: { likes: 9120, comments: 3, shares: 214, views: 183400 },
      parentExternalId: null,
      threadRootExternalId: null,
      title: null,
      language: null,
    });
  });

  it('keys creators as persons without their username', () => {
    const [first, second] = mentions;
    expect(first!.author).toMatchObject({ kind: 'person', name: null });
    expect(first!.author!.nativeId).not.toBe(second!.author!.nativeId);
    expect(parseTiktok(fixture('video-query.json'))[0]!.author).toEqual(first!.author);
  });

  it('masks @mentions and names no person anywhere, raw included', () => {
    expect(mentions[1]!.text).toBe(
      'Cập nhật lịch thu phí đường cao tốc mới từ tháng 12, cùng @user tìm hiểu nhé',
    );
    expectNoPersonOutsideAuthorName(mentions);
    expect(mentions[0]!.raw).toMatchObject({
      voice_to_text: expect.any(String),
      region_code: 'VN',
    });
  });
});

describe('parseTiktok: comments and replies', () => {
  const mentions = parseTiktok(fixture('video-comments.json'));
  const video = '7442918273645120789';

  it('hangs top-level comments under the video and replies under their comment', () => {
    expect(mentions.map((m) => [m.externalId, m.parentExternalId, m.threadRootExternalId])).toEqual(
      [
        ['7442925566778899001', video, video],
        ['7442927788990011002', '7442925566778899001', video],
        ['7442929900112233003', video, video],
      ],
    );
  });

  it('reads likes, reply counts and dates; comments have no author', () => {
    expect(mentions[0]).toMatchObject({
      engagement: { likes: 88, comments: 2 },
      publishedAt: '2024-11-30T10:20:00.000Z',
      author: null,
      url: null,
    });
    expect(mentions[1]!.text).toBe('@user chị đi đường nào về vậy, em né với');
    expectNoPersonOutsideAuthorName(mentions);
  });

  it('reads a comment’s replies, whose video the body does not name', () => {
    const [reply] = parseTiktok(fixture('comment-replies.json'));
    expect(reply).toMatchObject({
      externalId: '7442970011223344004',
      parentExternalId: '7442925566778899001',
      threadRootExternalId: null,
      engagement: { comments: 0 },
    });
    expectNoPersonOutsideAuthorName([reply!]);
  });
});

describe('parseTiktok: other answers', () => {
  it('returns nothing for user info and an empty result', () => {
    expect(parseTiktok(fixture('user-info.json'))).toEqual([]);
    expect(parseTiktok(fixture('empty-query.json'))).toEqual([]);
  });

  it('reads liked, pinned and reposted video lists, ids as strings or numbers', () => {
    const liked = parseTiktok(
      '{"data":{"cursor":1706457371000,"has_more":true,"user_liked_videos":[{"share_count":"1",' +
        '"view_count":1586,"id":"7333333333333333333","create_time":"1706442860"},]},' +
        '"error":{"code":"ok","message":"ok","log_id":"1"}}',
    );
    expect(liked[0]).toMatchObject({
      externalId: '7333333333333333333',
      engagement: { shares: 1, views: 1586 },
      publishedAt: '2024-01-28T11:54:20.000Z',
      author: null,
    });
    const pinned = parseTiktok(
      '{"data":{"pinned_videos_list":[{"id":9999999999999999999,"like_count":5}]},"error":{"code":"ok"}}',
    );
    expect(pinned[0]!.externalId).toBe('9999999999999999999');
    const reposted = parseTiktok('{"data":{"reposted_videos":[{"id":1}],"has_more":false}}');
    expect(reposted.map((m) => m.externalId)).toEqual(['1']);
  });

  it('skips only items without an id', () => {
    const mentions = parseTiktok(
      '{"data":{"videos":[{"video_description":"không id"},{"video_id":123}]},"error":{"code":"ok"}}',
    );
    expect(mentions.map((m) => m.externalId)).toEqual(['123']);
    expect(mentions[0]).toMatchObject({ text: '', publishedAt: null, engagement: {} });
  });
});

describe('parseTiktok: bodies it cannot read', () => {
  it('quotes the error code and message', () => {
    expect(() => parseTiktok(fixture('error-rate-limit.json'))).toThrow(
      'tiktok: rate_limit_exceeded: API rate limit was exceeded, only 1000 requests are allowed per day.',
    );
    expect(() => parseTiktok(fixture('error-invalid-token.json'))).toThrow(
      new UnreadableBodyError(
        'tiktok',
        'access_token_invalid: The access token is invalid or not found in the request.',
      ),
    );
    expect(() =>
      parseTiktok(
        '{"error":"invalid_client","error_description":"Client key or secret is incorrect."}',
      ),
    ).toThrow('tiktok: invalid_client: Client key or secret is incorrect.');
  });

  it('refuses HTML and shapes it has never seen', () => {
    expect(() => parseTiktok('<html><title>TikTok</title></html>')).toThrow(UnreadableBodyError);
    expect(() => parseTiktok('{"data":{"items":[{"id":1}]},"error":{"code":"ok"}}')).toThrow(
      /no videos or comments/,
    );
    expect(() => parseTiktok('{"access_token":"clt.x","expires_in":7200}')).toThrow(/no "data"/);
    expect(() => parseTiktok('[]')).toThrow(/expected a JSON object/);
  });

  it('is the tiktok module of the registry', () => {
    expect(tiktokPlatform.platform).toBe('tiktok');
    expect(tiktokPlatform.parse).toBe(parseTiktok);
  });
});

describe('withLongIntegersQuoted', () => {
  it('quotes only unsafe integers outside strings and drops trailing commas', () => {
    expect(
      withLongIntegersQuoted(
        '{"a":12345678901234567890,"b":"9007199254740993","c":[1.5e300,-42,],}',
      ),
    ).toBe('{"a":"12345678901234567890","b":"9007199254740993","c":[1.5e300,-42]}');
    expect(withLongIntegersQuoted('{"s":"a \\" 99999999999999999999 ,}"}')).toBe(
      '{"s":"a \\" 99999999999999999999 ,}"}',
    );
  });
});
