import { describe, expect, it } from 'vitest';
import { exportDate } from './export-dates.js';

describe('export dates', () => {
  it.each([
    ['2021-03-01 10:00:00 EST', '2021-03-01T15:00:00.000Z'],
    ['2021-07-01 10:00:00 EDT', '2021-07-01T14:00:00.000Z'],
    ['2024-03-20 11:00:00', '2024-03-20T11:00:00.000Z'],
    ['2024-05-02T03:00:00+0000', '2024-05-02T03:00:00.000Z'],
    ['2024-05-02T10:00:00+07:00', '2024-05-02T03:00:00.000Z'],
    ['2024-06-02T10:00:00.250Z', '2024-06-02T10:00:00.250Z'],
    ['2024-06-02', '2024-06-02T00:00:00.000Z'],
    ['1710932400', '2024-03-20T11:00:00.000Z'],
    ['1710932400000', '2024-03-20T11:00:00.000Z'],
    ['Wed Apr 24 09:15:00 +0000 2024', '2024-04-24T09:15:00.000Z'],
  ])('%s is %s', (value, iso) => {
    expect(exportDate(value)).toBe(iso);
  });

  it('reads empty as unknown and refuses what is not a date', () => {
    expect(exportDate('  ')).toBeNull();
    expect(() => exportDate('2024-13-01 10:00:00', 'Date')).toThrow('Date: not a date');
    expect(() => exportDate('2024-01-01 10:00:00 XYZ')).toThrow('unknown time zone "XYZ"');
    expect(() => exportDate('hôm qua')).toThrow('not a date');
  });
});
