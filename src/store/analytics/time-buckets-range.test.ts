import { describe, expect, it } from 'vitest';
import type { Interval } from '../listening-store.js';
import { bucketOfHour, bucketsBetween } from './time-buckets.js';

const hourOf = (iso: string) => Date.parse(iso) / 3_600_000;

/** The definition: every hour's bucket, distinct, in order. */
function walkEveryHour(first: number, last: number, interval: Interval, zone: string): number[] {
  const starts: number[] = [];
  for (let hour = first; hour <= last; hour++) {
    const start = bucketOfHour(hour, interval, zone);
    if (starts[starts.length - 1] !== start) starts.push(start);
  }
  return starts;
}

describe('bucket lists over long ranges', () => {
  const zones = [
    'Asia/Ho_Chi_Minh',
    'America/New_York',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    'America/Santiago',
    'UTC',
  ];
  for (const zone of zones) {
    it(`gives the same buckets as walking every hour in ${zone}`, () => {
      const first = hourOf('2023-01-01T13:00:00Z');
      const last = hourOf('2025-12-31T02:00:00Z');
      for (const interval of ['day', 'week'] as const) {
        expect(bucketsBetween(first, last, interval, zone)).toEqual(
          walkEveryHour(first, last, interval, zone),
        );
      }
      const shortLast = first + 24 * 120;
      expect(bucketsBetween(first, shortLast, 'hour', zone)).toEqual(
        walkEveryHour(first, shortLast, 'hour', zone),
      );
    });
  }

  it('lists 270 years of New York days in work proportional to the days', {
    timeout: 60_000,
  }, () => {
    const started = performance.now();
    const days = bucketsBetween(
      hourOf('1800-01-01T00:00:00Z'),
      hourOf('2070-01-01T00:00:00Z'),
      'day',
      'America/New_York',
    );
    const elapsed = performance.now() - started;
    // 270 years of days, one more for the local day holding the first UTC hour.
    expect(days.length).toBe(98_617);
    expect(new Set(days).size).toBe(days.length);
    // Walking every hour of the range through Intl took minutes; a busy machine still does this in seconds.
    expect(elapsed).toBeLessThan(30_000);
  });
});
