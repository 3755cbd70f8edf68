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

  it('says when a platform is recognised but nothing collects it yet', () => {
    expect(() => resolveNewSource('https://t.me/s/kenhtin')).toThrow(
      /recognised as a telegram channel, but this version of nghe does not collect telegram/,
    );
  });

  it('keeps secrets out of source settings', () => {
    expect(() => assertNoSecretSettings({ follow: 'channel', apiKey: 'x' })).toThrow(
      /nghe credentials add/,
    );
    expect(() => assertNoSecretSettings({ accessToken: 'x' })).toThrow(SourceUrlError);
    expect(() => assertNoSecretSettings({ follow: 'video', videoId: 'x' })).not.toThrow();
  });
});
