import { describe, expect, it } from 'vitest';
import { nextMidnight, windowEnd } from './quota-window.js';

const PACIFIC = 'America/Los_Angeles';

describe('quota windows', () => {
  it('renews YouTube quotas at midnight Pacific, standard and daylight time', () => {
    // 15:00 UTC on 15 January is 07:00 PST (UTC-8): renewal at 08:00 UTC on the 16th.
    expect(nextMidnight(new Date('2026-01-15T15:00:00Z'), PACIFIC).toISOString()).toBe(
      '2026-01-16T08:00:00.000Z',
    );
    // In July, PDT (UTC-7).
    expect(nextMidnight(new Date('2026-07-01T06:59:00Z'), PACIFIC).toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    // The night clocks go forward (8 March 2026): the day before ends at 08:00 UTC.
    expect(nextMidnight(new Date('2026-03-07T20:00:00Z'), PACIFIC).toISOString()).toBe(
      '2026-03-08T08:00:00.000Z',
    );
    // and the day after starts at 07:00 UTC.
    expect(nextMidnight(new Date('2026-03-08T12:00:00Z'), PACIFIC).toISOString()).toBe(
      '2026-03-09T07:00:00.000Z',
    );
  });

  it('renews monthly budgets on the first of the next month in their zone', () => {
    const bucket = { limit: 100, window: { kind: 'monthly' as const, timeZone: 'UTC' } };
    expect(windowEnd(bucket, new Date('2026-12-31T23:59:00Z')).toISOString()).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    const hanoi = {
      limit: 100,
      window: { kind: 'monthly' as const, timeZone: 'Asia/Ho_Chi_Minh' },
    };
    // 20:00 UTC on 31 October is already 1 November in Hanoi (UTC+7).
    expect(windowEnd(hanoi, new Date('2026-10-31T20:00:00Z')).toISOString()).toBe(
      '2026-11-30T17:00:00.000Z',
    );
  });

  it('ends rolling windows a period after they opened', () => {
    const bucket = { limit: 300, window: { kind: 'rolling' as const, seconds: 300 } };
    expect(windowEnd(bucket, new Date('2026-01-01T00:00:00Z')).toISOString()).toBe(
      '2026-01-01T00:05:00.000Z',
    );
  });
});
