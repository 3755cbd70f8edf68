// When a quota window ends: at the next midnight of a time zone (YouTube renews at midnight
// Pacific time, daylight saving included) or a fixed period after it opened.
import type { QuotaBucket } from './credentials.js';

/** Milliseconds `zone` is ahead of UTC at `at`. */
function zoneOffsetMs(at: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The first midnight in `zone` after `now`. */
export function nextMidnight(now: Date, zone: string): Date {
  const local = new Date(now.getTime() + zoneOffsetMs(now, zone));
  const localMidnight = Date.UTC(
    local.getUTCFullYear(),
    local.getUTCMonth(),
    local.getUTCDate() + 1,
  );
  // The offset at midnight itself may differ from now's (a DST change during the day).
  let guess = localMidnight - zoneOffsetMs(now, zone);
  guess = localMidnight - zoneOffsetMs(new Date(guess), zone);
  return new Date(guess);
}

/** The first day of the next month in `zone`, at midnight there. */
export function nextMonthStart(now: Date, zone: string): Date {
  const local = new Date(now.getTime() + zoneOffsetMs(now, zone));
  const localStart = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1);
  let guess = localStart - zoneOffsetMs(now, zone);
  guess = localStart - zoneOffsetMs(new Date(guess), zone);
  return new Date(guess);
}

/** When a window of `bucket` opened at `openedAt` ends. */
export function windowEnd(bucket: QuotaBucket, openedAt: Date): Date {
  const { window } = bucket;
  if (window.kind === 'daily') return nextMidnight(openedAt, window.timeZone);
  if (window.kind === 'monthly') return nextMonthStart(openedAt, window.timeZone);
  return new Date(openedAt.getTime() + window.seconds * 1000);
}
