// --since and --until as the dashboard reads them: days in a time zone (Asia/Ho_Chi_Minh by
// default), both inclusive. `--until 2026-11-30` ends at the close of 30 November there; a full
// ISO 8601 date-time is taken as the exact instant.
import { CliError } from './cli-error.js';

export const DEFAULT_ZONE = 'Asia/Ho_Chi_Minh';

const BARE_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function checkTimeZone(zone: string, flag = '--tz'): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw new CliError(`${flag}: not an IANA time zone: ${zone} (e.g. Asia/Ho_Chi_Minh, UTC)`);
  }
}

/** Milliseconds `zone` is ahead of UTC at `instant`. */
function offsetMs(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return asUtc - Math.floor(instant / 60_000) * 60_000;
}

/** Midnight starting the calendar day `y-m-d` (month 1-based, day may overflow) in `zone`. */
function zonedMidnight(y: number, m: number, d: number, zone: string): number {
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - offsetMs(guess, zone);
  return guess - offsetMs(first, zone);
}

function instantOf(value: string, flag: string, zone: string, dayEnd: boolean): string {
  const day = BARE_DAY.exec(value);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const probe = new Date(Date.UTC(y, m - 1, d));
    if (probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
      throw new CliError(`${flag}: not a date: ${value} (use YYYY-MM-DD or ISO 8601)`);
    }
    return new Date(zonedMidnight(y, m, dayEnd ? d + 1 : d, zone)).toISOString();
  }
  const time = Date.parse(value);
  if (Number.isNaN(time) || !/\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new CliError(`${flag}: not a date: ${value} (use YYYY-MM-DD or ISO 8601)`);
  }
  return new Date(time).toISOString();
}

/** `from` (inclusive) and `to` (exclusive) instants for the options as given. */
export function dayRange(
  since: string | undefined,
  until: string | undefined,
  zone: string,
): { from: string | undefined; to: string | undefined } {
  const from = since === undefined ? undefined : instantOf(since, '--since', zone, false);
  const to = until === undefined ? undefined : instantOf(until, '--until', zone, true);
  if (from !== undefined && to !== undefined && from >= to) {
    throw new CliError(`--until: ${until} is before --since ${since}`);
  }
  return { from, to };
}
