import { describe, expect, it } from 'vitest';
import type { CollectedMention } from '../../model.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import { fixtureReader } from '../test-support/fixtures.js';
import {
  expectNoPersonOutsideAuthorName as expectNoPersonsIn,
  mentionById,
} from '../test-support/mentions.js';
import { facebookPlatform } from './index.js';
import { parseFacebook } from './parse-facebook.js';

const fixture = fixtureReader(import.meta.dirname);

/** Names and handles of the persons in the fixtures: none may leave the parser but as author.name. */
const PERSONS = [
  'Nguyễn Thị Lan',
  'Trần Văn Hùng',
  'Lê Minh Châu',
  'Phạm Quốc Bảo',
  'pham.quoc.bao.92',
];

function expectNoPersonOutsideAuthorName(mentions: CollectedMention[]): void {
  expectNoPersonsIn(mentions, PERSONS);
}

describe('parseFacebook: a Page feed with comments expanded', () => {
  const mentions = parseFacebook(fixture('page-feed.json'));
  const post = '104958162837_1093847561029384';

  it('yields every post, comment and reply in body order', () => {
    expect(mentions.map((m) => m.externalId)).toEqual([
      post,
      '1093847561029384_2039485761029001',
      '1093847561029384_2039485761029002',
      '1093847561029384_2039485761029003',
      '1093847561029384_2039485761029004',
      '104958162837_1093851234567890',
      '104958162837_1093790011223344',
    ]);
  });

  it('reads a Page post with its edit time, counts and permalink', () => {
    expect(mentionById(mentions, post)).toMatchObject({
      platform: 'facebook',
      url: 'https://www.facebook.com/congthongtinthuduc/posts/pfbid02Xk9cVnDq7y3',
      text: expect.stringContaining('tạm cấm xe tải'),
      publishedAt: '2026-11-30T08:15:00.000Z',
      updatedAt: '2026-11-30T09:40:12.000Z',
      parentExternalId: null,
      threadRootExternalId: null,
      author: { nativeId: '104958162837', name: 'Cổng Thông Tin Thủ Đức', kind: 'page' },
      engagement: { likes: 318, comments: 4, shares: 42 },
      categories: [],
      html: null,
    });
  });

  it('hangs comments under the post and replies under their comment', () => {
    const comment = mentionById(mentions, '1093847561029384_2039485761029001');
    expect(comment).toMatchObject({
      parentExternalId: post,
      threadRootExternalId: post,
      author: { nativeId: '100023456789012', kind: 'person' },
      engagement: { likes: 27, comments: 2 },
      url: 'https://www.facebook.com/congthongtinthuduc/posts/pfbid02Xk9cVnDq7y3?comment_id=2039485761029001',
    });
    const pageReply = mentionById(mentions, '1093847561029384_2039485761029002');
    expect(pageReply).toMatchObject({
      parentExternalId: '1093847561029384_2039485761029001',
      threadRootExternalId: post,
      author: { nativeId: '104958162837', name: 'Cổng Thông Tin Thủ Đức', kind: 'page' },
    });
    expect(pageReply.url).toContain(
      'comment_id=2039485761029001&reply_comment_id=2039485761029002',
    );
  });

  it('masks the person a reply tags by name', () => {
    const reply = mentionById(mentions, '1093847561029384_2039485761029003');
    expect(reply.text).toBe('[user] sáng nay em đi qua vẫn còn nước tới mắt cá chân.');
    expect(reply.author).toMatchObject({ nativeId: '100034567890123', kind: 'person' });
  });

  it('reports a hidden comment removed, without its text', () => {
    const hidden = mentionById(mentions, '1093847561029384_2039485761029004');
    expect(hidden).toMatchObject({ deleted: true, text: '' });
    expect(JSON.stringify(hidden.raw)).not.toContain('lừa đảo');
  });

  it('keeps a visitor post by a person, with an address that does not name them', () => {
    const visitor = mentionById(mentions, '104958162837_1093851234567890');
    expect(visitor).toMatchObject({
      author: { nativeId: '100056789012345', kind: 'person' },
      url: 'https://www.facebook.com/104958162837/posts/1093851234567890',
      engagement: { likes: 9, comments: 0 },
    });
  });

  it('reads a Page story as its text', () => {
    expect(mentionById(mentions, '104958162837_1093790011223344').text).toBe(
      'Cổng Thông Tin Thủ Đức đã cập nhật ảnh bìa của họ.',
    );
  });

  it('names no person anywhere but in author.name, raw included', () => {
    expectNoPersonOutsideAuthorName(mentions);
    const raw = mentionById(mentions, post).raw as Record<string, unknown>;
    expect(raw.comments).toEqual({
      summary: { order: 'chronological', total_count: 4, can_comment: true },
    });
    expect(JSON.stringify(raw)).toContain('104958162837');
  });
});

