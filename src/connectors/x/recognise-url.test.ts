import { describe, expect, it } from 'vitest';
import { recogniseXUrl } from './recognise-url.js';

const read = (url: string) => recogniseXUrl(new URL(url));

describe('X addresses', () => {
  it('reads searches and hashtags as recent-search queries', () => {
    expect(read('https://twitter.com/search?q=ng%E1%BA%ADp%20lang%3Avi&src=typed_query')).toEqual({
      follow: 'search',
      settings: { query: 'ngập lang:vi' },
      url: 'https://x.com/search?q=ng%E1%BA%ADp%20lang%3Avi&f=live',
    });
    expect(read('https://x.com/hashtag/ng%E1%BA%ADp')).toMatchObject({
      follow: 'search',
      settings: { query: '#ngập' },
    });
  });

  it('reads a post as its conversation and keeps no handle in the address', () => {
    expect(read('https://x.com/thaovy_sg/status/2115263580730296274?s=20')).toEqual({
      follow: 'conversation',
      settings: { postId: '2115263580730296274' },
      url: 'https://x.com/i/web/status/2115263580730296274',
    });
    expect(read('https://mobile.twitter.com/i/web/status/2115263580730296274')).toMatchObject({
      settings: { postId: '2115263580730296274' },
    });
  });

  it('reads the filtered stream address with its rule as a live source', () => {
    expect(
      read('https://api.twitter.com/2/tweets/search/stream?query=ng%E1%BA%ADp%20lang%3Avi'),
    ).toEqual({
      follow: 'stream',
      settings: { query: 'ngập lang:vi' },
      url: 'https://api.x.com/2/tweets/search/stream?query=ng%E1%BA%ADp%20lang%3Avi',
    });
    // Without a rule: the stream of the rules kept from the topics.
    expect(read('https://api.x.com/2/tweets/search/stream')).toEqual({
      follow: 'topics',
      settings: {},
      url: 'https://api.x.com/2/tweets/search/stream',
    });
    expect(read('https://api.x.com/2/tweets/search/recent?query=a')).toBeNull();
  });

  it('does not follow profiles, other hosts or queries longer than recent search takes', () => {
    expect(read('https://x.com/thaovy_sg')).toBeNull();
    expect(read('https://example.com/search?q=ngập')).toBeNull();
    expect(read('https://x.com/search')).toBeNull();
    expect(read(`https://x.com/search?q=${'a'.repeat(513)}`)).toBeNull();
  });
});
