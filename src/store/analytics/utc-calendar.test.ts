import { describe, expect, it } from 'vitest';
import { firstDayOfMonth, firstDayOfWeek, monthOfDay, weekOf } from './utc-calendar.js';

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('UTC months and weeks of day numbers', () => {
  it('puts a day in its month and finds the month’s first day, before 1970 too', () => {
    for (const [day, first] of [
      ['2026-12-02', '2026-12-01'],
      ['2024-02-29', '2024-02-01'],
      ['1969-12-31', '1969-12-01'],
      ['1970-01-01', '1970-01-01'],
    ] as const) {
      expect(firstDayOfMonth(monthOfDay(dayOf(day)))).toBe(dayOf(first));
    }
    expect(monthOfDay(dayOf('2026-12-02'))).toBe(2026 * 12 + 11);
  });

  it('starts weeks on Monday', () => {
    // 2026-11-30 is a Monday; 2026-12-06 the Sunday of the same week.
    expect(weekOf(dayOf('2026-12-06'))).toBe(weekOf(dayOf('2026-11-30')));
    expect(weekOf(dayOf('2026-12-07'))).toBe(weekOf(dayOf('2026-11-30')) + 1);
    expect(firstDayOfWeek(weekOf(dayOf('2026-12-03')))).toBe(dayOf('2026-11-30'));
    expect(firstDayOfWeek(weekOf(dayOf('1969-12-31')))).toBe(dayOf('1969-12-29'));
  });
});