describe('parseFacebook: a post’s comments with filter=stream', () => {
  const mentions = parseFacebook(fixture('post-comments.json'));
  const post = '104958162837_1093847561029384';

  it('reads the post from the paging link and replies from parent{id}', () => {
    expect(mentions.map((m) => [m.externalId, m.parentExternalId, m.threadRootExternalId])).toEqual(
      [
        ['1093847561029384_2039485761029001', post, post],
        ['1093847561029384_2039485761029002', '1093847561029384_2039485761029001', post],
        ['1093847561029384_2039485761029003', '1093847561029384_2039485761029001', post],
        ['1093847561029384_2039485761029004', post, post],
      ],
    );
  });

  it('knows the Page by the post id and leaves commenters without `from` unknown', () => {
    expect(mentions.map((m) => m.author?.kind ?? null)).toEqual(['person', 'page', null, 'person']);
  });

  it('skips a comment without an id (Page Public Content Access hides them)', () => {
    expect(mentions.some((m) => m.text.includes('Cảm ơn phường'))).toBe(false);
  });

  it('reads the ids Page Public Content Access withholds from the permalink', () => {
    const post = '19292868552_10158407654328553';
    const mentions = parseFacebook(
      JSON.stringify({
        data: [
          {
            created_time: '2026-11-30T08:31:07+0000',
            message: 'Cho hỏi lịch cắt điện ở đâu ạ?',
            comment_count: 1,
            permalink_url: `https://www.facebook.com/19292868552/posts/10158407654328553/?comment_id=111`,
          },
          {
            created_time: '2026-11-30T08:40:00+0000',
            message: 'Trên trang của phường bạn nhé',
            permalink_url:
              'https://www.facebook.com/19292868552/posts/10158407654328553/?comment_id=111&reply_comment_id=222',
          },
        ],
        summary: { order: 'chronological', total_count: 2, can_comment: true },
      }),
    );
    expect(mentions.map((m) => [m.externalId, m.parentExternalId, m.threadRootExternalId])).toEqual(
      [
        ['10158407654328553_111', post, post],
        ['10158407654328553_222', '10158407654328553_111', post],
      ],
    );
  });

  it('rebuilds a permalink that starts with a vanity name from ids', () => {
    const [comment] = parseFacebook(
      JSON.stringify({
        id: '1093851234567890_3001',
        message: 'Đồng ý, @pham.quoc.bao.92 nói đúng',
        from: { id: '100034567890123', name: 'Trần Văn Hùng' },
        permalink_url:
          'https://www.facebook.com/pham.quoc.bao.92/posts/1093851234567890/?comment_id=3001',
        can_comment: true,
      }),
    );
    expect(comment!.text).toBe('Đồng ý, @user nói đúng');
    expect(comment!.url).toBe('https://www.facebook.com/1093851234567890?comment_id=3001');
    expectNoPersonOutsideAuthorName([comment!]);
  });

  it('reports the hidden comment removed', () => {
    expect(mentions[3]).toMatchObject({ deleted: true, text: '' });
    expectNoPersonOutsideAuthorName(mentions);
  });
});

