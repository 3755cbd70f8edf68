import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CollectedMention } from '../../model.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import { youtubePlatform } from './index.js';
import { parseYoutube } from './parse-youtube.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const parseFixture = (name: string): CollectedMention[] => parseYoutube(fixture(name));

const VIDEO = 'Xk3vT9qLmN0';
const CHANNEL = 'UCq3Jt8XbKd0VnHw2mPzR7sA';
const TOP = 'UgzK7rT2pQ9wXcV4bN1AaABAg';

/** Every person's handle, display name and avatar in the fixtures. */
const PERSON_TRACES = [
  'nguyenvanan88',
  'Trần Thị Bích Ngọc',
  'bichngoc',
  'le.hoang-minh',
  'lehoangminh',
  'phamthu_hn',
  'phamthu',
  'vothanhtung.sg',
  'thanhtung',
  'hoa.nguyen-92',
  'hoanguyen',
];

/** The result as serialised, with only `author.name` left out: the one place a name may be. */
function serialisedWithoutAuthorNames(mentions: CollectedMention[]): string {
  return JSON.stringify(
    mentions.map((m) => ({ ...m, author: m.author ? { ...m.author, name: null } : null })),
  ).toLowerCase();
}

function expectNoPersonTraces(mentions: CollectedMention[]): void {
  const visible = serialisedWithoutAuthorNames(mentions);
  const raws = JSON.stringify(mentions.map((m) => m.raw)).toLowerCase();
  for (const trace of PERSON_TRACES) {
    expect(visible).not.toContain(trace.toLowerCase());
    expect(raws).not.toContain(trace.toLowerCase());
  }
  expect(raws).not.toContain('authordisplayname');
  expect(raws).not.toContain('authorprofileimageurl');
  expect(raws).not.toContain('authorchannelurl');
}

function unreadableMessage(body: string): string {
  try {
    parseYoutube(body);
  } catch (error) {
    expect(error).toBeInstanceOf(UnreadableBodyError);
    return (error as Error).message;
  }
  throw new Error('expected the body to be refused');
}

describe('parseYoutube: videos.list', () => {
  const [first, second] = parseFixture('videos-list.json');

  it('reads each video with its channel, statistics sent as strings, and language', () => {
    expect(first).toMatchObject({
      platform: 'youtube',
      externalId: VIDEO,
      url: `https://www.youtube.com/watch?v=${VIDEO}`,
      title: 'Triều cường dâng cao, nhiều tuyến đường ở Thủ Đức ngập sâu',
      publishedAt: '2026-10-28T01:15:00.000Z',
      language: 'vi',
      author: { nativeId: CHANNEL, name: 'Tin Tức Thủ Đức', kind: 'channel' },
      engagement: { views: 15230, likes: 412, comments: 87 },
      parentExternalId: null,
      threadRootExternalId: null,
      categories: [],
      html: null,
    });
    expect(first?.text).toBe(
      'Sáng 28/10, triều cường đạt đỉnh 1,7 m khiến đường Kha Vạn Cân và Tô Ngọc Vân ngập hơn nửa mét.\n\nĐăng ký kênh để xem thêm tin tức mỗi ngày.',
    );
  });

  it('leaves out counts the video hides and reads an empty description as empty text', () => {
    expect(second?.engagement).toEqual({ views: 980 });
    expect(second?.text).toBe('');
    expect(second?.language).toBeNull();
  });
});

