// Local calendar days and wall-clock times in an IANA zone, converted to UTC instants: report
// periods are whole local days and weeks, and schedules fire at a local time of day.
import { localDay } from '../alerts/local-time.js';

const DAY_MS = 86_400_000;
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `at`, in milliseconds (local − UTC). */
function offsetAt(at: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return asUtc - Math.floor(at / 1000) * 1000;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** The UTC instant of local `day` (YYYY-MM-DD) at `time` (HH:MM) in `timeZone`. */
export function zonedInstant(day: string, time: string, timeZone: string): Date {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hh ?? 0, mm ?? 0);
  // Two passes settle the offset across a daylight-saving change.
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  return new Date(guess);
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + n * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

/** ISO weekday of a local day: 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: string): number {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

export { localDay };

/** The Monday that starts the ISO week holding local `day`. */
export function weekStart(day: string): string {
  return addDays(day, 1 - weekdayOf(day));
}

/** ISO week label of the week starting on Monday `monday`, e.g. 2025-W36. */
export function isoWeekLabel(monday: string): string {
  const thursday = new Date(`${addDays(monday, 3)}T00:00:00Z`);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of an ISO week label (2025-W36), or null when it is not one. */
export function mondayOfIsoWeek(label: string): string | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > 53) return null;
  // The week holding 4 January is week 1.
  const jan4 = `${year}-01-04`;
  const monday = addDays(weekStart(jan4), (week - 1) * 7);
  return isoWeekLabel(monday) === label ? monday : null;
}

/** The first instant strictly after `after` that is `weekday` at `time` in `timeZone`. */
export function nextWeeklyRun(
  after: Date,
  schedule: { weekday: number; time: string; timeZone: string },
): Date {
  const today = localDay(after, schedule.timeZone);
  for (let i = 0; i <= 8; i++) {
    const day = addDays(today, i);
    if (weekdayOf(day) !== schedule.weekday) continue;
    const at = zonedInstant(day, schedule.time, schedule.timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error('no weekly run found within 8 days');
}