describe('parseFacebook: single nodes, maps and batches', () => {
  it('reads one post node with a video title and like summary', () => {
    const [video] = parseFacebook(fixture('single-post.json'));
    expect(video).toMatchObject({
      externalId: '104958162837_1093860000000001',
      title: 'Lịch cắt điện tuần đầu tháng 12',
      author: { kind: 'page' },
      engagement: { likes: 88, comments: 0, shares: 7 },
      publishedAt: '2026-12-01T01:00:00.000Z',
    });
    expect(JSON.stringify(video!.raw)).not.toContain('Nguyễn Thị Lan');
  });

  it('reads a comment node on its own, its post from its id', () => {
    const [comment] = parseFacebook(
      JSON.stringify({
        id: '1093847561029384_2039485761029009',
        message: 'Chiều nay nước rút chưa mọi người?',
        created_time: 1796112000,
        like_count: '4',
        from: { id: '100023456789012', name: 'Nguyễn Thị Lan' },
        unknown_future_field: { nested: true },
      }),
    );
    expect(comment).toMatchObject({
      parentExternalId: '1093847561029384',
      threadRootExternalId: '1093847561029384',
      publishedAt: '2026-12-01T08:00:00.000Z',
      engagement: { likes: 4 },
      url: null,
    });
  });

  it('reads an ?ids= map and the good parts of a batch', () => {
    const post = JSON.parse(fixture('single-post.json'));
    expect(parseFacebook(JSON.stringify({ [post.id]: post }))).toHaveLength(1);
    const batch = [
      { code: 200, headers: [], body: fixture('single-post.json') },
      { code: 400, headers: [], body: fixture('error-rate-limit.json') },
      null,
    ];
    expect(parseFacebook(JSON.stringify(batch)).map((m) => m.externalId)).toEqual([post.id]);
  });

  it('tells a feed page from a comment page by a post whose author owns its id', () => {
    const mentions = parseFacebook(
      JSON.stringify({
        data: [
          {
            id: '104958162837_1093800000000001',
            message: 'Thông báo lịch tiếp dân tháng 12',
            from: { id: '104958162837', name: 'Cổng Thông Tin Thủ Đức' },
            created_time: '2026-11-30T01:00:00+0000',
          },
          {
            id: '104958162837_1093800000000002',
            message: 'Phường mình khi nào sửa đèn đường ạ?',
            from: { id: '100056789012345', name: 'Phạm Quốc Bảo' },
            created_time: '2026-11-30T02:00:00+0000',
          },
        ],
        paging: { cursors: { before: 'QVFI', after: 'QVFJ' } },
      }),
    );
    expect(mentions.map((m) => [m.parentExternalId, m.author?.kind])).toEqual([
      [null, 'page'],
      [null, 'person'],
    ]);
  });

  it('returns nothing for an empty page', () => {
    expect(parseFacebook(fixture('empty-feed.json'))).toEqual([]);
  });

  it('reads posts with missing fields as null, and skips only items without an id', () => {
    const mentions = parseFacebook(
      JSON.stringify({ data: [{ id: '1_2' }, { message: 'không id', created_time: 'x' }] }),
    );
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatchObject({
      externalId: '1_2',
      text: '',
      publishedAt: null,
      author: null,
    });
  });
});

describe('parseFacebook: bodies it cannot read', () => {
  it('quotes the Graph error message', () => {
    expect(() => parseFacebook(fixture('error-expired-token.json'))).toThrow(
      'facebook: OAuthException code 190/463: Error validating access token: Session has expired',
    );
    expect(() => parseFacebook(fixture('error-rate-limit.json'))).toThrow(
      new UnreadableBodyError(
        'facebook',
        'OAuthException code 32: (#32) Page request limit reached',
      ),
    );
  });

  it('refuses HTML, other Graph nodes and shapes it has never seen', () => {
    expect(() => parseFacebook('<!DOCTYPE html><title>Facebook</title>')).toThrow(
      UnreadableBodyError,
    );
    const insights = {
      data: [
        {
          name: 'post_impressions',
          period: 'lifetime',
          values: [{ value: 1200 }],
          id: '104958162837_1093847561029384/insights/post_impressions/lifetime',
        },
      ],
    };
    expect(() => parseFacebook(JSON.stringify(insights))).toThrow(/not posts or comments/);
    expect(() => parseFacebook('{"kind":"youtube#videoListResponse","items":[]}')).toThrow(
      UnreadableBodyError,
    );
    expect(() => parseFacebook('[1,2]')).toThrow(/not a Graph API batch/);
  });

  it('is the facebook module of the registry', () => {
    expect(facebookPlatform.platform).toBe('facebook');
    expect(facebookPlatform.parse).toBe(parseFacebook);
  });
});
