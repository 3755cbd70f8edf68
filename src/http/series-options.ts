// The store options of a series route: its filter, interval and zone. A drawn series (`now`
// given) with an open end runs through the bucket holding now, so the bucket in progress is
// always drawn as such and quiet recent buckets show as zero instead of vanishing. Now is
// taken to its hour, the store's unit, so the options (a read cache's key) change hourly.
import type { Interval, MentionFilter, SeriesOptions } from '../store/listening-store.js';

const HOUR_MS = 3_600_000;

export function seriesOptions(
  filter: MentionFilter,
  query: { interval: Interval; tz?: string | undefined },
  now: Date | null,
): SeriesOptions {
  return {
    ...filter,
    interval: query.interval,
    ...(query.tz === undefined ? {} : { timeZone: query.tz }),
    ...(now === null || filter.to !== undefined
      ? {}
      : { through: new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS).toISOString() }),
  };
}
