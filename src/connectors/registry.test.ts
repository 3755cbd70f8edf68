import { describe, expect, it } from 'vitest';
import { connectors, recogniseSourceUrl, sourceKinds } from './registry.js';
import { SOURCE_KINDS } from './source-kinds.js';

describe('source kind registry', () => {
  it('gives every connector the kind it is registered under', () => {
    for (const [kind, connector] of connectors) expect(connector.kind).toBe(kind);
    expect(Object.keys(sourceKinds).sort()).toEqual([...SOURCE_KINDS].sort());
  });

  it.each([
    ['https://www.youtube.com/@vtv24', 'youtube', 'channel', { handle: 'vtv24' }],
    ['https://m.youtube.com/@vtv24/videos', 'youtube', 'channel', { handle: 'vtv24' }],
    [
      'https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv',
      'youtube',
      'channel',
      { channelId: 'UCabcdefghijklmnopqrstuv' },
    ],
    [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3',
      'youtube',
      'video',
      { videoId: 'dQw4w9WgXcQ' },
    ],
    ['https://youtu.be/dQw4w9WgXcQ', 'youtube', 'video', { videoId: 'dQw4w9WgXcQ' }],
    ['https://www.youtube.com/shorts/dQw4w9WgXcQ', 'youtube', 'video', { videoId: 'dQw4w9WgXcQ' }],
    ['https://www.reddit.com/r/vietnam', 'reddit', 'subreddit', { subreddit: 'vietnam' }],
    ['https://old.reddit.com/r/VietNam/new/', 'reddit', 'subreddit', { subreddit: 'VietNam' }],
    [
      'https://www.reddit.com/r/VietNam/comments/1abcd1/ngap_o_thu_duc/',
      'reddit',
      'post',
      { subreddit: 'VietNam', postId: '1abcd1' },
    ],
    ['https://www.reddit.com/search/?q=ng%E1%BA%ADp', 'reddit', 'search', { query: 'ngập' }],
    [
      'https://mastodon.social/tags/hanoi',
      'mastodon',
      'hashtag',
      { instance: 'https://mastodon.social', tag: 'hanoi' },
    ],
    ['https://bsky.app/search?q=ng%E1%BA%ADp', 'bluesky', 'search', { query: 'ngập' }],
    [
      'https://bsky.app/profile/alice.bsky.social',
      'bluesky',
      'profile',
      { actor: 'alice.bsky.social' },
    ],
    ['https://t.me/s/kenhtin', 'telegram', 'channel', { channel: 'kenhtin' }],
    ['https://t.me/kenhtin/42', 'telegram', 'channel', { channel: 'kenhtin' }],
  ])('recognises %s', (url, kind, follow, settings) => {
    expect(recogniseSourceUrl(url)).toMatchObject({ kind, follow, settings });
  });

  it.each([
    'https://vnexpress.net/rss/tin-moi-nhat.rss',
    'https://www.youtube.com/feed/trending',
    'https://www.youtube.com/watch?v=short',
    'https://www.reddit.com/r/vietnam/wiki/index/page',
    'https://t.me/joinchat/abcdef',
    'https://bsky.app/search',
    'https://example.com/tags/hanoi/page/2',
    'not a url',
  ])('leaves %s to the web kinds', (url) => {
    expect(recogniseSourceUrl(url)).toBeNull();
  });

  it('stores one canonical address for the forms of one page', () => {
    const forms = [
      'https://youtu.be/dQw4w9WgXcQ',
      'https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share',
      'https://www.youtube.com/shorts/dQw4w9WgXcQ',
    ];
    const urls = new Set(forms.map((u) => recogniseSourceUrl(u)?.url));
    expect([...urls]).toEqual(['https://www.youtube.com/watch?v=dQw4w9WgXcQ']);
  });
});
