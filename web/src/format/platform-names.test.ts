import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../../src/model.js';
import { createLocale } from '../i18n/locale.js';
import { followTarget, platformLook, platformName } from './platform-names.js';

describe('platform names', () => {
  const vi = createLocale('vi', 'UTC');
  const en = createLocale('en', 'UTC');

  it('names every platform the API knows, in each language, with a mark of its own', () => {
    const marks = new Set<string>();
    for (const platform of PLATFORMS) {
      const name = platformName(platform, en.t);
      expect(name).not.toBe(platform);
      marks.add(platformLook(platform).mark);
    }
    expect(marks.size).toBe(PLATFORMS.length);
    expect(platformName('youtube', vi.t)).toBe(platformName('youtube', en.t));
    expect(platformName('web', vi.t)).not.toBe(platformName('web', en.t));
    expect(platformName('threads', en.t)).toBe('threads');
  });

  it('says what a source follows from its settings', () => {
    expect(followTarget({ follow: 'channel', handle: 'vtv24' })).toBe('@vtv24');
    expect(followTarget({ instance: 'https://mastodon.social', tag: 'hanoi' })).toBe(
      '#hanoi (mastodon.social)',
    );
    expect(followTarget({ subreddit: 'vietnam', query: 'ngập' })).toBe('“ngập” r/vietnam');
    expect(followTarget({ fetchFullText: true })).toBeNull();
  });
});
