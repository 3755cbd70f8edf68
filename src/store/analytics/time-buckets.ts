// Maps UTC epoch hours (the roll-up grain) to the start of their hour, day or week bucket in
// an IANA time zone. Whole-hour zones (Asia/Ho_Chi_Minh is UTC+7) make day and week buckets
// exact sums of UTC hours; in zones offset by a fraction of an hour, an hour counts in the
// bucket holding its start. Weeks start on Monday. Results are cached per zone and hour, since
// Intl formatting costs microseconds and a year of hourly data asks 8,760 times; the list of
// buckets of a range costs a few Intl calls per bucket, whatever the range's length in hours.
import type { Interval } from '../listening-store.js';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const HOUR_MS = 3_600_000;
const MAX_CACHED = 500_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const cache = new Map<string, Map<number, number>>();
let cachedEntries = 0;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        weekday: 'short',
      });
    } catch {
      throw new RangeError(`unknown time zone: ${timeZone}`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws RangeError for a zone name Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

function localTime(ms: number, timeZone: string): LocalTime {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) fields[part.type] = part.value;
  return {
    year: Number(fields.year),
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    weekday: WEEKDAYS[fields.weekday ?? ''] ?? 0,
  };
}

/** Offset of the zone from UTC at `ms`, in milliseconds (UTC+7 gives 25,200,000). */
function offsetAt(ms: number, timeZone: string): number {
  const t = localTime(ms, timeZone);
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  return wall - Math.floor(ms / 60_000) * 60_000;
}

/** The UTC instant when the zone's clock shows the wall time `wall` (as if it were UTC). */
function instantOfWallTime(wall: number, timeZone: string): number {
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  return guess;
}

function computeBucket(hour: number, interval: Interval, timeZone: string): number {
  const ms = hour * HOUR_MS;
  const t = localTime(ms, timeZone);
  if (interval === 'hour') return ms - t.minute * 60_000;
  const daysBack = interval === 'week' ? t.weekday : 0;
  return instantOfWallTime(Date.UTC(t.year, t.month - 1, t.day - daysBack), timeZone);
}

/** Start (ms since the epoch) of the bucket holding UTC epoch hour `hour`. */
export function bucketOfHour(hour: number, interval: Interval, timeZone: string): number {
  if (interval === 'hour' && timeZone === 'UTC') return hour * HOUR_MS;
  const key = `${interval}|${timeZone}`;
  let buckets = cache.get(key);
  if (!buckets) {
    buckets = new Map();
    cache.set(key, buckets);
  }
  let bucket = buckets.get(hour);
  if (bucket === undefined) {
    if (cachedEntries >= MAX_CACHED) {
      for (const map of cache.values()) map.clear();
      cachedEntries = 0;
    }
    bucket = computeBucket(hour, interval, timeZone);
    buckets.set(hour, bucket);
    cachedEntries++;
  }
  return bucket;
}

/**
 * Every bucket start from the bucket holding `firstHour` to the one holding `lastHour`, in
 * work proportional to the buckets returned: days and weeks step from one local midnight to
 * the next (DST days are 23 or 25 hours long), hours are whole UTC hours where the zone's
 * offset is whole over the range.
 */
export function bucketsBetween(
  firstHour: number,
  lastHour: number,
  interval: Interval,
  timeZone: string,
): number[] {
  if (lastHour < firstHour) return [];
  const end = lastHour * HOUR_MS;
  if (interval === 'hour') {
    const starts: number[] = [];
    if (timeZone === 'UTC' || fixedOffsetHours(firstHour, lastHour, timeZone) !== null) {
      for (let hour = firstHour; hour <= lastHour; hour++) starts.push(hour * HOUR_MS);
      return starts;
    }
    let previous = Number.NaN;
    for (let hour = firstHour; hour <= lastHour; hour++) {
      const start = bucketOfHour(hour, interval, timeZone);
      if (start !== previous) starts.push(start);
      previous = start;
    }
    return starts;
  }
  const offset = fixedOffsetHours(firstHour, lastHour, timeZone);
  if (offset !== null) {
    // One offset all along: local days are plain arithmetic. 1970-01-01 was a Thursday.
    const firstDay = Math.floor((firstHour + offset) / 24);
    const startDay = interval === 'week' ? firstDay - ((((firstDay + 3) % 7) + 7) % 7) : firstDay;
    const stepHours = interval === 'week' ? 168 : 24;
    const starts: number[] = [];
    for (let hour = startDay * 24 - offset; hour <= lastHour; hour += stepHours) {
      starts.push(hour * HOUR_MS);
    }
    return starts;
  }
  const first = bucketOfHour(firstHour, interval, timeZone);
  const starts = [first];
  const t = localTime(first + 12 * HOUR_MS, timeZone);
  const days = interval === 'week' ? 7 : 1;
  for (let step = 1; ; step++) {
    const next = instantOfWallTime(Date.UTC(t.year, t.month - 1, t.day + step * days), timeZone);
    if (next > end) return starts;
    if (next > starts[starts.length - 1]!) starts.push(next);
  }
}

/**
 * The zone's offset in whole hours when it is the same over the hours `firstHour`..`lastHour`
 * (checked weekly: offsets change at most twice a year), else null. Asia/Ho_Chi_Minh gives 7.
 */
export function fixedOffsetHours(
  firstHour: number,
  lastHour: number,
  timeZone: string,
): number | null {
  // Asked for the same range by every series of a request, and by the next request.
  const key = `${timeZone}|${firstHour}|${lastHour}`;
  const known = offsetsOfRanges.get(key);
  if (known !== undefined) return known;
  if (offsetsOfRanges.size >= MAX_CACHED_RANGES) offsetsOfRanges.clear();
  const found = computeFixedOffset(firstHour, lastHour, timeZone);
  offsetsOfRanges.set(key, found);
  return found;
}

const MAX_CACHED_RANGES = 10_000;
const offsetsOfRanges = new Map<string, number | null>();

function computeFixedOffset(firstHour: number, lastHour: number, timeZone: string): number | null {
  const offset = offsetAt(firstHour * HOUR_MS, timeZone);
  if (offset % HOUR_MS !== 0) return null;
  for (let hour = firstHour; ; hour = Math.min(hour + 168, lastHour)) {
    if (offsetAt(hour * HOUR_MS, timeZone) !== offset) return null;
    if (hour >= lastHour) return offset / HOUR_MS;
  }
}
