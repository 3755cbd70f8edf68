import { describe, expect, it } from 'vitest';
import { mayExpandTeencode, registerOfPlatform } from './register.js';

describe('registerOfPlatform', () => {
  it('reads news sites as news, social platforms as social, anything else as unknown', () => {
    expect(registerOfPlatform('web')).toBe('news');
    for (const p of ['facebook', 'youtube', 'reddit', 'tiktok', 'mastodon']) {
      expect(registerOfPlatform(p)).toBe('social');
    }
    expect(registerOfPlatform(undefined)).toBeUndefined();
    expect(registerOfPlatform(null)).toBeUndefined();
    expect(registerOfPlatform('import')).toBeUndefined();
  });
});

describe('mayExpandTeencode', () => {
  it('never expands in news, and never a lone capital or an all-capital word', () => {
    expect(mayExpandTeencode('ko', 'news')).toBe(false);
    for (const register of ['social', undefined] as const) {
      expect(mayExpandTeencode('K', register)).toBe(false);
      expect(mayExpandTeencode('DC', register)).toBe(false);
      expect(mayExpandTeencode('ko', register)).toBe(true);
      expect(mayExpandTeencode('k0', register)).toBe(true);
    }
    expect(mayExpandTeencode('Ko', 'social')).toBe(true);
    expect(mayExpandTeencode('TP', 'news')).toBe(true);
    expect(mayExpandTeencode('Ko', undefined)).toBe(false);
  });
});
