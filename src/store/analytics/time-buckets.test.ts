import { describe, expect, it } from 'vitest';
import { bucketOfHour, bucketsBetween, fixedOffsetHours } from './time-buckets.js';

const hourOf = (iso: string) => Date.parse(iso) / 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('time buckets', () => {
  it('aligns days to local midnight across a daylight-saving change', () => {
    // New York springs forward on 2025-03-09: that day is 23 hours long.
    const days = bucketsBetween(
      hourOf('2025-03-08T05:00:00Z'),
      hourOf('2025-03-10T05:00:00Z'),
      'day',
      'America/New_York',
    ).map(iso);
    expect(days).toEqual([
      '2025-03-08T05:00:00.000Z',
      '2025-03-09T05:00:00.000Z',
      '2025-03-10T04:00:00.000Z',
    ]);
    expect(iso(bucketOfHour(hourOf('2025-03-10T03:00:00Z'), 'day', 'America/New_York'))).toBe(
      '2025-03-09T05:00:00.000Z',
    );
  });

  it('starts weeks on Monday and puts half-hour zones in the hour holding their start', () => {
    // 2025-06-04 is a Wednesday.
    expect(iso(bucketOfHour(hourOf('2025-06-04T10:00:00Z'), 'week', 'Asia/Ho_Chi_Minh'))).toBe(
      '2025-06-01T17:00:00.000Z',
    );
    expect(iso(bucketOfHour(hourOf('2025-06-04T10:00:00Z'), 'hour', 'Asia/Kolkata'))).toBe(
      '2025-06-04T09:30:00.000Z',
    );
  });

  it('knows when a zone keeps one whole-hour offset over a range', () => {
    const from = hourOf('2025-01-01T00:00:00Z');
    const to = hourOf('2025-12-31T00:00:00Z');
    expect(fixedOffsetHours(from, to, 'Asia/Ho_Chi_Minh')).toBe(7);
    expect(fixedOffsetHours(from, to, 'UTC')).toBe(0);
    expect(fixedOffsetHours(from, to, 'America/New_York')).toBeNull();
    expect(
      fixedOffsetHours(
        hourOf('2025-06-01T00:00:00Z'),
        hourOf('2025-07-01T00:00:00Z'),
        'America/New_York',
      ),
    ).toBe(-4);
    expect(fixedOffsetHours(from, to, 'Asia/Kolkata')).toBeNull();
  });
});