describe('parseYoutube: commentThreads.list', () => {
  const mentions = parseFixture('comment-threads.json');
  const byId = new Map(mentions.map((m) => [m.externalId, m]));

  it('yields each top-level comment followed by its replies, in body order', () => {
    expect(mentions.map((m) => m.externalId)).toEqual([
      TOP,
      `${TOP}.9xQ2mK4pR7tA1bC3dE5fG7`,
      `${TOP}.9xQ3nL5qS8uB2cD4eF6gH8`,
      `${TOP}.9xQ4oM6rT9vC3dE5fG7hI9`,
      'Ugw9pL3mK5nJ7hG2fD4sAaABAg',
      'UgxR4tY6uI8oP0aS2dF4gAaABAg',
    ]);
  });

  it('roots every comment at the video; top-level comments answer the video, replies their comment', () => {
    for (const m of mentions) expect(m.threadRootExternalId).toBe(VIDEO);
    expect(byId.get(TOP)?.parentExternalId).toBe(VIDEO);
    expect(byId.get(`${TOP}.9xQ3nL5qS8uB2cD4eF6gH8`)?.parentExternalId).toBe(TOP);
    expect(byId.get(TOP)?.url).toBe(`https://www.youtube.com/watch?v=${VIDEO}&lc=${TOP}`);
  });

  it('knows people by channel id, and the video owner’s own comments as the channel', () => {
    expect(byId.get(TOP)?.author).toEqual({
      nativeId: 'UCa8Fh3Kd9Lm2Np5Qr7St1Vw',
      name: '@nguyenvanan88',
      kind: 'person',
    });
    expect(byId.get(`${TOP}.9xQ2mK4pR7tA1bC3dE5fG7`)?.author).toMatchObject({
      nativeId: CHANNEL,
      kind: 'channel',
    });
    expect(byId.get('UgxR4tY6uI8oP0aS2dF4gAaABAg')?.author?.kind).toBe('channel');
    expect(byId.get(`${TOP}.9xQ3nL5qS8uB2cD4eF6gH8`)?.author?.kind).toBe('person');
  });

  it('counts likes, and replies on top-level comments only', () => {
    expect(byId.get(TOP)?.engagement).toEqual({ likes: 56, comments: 3 });
    expect(byId.get(`${TOP}.9xQ4oM6rT9vC3dE5fG7hI9`)?.engagement).toEqual({ likes: 8 });
  });

  it('keeps the edit time of an edited comment', () => {
    const edited = byId.get(`${TOP}.9xQ4oM6rT9vC3dE5fG7hI9`);
    expect(edited?.publishedAt).toBe('2026-10-28T05:01:00.000Z');
    expect(edited?.updatedAt).toBe('2026-10-28T06:45:30.000Z');
  });

  it('reads textOriginal, or textDisplay as HTML when that is all there is', () => {
    expect(byId.get(TOP)?.text).toBe(
      'Đường Kha Vạn Cân sáng nay ngập tới yên xe, đi làm trễ cả tiếng 😩',
    );
    expect(byId.get('Ugw9pL3mK5nJ7hG2fD4sAaABAg')?.text).toBe(
      'Mong thành phố sớm làm đê bao "Thủ Đức – Nhà Bè".\nDân mình khổ quá rồi & không ai nghe.',
    );
  });

  it('masks the people a reply names, with @handle or @display name', () => {
    expect(byId.get(`${TOP}.9xQ3nL5qS8uB2cD4eF6gH8`)?.text).toBe(
      '@user nhà mình ở Linh Đông cũng ngập, xe chết máy giữa đường.',
    );
    expect(byId.get(`${TOP}.9xQ4oM6rT9vC3dE5fG7hI9`)?.text).toBe(
      'Cống thoát nước chưa nạo vét thì năm nào cũng vậy thôi. Chị @user thử báo phường xem.',
    );
  });

  it('keeps no person’s name, handle or avatar anywhere but author.name, raw included', () => {
    expectNoPersonTraces(mentions);
    const raw = byId.get(TOP)?.raw as { snippet: { topLevelComment: { snippet: object } } };
    expect(raw.snippet.topLevelComment.snippet).toMatchObject({
      authorChannelId: { value: 'UCa8Fh3Kd9Lm2Np5Qr7St1Vw' },
      likeCount: 56,
    });
  });
});

