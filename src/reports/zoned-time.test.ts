import { describe, expect, it } from 'vitest';
import {
  isoWeekLabel,
  mondayOfIsoWeek,
  nextWeeklyRun,
  weekStart,
  zonedInstant,
} from './zoned-time.js';

const MONDAY_7 = { weekday: 1, time: '07:00', timeZone: 'Asia/Ho_Chi_Minh' };

describe('zoned time', () => {
  it('converts local wall-clock times to UTC, across daylight saving too', () => {
    expect(zonedInstant('2025-09-08', '07:00', 'Asia/Ho_Chi_Minh').toISOString()).toBe(
      '2025-09-08T00:00:00.000Z',
    );
    expect(zonedInstant('2025-03-31', '07:00', 'Europe/Paris').toISOString()).toBe(
      '2025-03-31T05:00:00.000Z',
    );
    expect(zonedInstant('2025-03-28', '07:00', 'Europe/Paris').toISOString()).toBe(
      '2025-03-28T06:00:00.000Z',
    );
  });

  it('finds the next Monday 07:00 in Ho Chi Minh City', () => {
    // Sunday 2025-09-07 12:00 local.
    expect(nextWeeklyRun(new Date('2025-09-07T05:00:00Z'), MONDAY_7).toISOString()).toBe(
      '2025-09-08T00:00:00.000Z',
    );
    // Exactly at the run: the next one is a week later.
    expect(nextWeeklyRun(new Date('2025-09-08T00:00:00Z'), MONDAY_7).toISOString()).toBe(
      '2025-09-15T00:00:00.000Z',
    );
    // Monday 06:59 local, i.e. Sunday 23:59 UTC.
    expect(nextWeeklyRun(new Date('2025-09-07T23:59:00Z'), MONDAY_7).toISOString()).toBe(
      '2025-09-08T00:00:00.000Z',
    );
  });

  it('labels ISO weeks and reads them back', () => {
    expect(weekStart('2025-09-07')).toBe('2025-09-01');
    expect(isoWeekLabel('2025-09-01')).toBe('2025-W36');
    expect(mondayOfIsoWeek('2025-W36')).toBe('2025-09-01');
    expect(isoWeekLabel('2024-12-30')).toBe('2025-W01');
    expect(mondayOfIsoWeek('2025-W01')).toBe('2024-12-30');
    expect(mondayOfIsoWeek('2025-W60')).toBeNull();
  });
});
