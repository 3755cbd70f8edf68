import { describe, expect, it } from 'vitest';
import { dayOf, dayStartIso, nextDay } from './zoned-time.js';

describe('zoned days', () => {
  it('starts a Ho Chi Minh City day at 17:00 UTC the day before', () => {
    expect(dayStartIso('2025-11-23', 'Asia/Ho_Chi_Minh')).toBe('2025-11-22T17:00:00.000Z');
    expect(dayOf('2025-11-22T17:00:00.000Z', 'Asia/Ho_Chi_Minh')).toBe('2025-11-23');
    expect(dayOf('2025-11-22T16:59:59.000Z', 'Asia/Ho_Chi_Minh')).toBe('2025-11-22');
  });

  it('follows daylight saving changes', () => {
    // New York: EDT (UTC−4) until 2 November 2025, EST (UTC−5) after.
    expect(dayStartIso('2025-11-01', 'America/New_York')).toBe('2025-11-01T04:00:00.000Z');
    expect(dayStartIso('2025-11-03', 'America/New_York')).toBe('2025-11-03T05:00:00.000Z');
    for (const day of ['2025-03-09', '2025-11-02', '2025-06-15'])
      expect(dayOf(dayStartIso(day, 'America/New_York'), 'America/New_York')).toBe(day);
  });

  it('steps over month and year ends', () => {
    expect(nextDay('2025-12-31')).toBe('2026-01-01');
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
  });
});
