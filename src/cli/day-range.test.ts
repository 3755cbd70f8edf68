import { describe, expect, it } from 'vitest';
import { dayRange } from './day-range.js';

describe('dayRange', () => {
  it('reads bare days in Asia/Ho_Chi_Minh with --until inclusive', () => {
    expect(dayRange('2026-11-01', '2026-11-30', 'Asia/Ho_Chi_Minh')).toEqual({
      from: '2026-10-31T17:00:00.000Z',
      to: '2026-11-30T17:00:00.000Z',
    });
    // One day: since and until the same day covers that whole day.
    expect(dayRange('2026-11-05', '2026-11-05', 'Asia/Ho_Chi_Minh')).toEqual({
      from: '2026-11-04T17:00:00.000Z',
      to: '2026-11-05T17:00:00.000Z',
    });
  });

  it('follows another zone, daylight saving included, and month ends', () => {
    expect(dayRange(undefined, '2026-12-31', 'UTC').to).toBe('2027-01-01T00:00:00.000Z');
    // New York leaves daylight saving on 1 November 2026: that day starts at 04:00 UTC.
    expect(dayRange('2026-11-01', '2026-11-01', 'America/New_York')).toEqual({
      from: '2026-11-01T04:00:00.000Z',
      to: '2026-11-02T05:00:00.000Z',
    });
  });

  it('takes a date-time as the exact instant and refuses what is not a date', () => {
    expect(dayRange('2026-11-01T08:30:00+07:00', undefined, 'UTC').from).toBe(
      '2026-11-01T01:30:00.000Z',
    );
    expect(() => dayRange('2026-02-30', undefined, 'UTC')).toThrow(/--since: not a date/);
    expect(() => dayRange('yesterday', undefined, 'UTC')).toThrow(/--since: not a date/);
    expect(() => dayRange('2026-11-05', '2026-11-01', 'UTC')).toThrow(/before --since/);
  });
});
