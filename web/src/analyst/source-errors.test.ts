import { describe, expect, it } from 'vitest';
import type { Source } from '../../../src/http/api-types.js';
import { emptySourceHealth } from '../../../src/model.js';
import { analystText } from './analyst-messages.js';
import { failingSources, plainSourceError } from './source-errors.js';

const source = (id: number, health: Partial<Source['health']>, enabled = true): Source => ({
  id,
  kind: 'feed',
  url: `https://news.example/${id}`,
  title: null,
  enabled,
  settings: {},
  schedule: { intervalSeconds: 900, nextFetchAt: '2026-01-01T00:00:00Z' },
  validators: { etag: null, lastModified: null },
  cursor: null,
  health: { ...emptySourceHealth(), ...health },
  createdAt: '2026-01-01T00:00:00Z',
});

describe('source errors in plain words', () => {
  it('reads HTTP statuses and network failures in both languages', () => {
    const en = analystText('en');
    const vi = analystText('vi');
    expect(plainSourceError('HTTP 404 Not Found', en)).toBe(
      'The source’s server answered with error 404 (page not found).',
    );
    expect(plainSourceError('HTTP 503 Service Unavailable', vi)).toContain('503');
    expect(plainSourceError('getaddrinfo ENOTFOUND nowhere.example', en)).toBe(en('errorDns'));
    expect(plainSourceError('request timed out after 20000 ms', vi)).toBe(vi('errorTimeout'));
    expect(plainSourceError('not a feed: HTML page', en)).toBe(en('errorNotFeed'));
    expect(plainSourceError('something odd', en)).toBe(en('errorOther'));
  });

  it('counts only enabled sources still failing, not ones that recovered', () => {
    const list = [
      source(1, { consecutiveFailures: 2, lastError: 'HTTP 500' }),
      source(2, { consecutiveFailures: 0, lastError: 'HTTP 500' }),
      source(3, { consecutiveFailures: 3, lastError: 'HTTP 500' }, false),
    ];
    expect(failingSources(list).map((s) => s.id)).toEqual([1]);
  });
});
