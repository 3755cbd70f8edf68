// Dates as export tools write them: ISO 8601, Unix seconds or milliseconds,
// "YYYY-MM-DD HH:MM:SS" (UTC in 4CAT and YouTube Data Tools), and CrowdTangle's
// "2021-03-01 10:00:00 EST" with a zone abbreviation.
import { RowError } from './import-row.js';

/** Zone abbreviations seen in exports, as offsets in minutes east of UTC. */
const ZONES: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  CET: 60,
  CEST: 120,
  ICT: 420,
};

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?$/;

/** ISO 8601 UTC, null for an empty value; a value that is not a date is a row error. */
export function exportDate(value: string | null | undefined, field = 'date'): string | null {
  const s = value?.trim() ?? '';
  if (s === '') return null;
  if (/^\d{9,10}(\.\d+)?$/.test(s)) return new Date(Number(s) * 1000).toISOString();
  if (/^\d{12,13}$/.test(s)) return new Date(Number(s)).toISOString();
  const m = DATE_TIME.exec(s);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '0', zone = 'UTC'] = m;
    const inRange = +mo! >= 1 && +mo! <= 12 && +d! >= 1 && +d! <= 31 && +h < 24 && +mi < 60;
    const offset = zoneOffset(zone);
    if (offset === undefined) throw new RowError(`${field}: unknown time zone "${zone}"`);
    const ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +sec, Math.round(Number(`0.${frac}`) * 1000));
    const date = new Date(ms - offset * 60_000);
    if (inRange && !Number.isNaN(date.getTime())) return date.toISOString();
  } else {
    // RFC 2822 and other forms platforms use ("Wed Oct 10 20:19:24 +0000 2018").
    const date = new Date(s);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  throw new RowError(`${field}: not a date: "${s.slice(0, 40)}"`);
}

function zoneOffset(zone: string): number | undefined {
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric)
    return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  return ZONES[zone.toUpperCase()];
}
