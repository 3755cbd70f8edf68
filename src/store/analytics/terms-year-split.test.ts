import { describe, expect, it } from 'vitest';
import { yearSplit } from './terms.js';

const month = (year: number, m: number) => year * 12 + m - 1;

describe('yearSplit', () => {
  it('reads whole years from the yearly level and the months at the ends', () => {
    expect(yearSplit({ from: month(2023, 3), to: month(2026, 2) })).toEqual({
      years: { from: 2024, to: 2026 },
      months: [
        { from: month(2023, 3), to: month(2024, 1) },
        { from: month(2026, 1), to: month(2026, 2) },
      ],
    });
  });

  it('needs no months when the range starts and ends on year starts', () => {
    expect(yearSplit({ from: month(2024, 1), to: month(2026, 1) })).toEqual({
      years: { from: 2024, to: 2026 },
      months: [],
    });
  });

  it('reads months alone when no whole year is inside', () => {
    const inside = { from: month(2025, 2), to: month(2025, 12) };
    expect(yearSplit(inside)).toEqual({ years: null, months: [inside] });
    const across = { from: month(2024, 6), to: month(2025, 6) };
    expect(yearSplit(across)).toEqual({ years: null, months: [across] });
  });

  it('keeps open ends open', () => {
    expect(yearSplit({ from: null, to: null })).toEqual({
      years: { from: null, to: null },
      months: [],
    });
    expect(yearSplit({ from: month(2025, 5), to: null })).toEqual({
      years: { from: 2026, to: null },
      months: [{ from: month(2025, 5), to: month(2026, 1) }],
    });
    expect(yearSplit({ from: null, to: month(2025, 5) })).toEqual({
      years: { from: null, to: 2025 },
      months: [{ from: month(2025, 1), to: month(2025, 5) }],
    });
  });
});
