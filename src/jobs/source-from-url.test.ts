import { describe, expect, it } from 'vitest';
import { assertNoSecretSettings, resolveNewSource, SourceUrlError } from './source-from-url.js';

describe('resolveNewSource', () => {
  it('reads web addresses as feeds or sitemaps, verbatim', () => {
    expect(resolveNewSource('https://a.example/rss')).toEqual({
      kind: 'feed',
      url: 'https://a.example/rss',
      title: null,
    });
    expect(resolveNewSource('https://a.example/news-sitemap.xml').kind).toBe('sitemap');
    expect(resolveNewSource('https://a.example/bai.html', { kind: 'article' }).kind).toBe(
      'article',
    );
  });

  it('refuses what it cannot store with a one-line reason', () => {
    expect(() => resolveNewSource('ftp://a.example/')).toThrow(/not an http/);
    expect(() => resolveNewSource('nonsense')).toThrow(SourceUrlError);
    expect(() => resolveNewSource('https://a.example/', { kind: 'myspace' })).toThrow(
      /unknown kind "myspace": use one of feed, sitemap/,
    );
    expect(() => resolveNewSource('https://a.example/rss', { kind: 'youtube' })).toThrow(
      /not a youtube address/,
    );
  });

  it('reads platform pages as the platform kind with what to follow in settings', () => {
    expect(resolveNewSource('https://t.me/kenhtin/42', { title: 'Kênh tin' })).toEqual({
      kind: 'telegram',
      url: 'https://t.me/s/kenhtin',
      title: 'Kênh tin',
      settings: { follow: 'channel', channel: 'kenhtin' },
    });
    expect(resolveNewSource('https://www.reddit.com/r/VietNam/').settings).toEqual({
      follow: 'subreddit',
      subreddit: 'VietNam',
    });
  });

  it('keeps secrets out of source settings', () => {
    expect(() => assertNoSecretSettings({ follow: 'channel', apiKey: 'x' })).toThrow(
      /nghe credentials add/,
    );
    expect(() => assertNoSecretSettings({ accessToken: 'x' })).toThrow(SourceUrlError);
    expect(() => assertNoSecretSettings({ follow: 'video', videoId: 'x' })).not.toThrow();
  });
});
