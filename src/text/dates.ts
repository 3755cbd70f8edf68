// Dates as feeds write them, to ISO 8601 UTC. Accepted shapes:
// - RFC 822 / 1123 / 2822: "Mon, 21 Nov 2022 10:05:00 +0700", two- or four-digit years, named
//   zones, missing seconds, missing or wrong weekday (the weekday is ignored), any letter case;
// - RFC 3339 / ISO 8601 / W3C-DTF: "2022-11-21T03:04:05.123Z", "2022-11-21 10:05:00+07:00",
//   "2022-11-21T10:05", "2022-11-21", "2022-11", "2022" (first day of the month or year);
// - numeric day-first dates as Vietnamese outlets write them: "21/11/2022 10:05:00 +0700"
//   (read as month-first only when the second number cannot be a month);
// - "Nov 21, 2022 10:05 AM" and "21 November 2022".
// A date without a zone is read as UTC. Vietnamese outlets that omit the zone probably mean
// Asia/Ho_Chi_Minh, but guessing would be inventing; UTC is at least the documented rule.
// Anything else is null: a feed's date is never replaced by the current time.

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** Offsets in minutes east of UTC. Only abbreviations with one common meaning are listed. */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  ict: 420, // Indochina Time: Vietnam, Thailand, Cambodia, Laos
  wib: 420,
  sgt: 480,
  hkt: 480,
  awst: 480,
  jst: 540,
  kst: 540,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
  wet: 0,
  west: 60,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
};

const ISO =
  /^(\d{4})-(\d{1,2})(?:-(\d{1,2})(?:[Tt\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?)?\s*(.*)$/;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})(?:[Tt](\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?)?\s*(.*)$/;
const RFC822 =
  /^(?:[a-z]+\.?,?\s*)?(\d{1,2})(?:\s+|-)([a-z]+)\.?,?(?:\s+|-)(\d{2,4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(.*)$/i;
const MONTH_FIRST =
  /^(?:[a-z]+\.?(?:,\s*|\s+))?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(.*)$/i;
const NUMERIC =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(.*)$/;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Whatever follows the time: zone, AM/PM, comments. */
  rest: string;
}

/** Parse a feed date to ISO 8601 UTC (`2022-11-21T03:04:05.000Z`), or null if unparseable. */
export function parseDate(value: string | null | undefined): string | null {
  if (value == null) return null;
  const text = value.trim().replace(/\s+/g, ' ');
  if (text === '' || text.length > 100) return null;
  const parts = matchParts(text);
  if (!parts) return null;
  return toIso(parts);
}

function matchParts(text: string): Parts | null {
  let m = ISO.exec(text);
  if (m) return parts(m[1], m[2], m[3] ?? '1', m[4], m[5], m[6], m[7], m[8]);
  m = RFC822.exec(text);
  if (m) {
    const month = monthNumber(m[2]!);
    if (month === null) return null;
    return parts(expandYear(m[3]!), String(month), m[1], m[4], m[5], m[6], m[7], m[8]);
  }
  m = MONTH_FIRST.exec(text);
  if (m) {
    const month = monthNumber(m[1]!);
    if (month === null) return null;
    return parts(m[3], String(month), m[2], m[4], m[5], m[6], m[7], m[8]);
  }
  m = NUMERIC.exec(text);
  if (m) {
    const first = Number(m[1]);
    const second = Number(m[2]);
    const [day, month] = second > 12 && first <= 12 ? [second, first] : [first, second];
    return parts(m[3], String(month), String(day), m[4], m[5], m[6], m[7], m[8]);
  }
  // W3C-DTF allows a bare year.
  if (/^\d{4}$/.test(text))
    return parts(text, '1', '1', undefined, undefined, undefined, undefined, '');
  m = ISO_BASIC.exec(text);
  if (m) return parts(m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]);
  return null;
}

function parts(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  fraction: string | undefined,
  rest: string | undefined,
): Parts {
  return {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: hour === undefined ? 0 : Number(hour),
    minute: minute === undefined ? 0 : Number(minute),
    second: second === undefined ? 0 : Number(second),
    millisecond: fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000),
    rest: rest ?? '',
  };
}

function monthNumber(name: string): number | null {
  const key = name.slice(0, 3).toLowerCase();
  const month = MONTHS[key];
  if (month === undefined) return null;
  // Accept "Nov", "November", "Sept"; refuse words that merely start like a month ("Marvel").
  const full = FULL_MONTHS[month - 1]!;
  const lower = name.toLowerCase();
  return full.startsWith(lower) || lower === 'sept' ? month : null;
}

const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function expandYear(year: string): string {
  if (year.length === 4) return year;
  if (year.length === 2) {
    // RFC 2822 §4.3: 00–49 are 2000–2049, 50–99 are 1950–1999.
    const n = Number(year);
    return String(n < 50 ? 2000 + n : 1900 + n);
  }
  return 'NaN';
}

function toIso(p: Parts): string | null {
  let hour = p.hour;
  const zone = parseRest(p.rest);
  if (zone === null) return null;
  if (zone.meridiem) {
    if (hour < 1 || hour > 12) return null;
    if (zone.meridiem === 'am' && hour === 12) hour = 0;
    if (zone.meridiem === 'pm' && hour !== 12) hour += 12;
  }
  // A leap second (":60") is folded into :59 rather than rejected.
  const second = p.second === 60 ? 59 : p.second;
  if (
    !Number.isInteger(p.year) ||
    p.year < 1000 ||
    p.year > 9999 ||
    p.month < 1 ||
    p.month > 12 ||
    p.day < 1 ||
    p.day > daysInMonth(p.year, p.month) ||
    hour > 24 ||
    (hour === 24 && (p.minute !== 0 || second !== 0)) ||
    p.minute > 59 ||
    second > 59
  ) {
    return null;
  }
  const local = Date.UTC(p.year, p.month - 1, p.day, hour, p.minute, second, p.millisecond);
  return new Date(local - zone.offsetMinutes * 60_000).toISOString();
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

interface ZoneAndMeridiem {
  offsetMinutes: number;
  meridiem: 'am' | 'pm' | null;
}

/** Reads "+0700", "+07:00", "GMT+7", "EST", "Z", "AM", "(ICT)"; null when it is not a zone. */
function parseRest(rest: string): ZoneAndMeridiem | null {
  let text = rest
    .replace(/\([^)]*\)\s*$/, '')
    .trim()
    .toLowerCase();
  let meridiem: 'am' | 'pm' | null = null;
  const ampm = /^([ap])\.?m\.?(?:\s+|$)/.exec(text);
  if (ampm) {
    meridiem = ampm[1] === 'a' ? 'am' : 'pm';
    text = text.slice(ampm[0].length).trim();
  }
  if (text === '') return { offsetMinutes: 0, meridiem };
  const numeric = /^(?:(?:gmt|utc|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = numeric[3] === undefined ? 0 : Number(numeric[3]);
    if (hours > 14 || minutes > 59) return null;
    const sign = numeric[1] === '-' ? -1 : 1;
    return { offsetMinutes: sign * (hours * 60 + minutes), meridiem };
  }
  const named = ZONES[text];
  if (named !== undefined) return { offsetMinutes: named, meridiem };
  // RFC 822's single-letter military zones had their signs reversed; RFC 2822 §4.3 says to
  // read them as -0000 (unknown offset), which we take as UTC.
  if (/^[a-ik-y]$/.test(text)) return { offsetMinutes: 0, meridiem };
  return null;
}
