import { describe, expect, it } from 'vitest';
import { isClockTime, isTimeZone, localDay, quietUntil } from './local-time.js';

const HCM = 'Asia/Ho_Chi_Minh';

describe('localDay', () => {
  it('is the calendar day in the zone, not in UTC', () => {
    expect(localDay(new Date('2026-03-01T18:30:00Z'), HCM)).toBe('2026-03-02');
    expect(localDay(new Date('2026-03-01T16:59:00Z'), HCM)).toBe('2026-03-01');
  });
});

describe('quietUntil', () => {
  const night = { start: '22:00', end: '07:00', timeZone: HCM };

  it('ends quiet hours that cross midnight at the local end time', () => {
    // 23:30 in Ho Chi Minh City (UTC+7) is 16:30 UTC; 07:00 next morning is 00:00 UTC.
    expect(quietUntil(new Date('2026-03-01T16:30:00Z'), night)?.toISOString()).toBe(
      '2026-03-02T00:00:00.000Z',
    );
    // 05:15 local
    expect(quietUntil(new Date('2026-03-01T22:15:00Z'), night)?.toISOString()).toBe(
      '2026-03-02T00:00:00.000Z',
    );
  });

  it('is null outside quiet hours and at their end', () => {
    expect(quietUntil(new Date('2026-03-02T00:00:00Z'), night)).toBeNull();
    expect(quietUntil(new Date('2026-03-02T08:00:00Z'), night)).toBeNull();
  });

  it('handles quiet hours within one day and zones that shift the clock', () => {
    const lunch = { start: '12:00', end: '13:30', timeZone: 'Europe/Berlin' };
    // 12:10 in Berlin on a summer day is 10:10 UTC.
    expect(quietUntil(new Date('2026-07-01T10:10:00Z'), lunch)?.toISOString()).toBe(
      '2026-07-01T11:30:00.000Z',
    );
    // Berlin moves from 02:00 to 03:00 on 2026-03-29: 01:30–03:30 quiet ends 01:30 UTC.
    const spring = { start: '01:30', end: '03:30', timeZone: 'Europe/Berlin' };
    expect(quietUntil(new Date('2026-03-29T00:45:00Z'), spring)?.toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('checks its inputs', () => {
    expect(isClockTime('07:00')).toBe(true);
    expect(isClockTime('24:00')).toBe(false);
    expect(isTimeZone(HCM)).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
