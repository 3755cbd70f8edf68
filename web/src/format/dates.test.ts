import { describe, expect, it } from 'vitest';
import { createLocale } from '../i18n/locale.js';
import { createDateFormatter, spanOf } from './dates.js';

const ZONE = 'Asia/Ho_Chi_Minh';

describe('one date format per language', () => {
  const vi = createDateFormatter('vi', ZONE);
  const en = createDateFormatter('en', ZONE);

  it('writes a moment as dd/MM/yyyy, HH:mm in Vietnamese and d MMM yyyy, HH:mm in English', () => {
    // 23:30 UTC on 1 March is already 2 March in Ho Chi Minh City (UTC+7).
    expect(vi.dateTime('2026-03-01T23:30:00Z')).toBe('02/03/2026, 06:30');
    expect(en.dateTime('2026-03-01T23:30:00Z')).toBe('2 Mar 2026, 06:30');
    expect(vi.date('2026-12-09T03:00:00Z')).toBe('09/12/2026');
    expect(en.date('2026-12-09T03:00:00Z')).toBe('9 Dec 2026');
  });

  it('leaves the year out of days inside a range within one year', () => {
    const span = ['2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z'] as const;
    expect(vi.day('2026-03-15T05:00:00Z', span)).toBe('15/03');
    expect(en.day('2026-03-15T05:00:00Z', span)).toBe('15 Mar');
    expect(vi.hour('2026-03-15T05:00:00Z', span)).toBe('15/03 12:00');
    expect(en.hour('2026-03-15T05:00:00Z', span)).toBe('15 Mar 12:00');
    expect(vi.range('2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z')).toBe('01/03 – 31/03/2026');
    expect(en.range('2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z')).toBe('1 Mar – 31 Mar 2026');
  });

  it('writes the year on every day of a range that crosses one, axis labels included', () => {
    const span = ['2025-12-20T00:00:00Z', '2026-01-10T00:00:00Z'] as const;
    expect(vi.day('2025-12-31T05:00:00Z', span)).toBe('31/12/2025');
    expect(vi.day('2026-01-01T05:00:00Z', span)).toBe('01/01/2026');
    expect(en.day('2025-12-31T05:00:00Z', span)).toBe('31 Dec 2025');
    expect(en.hour('2026-01-01T05:00:00Z', span)).toBe('1 Jan 2026 12:00');
    expect(vi.range(span[0], span[1])).toBe('20/12/2025 – 10/01/2026');
    expect(en.range(span[0], span[1])).toBe('20 Dec 2025 – 10 Jan 2026');
  });

  it('decides the crossing in the reader’s zone, not in UTC', () => {
    // 31 Dec 2025 18:00 UTC is already 1 Jan 2026 in Ho Chi Minh City.
    const span = ['2025-12-31T18:00:00Z', '2026-01-05T00:00:00Z'] as const;
    expect(vi.day(span[0], span)).toBe('01/01');
    expect(createDateFormatter('vi', 'UTC').day(span[0], span)).toBe('31/12/2025');
  });

  it('is what the locale uses for every date it writes', () => {
    const locale = createLocale('en', ZONE);
    expect(locale.dateTime('2026-03-01T23:30:00Z')).toBe(en.dateTime('2026-03-01T23:30:00Z'));
    expect(locale.range('2025-12-20T00:00:00Z', '2026-01-10T00:00:00Z')).toBe(
      en.range('2025-12-20T00:00:00Z', '2026-01-10T00:00:00Z'),
    );
    expect(createLocale('vi', ZONE).dateTime(null)).not.toMatch(/\d/);
  });

  it('takes a chart’s span from its first and last point', () => {
    expect(spanOf([])).toBeUndefined();
    const points = ['2025-12-30T17:00:00Z', '2025-12-31T17:00:00Z', '2026-01-01T17:00:00Z'];
    expect(points.map((t) => en.day(t, spanOf(points)))).toEqual([
      '31 Dec 2025',
      '1 Jan 2026',
      '2 Jan 2026',
    ]);
  });

  it('writes a span of hours with its day once, or both days when it runs past midnight', () => {
    expect(vi.timeRange('2026-03-15T05:00:00Z', '2026-03-15T09:00:00Z')).toBe(
      '15/03/2026, 12:00 – 16:00',
    );
    expect(en.timeRange('2025-12-31T15:00:00Z', '2025-12-31T19:00:00Z')).toBe(
      '31 Dec 2025, 22:00 – 1 Jan 2026, 02:00',
    );
  });
});
