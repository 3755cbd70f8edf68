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
});
