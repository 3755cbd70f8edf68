import { describe, expect, it } from 'vitest';
import { monthSplit } from './terms.js';

const day = (iso: string) => Date.parse(iso) / 86_400_000;
const month = (year: number, m: number) => year * 12 + m - 1;

describe('monthSplit', () => {
  it('reads whole months from the monthly level and the days at the ends', () => {
    expect(monthSplit({ from: day('2025-01-15'), to: day('2025-04-10') })).toEqual({
      months: { from: month(2025, 2), to: month(2025, 4) },
      days: [
        { from: day('2025-01-15'), to: day('2025-02-01') },
        { from: day('2025-04-01'), to: day('2025-04-10') },
      ],
    });
  });

  it('needs no days when the range starts and ends on month starts', () => {
    expect(monthSplit({ from: day('2025-01-01'), to: day('2026-01-01') })).toEqual({
      months: { from: month(2025, 1), to: month(2026, 1) },
      days: [],
    });
  });

  it('reads days alone when no whole month is inside', () => {
    const range = { from: day('2025-03-02'), to: day('2025-03-30') };
    expect(monthSplit(range)).toEqual({ months: null, days: [range] });
    const across = { from: day('2025-03-20'), to: day('2025-04-10') };
    expect(monthSplit(across)).toEqual({ months: null, days: [across] });
  });

  it('keeps open ends open', () => {
    expect(monthSplit({ from: null, to: null })).toEqual({
      months: { from: null, to: null },
      days: [],
    });
    expect(monthSplit({ from: day('2025-05-05'), to: null })).toEqual({
      months: { from: month(2025, 6), to: null },
      days: [{ from: day('2025-05-05'), to: day('2025-06-01') }],
    });
  });
});
