import { describe, expect, it } from 'vitest';
import { recogniseTiktokUrl } from './recognise-url.js';

const read = (url: string) => recogniseTiktokUrl(new URL(url));

describe('TikTok addresses', () => {
  it('reads hashtags and searches as video queries', () => {
    expect(read('https://www.tiktok.com/tag/Ngap?lang=vi')).toEqual({
      follow: 'query',
      settings: { hashtag: 'ngap' },
      url: 'https://www.tiktok.com/tag/ngap',
    });
    expect(
      read('https://www.tiktok.com/search?q=ng%E1%BA%ADp%20th%E1%BB%A7%20%C4%91%E1%BB%A9c'),
    ).toEqual({
      follow: 'query',
      settings: { keyword: 'ngập thủ đức' },
      url: 'https://www.tiktok.com/search?q=ng%E1%BA%ADp%20th%E1%BB%A7%20%C4%91%E1%BB%A9c',
    });
  });

  it('reads a video as its comments, stored under the player address without the handle', () => {
    const expected = {
      follow: 'video',
      settings: { videoId: '7442918273645120789' },
      url: 'https://www.tiktok.com/player/v1/7442918273645120789',
    };
    expect(
      read('https://www.tiktok.com/@be.na_saigon/video/7442918273645120789?is_from_webapp=1'),
    ).toEqual(expected);
    expect(read('https://www.tiktok.com/embed/v2/7442918273645120789')).toEqual(expected);
  });

  it('does not follow profiles or other hosts', () => {
    expect(read('https://www.tiktok.com/@be.na_saigon')).toBeNull();
    expect(read('https://vm.example.com/tag/ngap')).toBeNull();
    expect(read('https://www.tiktok.com/search')).toBeNull();
  });
});
