// Wall-clock reasoning for alerts in a rule's time zone: the local day a daily cap counts in,
// and when quiet hours (e.g. 22:00–07:00, possibly across midnight) end.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function parts(at: Date, timeZone: string): { day: string; minutes: number } {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return { day: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute) };
}

/** The local calendar day of `at`, YYYY-MM-DD. */
export function localDay(at: Date, timeZone: string): string {
  return parts(at, timeZone).day;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isClockTime(text: string): boolean {
  return HHMM.test(text);
}

function minutesOf(text: string): number {
  const m = HHMM.exec(text);
  if (!m) throw new RangeError(`not a time of day (HH:MM): ${text}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export interface QuietHours {
  start: string;
  end: string;
  timeZone: string;
}

/**
 * When the quiet hours holding `at` end, or null when `at` is outside them. The end is found
 * by stepping minute by minute in local time, so zone offset changes are handled by Intl.
 */
export function quietUntil(at: Date, quiet: QuietHours): Date | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const inside = (minutes: number) =>
    start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  const now = parts(at, quiet.timeZone).minutes;
  if (!inside(now)) return null;
  const wait = (end - now + 1440) % 1440;
  // Local minutes may not map one to one on a zone change; settle on the first minute outside.
  let candidate = new Date(Math.floor(at.getTime() / 60_000) * 60_000 + wait * 60_000);
  const insideAt = (ms: number) => inside(parts(new Date(ms), quiet.timeZone).minutes);
  let ms = candidate.getTime();
  for (let i = 0; i < 120 && insideAt(ms); i++) ms += 60_000;
  for (let i = 0; i < 120 && ms - 60_000 > at.getTime() && !insideAt(ms - 60_000); i++) {
    ms -= 60_000;
  }
  candidate = new Date(ms);
  return candidate;
}
