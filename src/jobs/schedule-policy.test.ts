import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INTERVAL_SECONDS,
  delayAfterFailure,
  intervalAfterSuccess,
  jitter,
  MAX_BACKOFF_SECONDS,
  MAX_INTERVAL_SECONDS,
  MIN_INTERVAL_SECONDS,
} from './schedule-policy.js';

const now = new Date('2026-11-23T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

/** The interval after a successful poll of a source at the default interval. */
const afterSuccessAtDefault = (publishedTimes: (string | null)[], newCount: number) =>
  intervalAfterSuccess(
    DEFAULT_INTERVAL_SECONDS,
    { publishedTimes, newCount, notModified: false },
    now,
  );

describe('intervalAfterSuccess', () => {
  it('polls a busy outlet often: items every 10 minutes -> every 5 minutes', () => {
    const times = [0, 10, 20, 30, 40, 50].map(minutesAgo);
    expect(afterSuccessAtDefault(times, 3)).toBe(MIN_INTERVAL_SECONDS);
  });

  it('polls a daily blog rarely', () => {
    const times = [60, 60 + 1440, 60 + 2880, 60 + 4320].map(minutesAgo);
    expect(afterSuccessAtDefault(times, 0)).toBe(12 * 3600);
  });

  it('stretches a source that has gone silent for weeks, up to a day', () => {
    const times = [30 * 1440, 30 * 1440 + 10, 30 * 1440 + 20].map(minutesAgo);
    expect(afterSuccessAtDefault(times, 0)).toBe(MAX_INTERVAL_SECONDS);
  });

  it('adapts multiplicatively when items carry no dates', () => {
    const none = { publishedTimes: [null, null], newCount: 0, notModified: true };
    expect(intervalAfterSuccess(1800, none, now)).toBe(2700);
    expect(intervalAfterSuccess(1800, { ...none, newCount: 2 }, now)).toBe(900);
    expect(intervalAfterSuccess(MAX_INTERVAL_SECONDS, none, now)).toBe(MAX_INTERVAL_SECONDS);
  });

  it('ignores dates far in the future', () => {
    const times = ['2099-01-01T00:00:00Z', minutesAgo(10), null];
    expect(
      intervalAfterSuccess(1800, { publishedTimes: times, newCount: 1, notModified: false }, now),
    ).toBe(900);
  });
});

describe('delayAfterFailure', () => {
  it('doubles per consecutive failure up to a day', () => {
    expect(delayAfterFailure(1, null)).toBe(MIN_INTERVAL_SECONDS);
    expect(delayAfterFailure(2, null)).toBe(2 * MIN_INTERVAL_SECONDS);
    expect(delayAfterFailure(4, null)).toBe(8 * MIN_INTERVAL_SECONDS);
    expect(delayAfterFailure(40, null)).toBe(MAX_BACKOFF_SECONDS);
  });
  it('waits at least as long as Retry-After says', () => {
    expect(delayAfterFailure(1, 7200)).toBe(7200);
    expect(delayAfterFailure(5, 10)).toBe(16 * MIN_INTERVAL_SECONDS);
  });
});

describe('jitter', () => {
  it('stays within ±10 %', () => {
    expect(jitter(1000, () => 0)).toBe(900);
    expect(jitter(1000, () => 1)).toBe(1100);
    expect(jitter(1000, () => 0.5)).toBe(1000);
  });
});