describe('parseYoutube: other list bodies', () => {
  it('reads comments.list replies: parent from parentId, root the thread when the video is not named', () => {
    const mentions = parseFixture('comments-list.json');
    expect(mentions).toHaveLength(2);
    for (const m of mentions) {
      expect(m.parentExternalId).toBe(TOP);
      expect(m.threadRootExternalId).toBe(TOP);
      expect(m.author?.kind).toBe('person');
      expect(m.url).toBeNull();
    }
    expect(mentions[1]?.text).toBe('@user Bên Hiệp Bình Chánh vẫn còn ngập anh ạ.');
    expectNoPersonTraces(mentions);
  });

  it('reads search.list videos with their escaped titles decoded and skips channels and playlists', () => {
    const mentions = parseFixture('search-list.json');
    expect(mentions.map((m) => m.externalId)).toEqual([VIDEO, 'pR8sT0uV2wX']);
    expect(mentions[1]).toMatchObject({
      title: '"Ngập như sông" – Người dân Thủ Đức nói gì? | Bản tin 24\'',
      text: 'Phóng sự: nước ngập & kẹt xe kéo dài ở Thủ Đức …',
      author: { nativeId: 'UCg7Ln9Qj5Rs8Tv1Wx3Yz7De', name: 'Báo Ví Dụ TV', kind: 'channel' },
      publishedAt: '2026-10-26T14:40:00.000Z',
      engagement: {},
    });
  });

  it('reads playlistItems.list as the videos, with deleted and private ones marked deleted', () => {
    const [live, deleted, hidden] = parseFixture('playlist-items.json');
    expect(live).toMatchObject({
      externalId: VIDEO,
      publishedAt: '2026-10-28T01:15:00.000Z',
      author: { nativeId: CHANNEL, kind: 'channel' },
    });
    expect(live?.deleted).toBeUndefined();
    for (const gone of [deleted, hidden]) {
      expect(gone).toMatchObject({ deleted: true, text: '', title: null, author: null });
    }
    expect(deleted?.externalId).toBe('c9TgH2jK4lM');
  });

  it('reads a playlist page fetched with part=contentDetails only', () => {
    const body = JSON.stringify({
      kind: 'youtube#playlistItemListResponse',
      items: [
        {
          kind: 'youtube#playlistItem',
          id: 'UExwMTIz',
          contentDetails: { videoId: 'e1ViJ4lM6nO', videoPublishedAt: '2026-09-01T00:00:00Z' },
        },
      ],
    });
    expect(parseYoutube(body)).toMatchObject([
      { externalId: 'e1ViJ4lM6nO', text: '', title: null, publishedAt: '2026-09-01T00:00:00.000Z' },
    ]);
  });

  it('reads videos:batchGetStats', () => {
    expect(parseFixture('batch-get-stats.json')).toMatchObject([
      {
        externalId: VIDEO,
        publishedAt: '2026-10-28T01:15:00.000Z',
        engagement: { views: 18004, likes: 455, comments: 93 },
        author: null,
      },
    ]);
  });

  it('reads a body whose fields= filter dropped every kind', () => {
    const body = JSON.stringify({
      items: [
        {
          snippet: {
            videoId: VIDEO,
            topLevelComment: {
              id: 'UgyF1lter',
              snippet: { textOriginal: 'Ủng hộ kênh', likeCount: '4' },
            },
            totalReplyCount: '0',
          },
        },
      ],
    });
    expect(parseYoutube(body)).toMatchObject([
      {
        externalId: 'UgyF1lter',
        text: 'Ủng hộ kênh',
        parentExternalId: VIDEO,
        engagement: { likes: 4, comments: 0 },
        author: null,
      },
    ]);
  });

  it('skips an item without an id and keeps the rest', () => {
    const body = JSON.stringify({
      kind: 'youtube#videoListResponse',
      items: [
        { kind: 'youtube#video', snippet: { title: 'không id' } },
        { kind: 'youtube#video', id: 'f2WjK5mN7oP' },
      ],
    });
    expect(parseYoutube(body).map((m) => m.externalId)).toEqual(['f2WjK5mN7oP']);
  });

  it('returns nothing for an empty page', () => {
    expect(parseFixture('comment-threads-empty.json')).toEqual([]);
  });
});

describe('parseYoutube: bodies it cannot read', () => {
  it('quotes the reason and message of a quota error', () => {
    expect(unreadableMessage(fixture('error-quota-exceeded.json'))).toBe(
      'youtube: quotaExceeded: The request cannot be completed because you have exceeded your quota.',
    );
  });

  it('quotes disabled comments and a blocked key', () => {
    expect(unreadableMessage(fixture('error-comments-disabled.json'))).toBe(
      'youtube: commentsDisabled: The video identified by the videoId parameter has disabled comments.',
    );
    expect(unreadableMessage(fixture('error-key-blocked.json'))).toMatch(
      /^youtube: forbidden: Requests to this API youtube method .* are blocked\.$/,
    );
  });

  it('names an HTML page by its title', () => {
    expect(unreadableMessage(fixture('error-page.html'))).toBe(
      'youtube: the body is HTML, not a JSON API response: Error 404 (Not Found)!!1',
    );
  });

  it('refuses shapes it has never seen rather than guessing', () => {
    expect(unreadableMessage('{"kind":"youtube#somethingNew","id":"x"}')).toContain(
      'kind youtube#somethingNew',
    );
    expect(unreadableMessage('{"data":[{"id":"1","text":"x"}]}')).toContain(
      'not a YouTube Data API response',
    );
    expect(unreadableMessage('[{"id":"1"}]')).toContain('expected a JSON object');
    expect(unreadableMessage('{"items":[{"foo":1},{"bar":2}]}')).toContain('no video, comment');
    expect(unreadableMessage('{"items":{"id":"x"}}')).toContain('"items" is not a list');
    expect(unreadableMessage('')).toBe('youtube: empty body');
  });
});

describe('youtubePlatform', () => {
  it('names its platform, says what can be collected and parses through the module', () => {
    expect(youtubePlatform.platform).toBe('youtube');
    expect(youtubePlatform.eligibility).toMatch(/10,000 quota units/);
    expect(youtubePlatform.parse(fixture('batch-get-stats.json'))).toHaveLength(1);
  });
});
