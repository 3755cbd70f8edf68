// The dashboard's one way of writing dates and times: one pattern per language, in the reader's
// time zone. Vietnamese: 02/12/2026, 14:05; English: 2 Dec 2026, 14:05. A day or hour shown
// inside a range (an axis, a table, "from … to …") leaves the year out only when the whole range
// lies within one year. Parts come from Intl in the chosen zone; the patterns are put together
// here, so they do not change with the browser's own locale data.

export type DateLang = 'vi' | 'en';

const MONTHS_EN = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Two instants a shown value sits between, e.g. the first and last point of a chart. */
export type DateSpan = readonly [string, string];

export interface DateFormatter {
  /** A moment: date with year and time. */
  dateTime(iso: string): string;
  /** A calendar day, with its year. */
  date(iso: string): string;
  /** A day inside `span`: without the year when the span lies within one year. */
  day(iso: string, span?: DateSpan): string;
  /** An hour inside `span`: day and time, the year as for `day`. */
  hour(iso: string, span?: DateSpan): string;
  /** "from – to" as days, the year written once when both fall in the same year. */
  range(fromIso: string, toIso: string): string;
  /** "from – to" as moments, the day written once when both fall on the same day. */
  timeRange(fromIso: string, toIso: string): string;
}

/** The span of a list of instants in order (a chart's points); undefined when it is empty. */
export function spanOf(instants: readonly string[]): DateSpan | undefined {
  const first = instants[0];
  const last = instants[instants.length - 1];
  return first !== undefined && last !== undefined ? [first, last] : undefined;
}

const pad = (value: number) => String(value).padStart(2, '0');

export function createDateFormatter(lang: DateLang, timeZone: string): DateFormatter {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const partsOf = (iso: string): Parts => {
    const values: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(iso))) {
      if (part.type !== 'literal') values[part.type] = Number(part.value);
    }
    return {
      year: values.year ?? 0,
      month: values.month ?? 1,
      day: values.day ?? 1,
      hour: values.hour ?? 0,
      minute: values.minute ?? 0,
    };
  };
  const dayText = (p: Parts, withYear: boolean) =>
    lang === 'vi'
      ? `${pad(p.day)}/${pad(p.month)}${withYear ? `/${p.year}` : ''}`
      : `${p.day} ${MONTHS_EN[p.month - 1]}${withYear ? ` ${p.year}` : ''}`;
  const timeText = (p: Parts) => `${pad(p.hour)}:${pad(p.minute)}`;
  const crossesYear = (span: DateSpan | undefined) =>
    span !== undefined && partsOf(span[0]).year !== partsOf(span[1]).year;

  return {
    dateTime: (iso) => {
      const p = partsOf(iso);
      return `${dayText(p, true)}, ${timeText(p)}`;
    },
    date: (iso) => dayText(partsOf(iso), true),
    day: (iso, span) => dayText(partsOf(iso), crossesYear(span)),
    hour: (iso, span) => {
      const p = partsOf(iso);
      return `${dayText(p, crossesYear(span))} ${timeText(p)}`;
    },
    range: (fromIso, toIso) => {
      const from = partsOf(fromIso);
      const to = partsOf(toIso);
      return `${dayText(from, from.year !== to.year)} – ${dayText(to, true)}`;
    },
    timeRange: (fromIso, toIso) => {
      const from = partsOf(fromIso);
      const to = partsOf(toIso);
      const sameDay = dayText(from, true) === dayText(to, true);
      const start = `${dayText(from, true)}, ${timeText(from)}`;
      return `${start} – ${sameDay ? timeText(to) : `${dayText(to, true)}, ${timeText(to)}`}`;
    },
  };
}
