import { describe, expect, it } from 'vitest';
import { accessLine, redactedPath } from './access-log.js';

describe('access log', () => {
  it('masks the OpenID Connect callback’s code and state', () => {
    const path = redactedPath(
      '/api/auth/oidc/callback?code=abc123&state=xyz789&iss=https%3A%2F%2Fid',
    );
    expect(path).toBe('/api/auth/oidc/callback?code=***&state=***&iss=https%3A%2F%2Fid');
  });

  it('masks keys that look secret and keeps ordinary ones', () => {
    const line = accessLine('GET', '/api/mentions?q=ng%E1%BA%ADp&api_key=hunter2', 400, 3.25, 'ci');
    expect(line).toBe('GET /api/mentions?q=ng%E1%BA%ADp&api_key=*** 400 3.3ms ci');
    expect(redactedPath('/api/topics?topic=3&encoding=utf8')).toBe(
      '/api/topics?topic=3&encoding=utf8',
    );
  });

  it('reads full URLs and odd paths as URL parsing does', () => {
    const byUrl = (url: string) => {
      const parsed = new URL(url, 'http://local');
      const parts = [...parsed.searchParams].map(
        ([key, value]) =>
          `${encodeURIComponent(key)}=${/token|key|secret|pass|auth|sig|session|^code$|^state$/i.test(key) ? '***' : encodeURIComponent(value)}`,
      );
      return parsed.search ? `${parsed.pathname}?${parts.join('&')}` : parsed.pathname;
    };
    for (const url of [
      'http://127.0.0.1:8080/api/health',
      'http://127.0.0.1:8080/api/mentions?q=x%C4%83ng&limit=20&token=abc',
      'https://nghe.example/api/a/../b/./c?x=1',
      'http://h/api//double?x=1&x=2',
      'http://h',
      'http://h/?',
      '/api/m%E1%BA%ADp?q=a+b&k=%zz',
      '/api/ngập?q=ngập',
      '/api/.hidden/x',
      '/api/topics/12/',
    ]) {
      expect(redactedPath(url)).toBe(byUrl(url));
    }
  });

  it('checks a long path that is not plain in linear time', () => {
    const started = performance.now();
    redactedPath(`/${'a'.repeat(50_000)}!`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
