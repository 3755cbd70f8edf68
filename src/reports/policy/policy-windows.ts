// The before and after windows of a policy, in whole local days around its promulgation day:
// before = the `daysBefore` days ending the day before; after = the promulgation day and the
// `daysAfter − 1` days that follow, cut at `now` while they are still running.
import { addDays, zonedInstant } from '../zoned-time.js';

export interface PolicyWindow {
  /** ISO 8601 UTC, from inclusive, to exclusive (cut at now for a running window). */
  from: string;
  to: string;
  /** Days the window spans in full, and how many of them are over. */
  days: number;
  completeDays: number;
  /** Local days, first to last. */
  firstDay: string;
  lastDay: string;
}

export interface PolicyWindows {
  before: PolicyWindow;
  after: PolicyWindow;
  /** Minutes east of UTC of the zone at the promulgation day. */
  offsetMinutes: number;
}

const DAY_MS = 86_400_000;

function window(firstDay: string, days: number, timeZone: string, now: Date): PolicyWindow {
  const from = zonedInstant(firstDay, '00:00', timeZone);
  const end = zonedInstant(addDays(firstDay, days), '00:00', timeZone);
  const cut = Math.max(from.getTime(), Math.min(end.getTime(), now.getTime()));
  return {
    from: from.toISOString(),
    to: new Date(cut).toISOString(),
    days,
    completeDays: Math.max(0, Math.min(days, Math.floor((cut - from.getTime()) / DAY_MS))),
    firstDay,
    lastDay: addDays(firstDay, days - 1),
  };
}

export function policyWindows(
  promulgatedOn: string,
  daysBefore: number,
  daysAfter: number,
  timeZone: string,
  now: Date,
): PolicyWindows {
  const midnight = zonedInstant(promulgatedOn, '00:00', timeZone);
  return {
    before: window(addDays(promulgatedOn, -daysBefore), daysBefore, timeZone, now),
    after: window(promulgatedOn, daysAfter, timeZone, now),
    offsetMinutes: Math.round(
      (Date.parse(`${promulgatedOn}T00:00:00Z`) - midnight.getTime()) / 60_000,
    ),
  };
}
