import { describe, expect, it } from 'vitest';
import { personSafeUrl } from './person-urls.js';

describe('addresses of persons’ posts', () => {
  it.each([
    ['https://www.tiktok.com/@lan.hn/video/735', 'https://www.tiktok.com/@/video/735'],
    ['https://twitter.com/lan_hn/status/178?s=20', 'https://x.com/i/web/status/178'],
    ['https://www.threads.net/@lan.hn/post/C5t', 'https://www.threads.net/t/C5t'],
    ['https://www.instagram.com/lan.hn/p/C5x/', 'https://www.instagram.com/p/C5x/'],
    ['https://www.instagram.com/reel/C5y/', 'https://www.instagram.com/reel/C5y/'],
    ['https://mastodon.social/@lan/1123', null],
    ['https://www.reddit.com/user/lan_hn/comments/abc', null],
    ['https://www.facebook.com/lan.nguyen/posts/123', null],
    ['https://www.facebook.com/1000090/posts/5002', 'https://www.facebook.com/1000090/posts/5002'],
    [
      'https://www.reddit.com/r/vietnam/comments/abc/x/',
      'https://www.reddit.com/r/vietnam/comments/abc/x/',
    ],
    ['not a url', null],
  ])('%s → %s', (url, safe) => {
    expect(personSafeUrl(url)).toBe(safe);
  });
});
