import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders } from './rate-limit-headers.js';

const now = new Date('2026-03-01T00:00:00Z');

describe('parseRateLimitHeaders', () => {
  it('reads Reddit: remaining as a decimal, reset in seconds, limit from used + remaining', () => {
    expect(
      parseRateLimitHeaders(
        { 'x-ratelimit-remaining': '598.0', 'x-ratelimit-used': '2', 'x-ratelimit-reset': '372' },
        now,
      ),
    ).toEqual({ limit: 600, remaining: 598, resetAt: new Date('2026-03-01T00:06:12Z') });
  });

  it('reads Mastodon: reset as an ISO 8601 time', () => {
    expect(
      parseRateLimitHeaders(
        {
          'x-ratelimit-limit': '300',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': '2026-03-01T00:05:00.000Z',
        },
        now,
      ),
    ).toEqual({ limit: 300, remaining: 0, resetAt: new Date('2026-03-01T00:05:00Z') });
  });

  it('reads X and IETF headers with reset as Unix seconds', () => {
    const resetAt = new Date('2026-03-01T00:15:00Z');
    const epoch = String(resetAt.getTime() / 1000);
    expect(
      parseRateLimitHeaders(
        { 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '3', 'x-rate-limit-reset': epoch },
        now,
      ),
    ).toEqual({ limit: 450, remaining: 3, resetAt });
    expect(
      parseRateLimitHeaders(
        { 'ratelimit-limit': '3000;w=300', 'ratelimit-remaining': '2999', 'ratelimit-reset': '60' },
        now,
      ),
    ).toEqual({ limit: 3000, remaining: 2999, resetAt: new Date('2026-03-01T00:01:00Z') });
  });

  it('reports nothing when a window is not fully described', () => {
    expect(parseRateLimitHeaders({}, now)).toBeNull();
    expect(parseRateLimitHeaders({ 'x-ratelimit-remaining': '5' }, now)).toBeNull();
    expect(
      parseRateLimitHeaders({ 'x-ratelimit-remaining': 'x', 'x-ratelimit-reset': '5' }, now),
    ).toBeNull();
  });
});
