// Turns a MentionFilter into SQL over the roll-up tables (see listening-schema.ts). Times are
// rounded out to whole UTC hours (`from` down, `to` up): the roll-ups' grain. Lists are bound
// as JSON arrays, so one prepared statement serves every filter of the same shape.

import { firstDayOfMonth, firstDayOfWeek, monthOfDay, weekOf } from '../analytics/utc-calendar.js';
import type { MentionFilter } from '../listening-store.js';
import { localDay } from './local-days-persons-schema.js';
import { placeSectorConditions, placeSectorCounts } from './place-sector-sql.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface SqlPart {
  sql: string;
  params: Record<string, string | number>;
}

function timeMs(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`invalid ${name} timestamp: ${value}`);
  return ms;
}

/** First UTC hour included, and first hour after the range; null where open. */
export function hourRange(filter: MentionFilter): { from: number | null; to: number | null } {
  return {
    from: filter.from === undefined ? null : Math.floor(timeMs(filter.from, 'from') / HOUR_MS),
    to: filter.to === undefined ? null : Math.ceil(timeMs(filter.to, 'to') / HOUR_MS),
  };
}

/** Same as hourRange for UTC days, the grain of the terms roll-up. */
export function dayRange(filter: MentionFilter): { from: number | null; to: number | null } {
  return {
    from: filter.from === undefined ? null : Math.floor(timeMs(filter.from, 'from') / DAY_MS),
    to: filter.to === undefined ? null : Math.ceil(timeMs(filter.to, 'to') / DAY_MS),
  };
}

/** Roll-up language key of a language tag: lower-cased primary subtag; '' for unknown. */
export function langKey(lang: string): string {
  const lower = lang.toLowerCase().replace(/_/g, '-');
  if (lower === 'unknown') return '';
  return lower.split('-')[0] ?? '';
}

/** Whether a filter narrows by platform, language, sentiment or source. */
export function hasDimensionFilter(filter: MentionFilter): boolean {
  return (
    filter.platforms !== undefined ||
    filter.langs !== undefined ||
    filter.sentiments !== undefined ||
    filter.sourceIds !== undefined ||
    filter.places !== undefined ||
    filter.sectors !== undefined
  );
}

export interface DimensionColumns {
  platform: string;
  lang: string;
  sentiment: string;
  source: string;
  /** The mention id: needed for place and sector filters. */
  mention?: string;
}

/** The dimension columns of the roll-up levels. */
export const ROLLUP_COLUMNS: DimensionColumns = {
  platform: 'platform',
  lang: 'lang',
  sentiment: 'sentiment',
  source: 'source_id',
};

/** Appends the platform/lang/sentiment/source conditions of a filter. */
export function addDimensions(
  filter: MentionFilter,
  conditions: string[],
  params: SqlPart['params'],
  columns: DimensionColumns,
): void {
  if (filter.platforms !== undefined) {
    conditions.push(`${columns.platform} IN (SELECT value FROM json_each(@platforms))`);
    params.platforms = JSON.stringify(filter.platforms);
  }
  if (filter.langs !== undefined) {
    conditions.push(`${columns.lang} IN (SELECT value FROM json_each(@langs))`);
    params.langs = JSON.stringify(filter.langs.map(langKey));
  }
  if (filter.sentiments !== undefined) {
    conditions.push(`${columns.sentiment} IN (SELECT value FROM json_each(@sentiments))`);
    params.sentiments = JSON.stringify(filter.sentiments);
  }
  if (filter.sourceIds !== undefined) {
    conditions.push(`${columns.source} IN (SELECT value FROM json_each(@sources))`);
    params.sources = JSON.stringify(filter.sourceIds);
  }
  placeSectorConditions(filter, conditions, params, columns.mention);
}

// ---------------------------------------------------------------- roll-up levels

type Dimension = 'platform' | 'lang' | 'sentiment' | 'source_id';

interface Level {
  table: string;
  dims: readonly Dimension[];
}

/** Smallest first: the first level holding every needed dimension answers. */
const HOURLY_LEVELS: readonly Level[] = [
  { table: 'rollup_series', dims: ['sentiment'] },
  { table: 'rollup_hourly', dims: ['platform', 'lang', 'sentiment'] },
  { table: 'rollup_sources', dims: ['source_id', 'platform', 'lang', 'sentiment'] },
];
const DAILY_LEVELS: readonly Level[] = [
  { table: 'rollup_daily', dims: ['platform', 'lang', 'sentiment'] },
  { table: 'rollup_daily_sources', dims: ['source_id', 'sentiment'] },
];

function neededDimensions(filter: MentionFilter, groupBy: readonly string[]): Set<string> {
  const needed = new Set(groupBy.filter((c) => c !== 'hour'));
  if (filter.platforms !== undefined) needed.add('platform');
  if (filter.langs !== undefined) needed.add('lang');
  if (filter.sentiments !== undefined) needed.add('sentiment');
  if (filter.sourceIds !== undefined) needed.add('source_id');
  return needed;
}

function levelFor(levels: readonly Level[], needed: Set<string>): Level | null {
  return (
    levels.find((level) => [...needed].every((d) => level.dims.includes(d as Dimension))) ?? null
  );
}

/**
 * `SELECT <groupBy>, sum(n) AS n ... GROUP BY <groupBy>` over the smallest roll-ups that can
 * answer: whole UTC days of the range from a daily level, the hours before the first and after
 * the last whole day from an hourly one. Grouping by hour reads hourly levels only.
 */
export function rollupCounts(filter: MentionFilter, groupBy: readonly string[]): SqlPart {
  const tagged = placeSectorCounts(filter, groupBy);
  if (tagged !== null) return tagged;
  const needed = neededDimensions(filter, groupBy);
  const hourly = levelFor(HOURLY_LEVELS, needed);
  if (!hourly) throw new Error(`no roll-up holds ${[...needed].join(', ')}`);
  const dimensions: string[] = [];
  const params: SqlPart['params'] = { topic: filter.topicId ?? 0 };
  addDimensions(filter, dimensions, params, ROLLUP_COLUMNS);
  const columns = groupBy.join(', ');
  const part = (table: string, range: string[]) =>
    `SELECT ${columns}, n FROM ${table} WHERE ${['topic_id = @topic', ...range, ...dimensions].join(' AND ')}`;
  const hours = hourRange(filter);
  const daily = groupBy.includes('hour') ? null : levelFor(DAILY_LEVELS, needed);
  const firstDay = hours.from === null ? null : Math.ceil(hours.from / 24);
  const endDay = hours.to === null ? null : Math.floor(hours.to / 24);
  const parts: string[] = [];
  if (daily === null || (firstDay !== null && endDay !== null && endDay <= firstDay)) {
    const range: string[] = [];
    if (hours.from !== null) {
      range.push('hour >= @fromHour');
      params.fromHour = hours.from;
    }
    if (hours.to !== null) {
      range.push('hour < @toHour');
      params.toHour = hours.to;
    }
    parts.push(part(hourly.table, range));
  } else {
    const range: string[] = [];
    if (firstDay !== null) {
      range.push('day >= @firstDay');
      params.firstDay = firstDay;
      if (hours.from! < firstDay * 24) {
        params.leadFrom = hours.from!;
        params.leadTo = firstDay * 24;
        parts.push(part(hourly.table, ['hour >= @leadFrom', 'hour < @leadTo']));
      }
    }
    if (endDay !== null) {
      range.push('day < @endDay');
      params.endDay = endDay;
      if (endDay * 24 < hours.to!) {
        params.tailFrom = endDay * 24;
        params.tailTo = hours.to!;
        parts.push(part(hourly.table, ['hour >= @tailFrom', 'hour < @tailTo']));
      }
    }
    parts.push(part(daily.table, range));
  }
  const source = parts.length === 1 ? parts[0]! : parts.join(' UNION ALL ');
  return {
    sql: `SELECT ${columns}, sum(n) AS n FROM (${source}) GROUP BY ${columns}`,
    params,
  };
}

/** Day numbers standing for open ends of a terms range. */
const FIRST_DAY = -1_000_000;
const LAST_DAY = 1_000_000;

/** The term levels one count reads: days, weeks and (optionally) months, and their seal. */
export interface TermLevels {
  days: string;
  weeks: string;
  months?: string;
  /** One row: the first week (and month, with its first day) not sealed yet. */
  sealed: string;
  /** What every level's rows must meet, over the caller's params (topic and filter). */
  where: string;
}

/**
 * Term counts over the whole UTC days of the filter: whole months inside the range from the
 * monthly level, whole weeks of the rest from the weekly one, the remaining days from the
 * daily one. Months and weeks not sealed yet (term-blocks-schema.ts,
 * term-platform-weeks-schema.ts) are read from the days, as the statement itself checks.
 * `params` gains the range's bounds; the statement reads `@limit`.
 */
export function blockedTermCounts(
  filter: MentionFilter,
  levels: TermLevels,
  params: SqlPart['params'],
): SqlPart {
  const days = dayRange(filter);
  const from = days.from ?? FIRST_DAY;
  const to = days.to ?? LAST_DAY;
  const parts: string[] = [];
  let bound = 0;
  const bind = (value: number) => {
    const name = `b${bound++}`;
    params[name] = value;
    return `@${name}`;
  };
  const daily = (a: number, b: number, sealedFrom?: string) => {
    if (b <= a) return;
    const lower = sealedFrom === undefined ? bind(a) : `max(${bind(a)}, ${sealedFrom})`;
    parts.push(`SELECT term, n FROM ${levels.days} WHERE ${levels.where}
      AND day >= ${lower} AND day < ${bind(b)}`);
  };
  const coarse = (
    table: string,
    key: 'week' | 'month',
    a: number,
    b: number,
    firstDayOf: (block: number) => number,
  ) => {
    parts.push(`SELECT term, n FROM ${table} WHERE ${levels.where} AND ${key} >= ${bind(a)}
      AND ${key} < ${bind(b)} AND ${key} < (SELECT ${key} FROM ${levels.sealed})`);
    // The blocks not sealed yet, from their days.
    const sealedDay =
      key === 'month'
        ? `(SELECT month_day FROM ${levels.sealed})`
        : `(SELECT week * 7 - 3 FROM ${levels.sealed})`;
    daily(firstDayOf(a), firstDayOf(b), sealedDay);
  };
  const byWeeks = (a: number, b: number) => {
    const firstWeek = weekOf(a - 1) + 1;
    const endWeek = weekOf(b);
    if (endWeek <= firstWeek) return daily(a, b);
    daily(a, firstDayOfWeek(firstWeek));
    coarse(levels.weeks, 'week', firstWeek, endWeek, firstDayOfWeek);
    daily(firstDayOfWeek(endWeek), b);
  };
  const firstMonth = monthOfDay(from - 1) + 1;
  const endMonth = monthOfDay(to);
  if (levels.months === undefined || endMonth <= firstMonth) {
    byWeeks(from, to);
  } else {
    byWeeks(from, firstDayOfMonth(firstMonth));
    coarse(levels.months, 'month', firstMonth, endMonth, firstDayOfMonth);
    byWeeks(firstDayOfMonth(endMonth), to);
  }
  if (parts.length === 0) parts.push(`SELECT term, n FROM ${levels.days} WHERE false`);
  return {
    sql: `SELECT term, sum(n) AS count FROM (${parts.join(' UNION ALL ')}) GROUP BY term
      HAVING sum(n) > 0 ORDER BY count DESC, term LIMIT @limit`,
    params,
  };
}

/** Term counts of a topic with no dimension filter, from the topic's term levels. */
export function termCounts(filter: MentionFilter): SqlPart {
  return blockedTermCounts(
    filter,
    {
      days: 'rollup_terms',
      weeks: 'rollup_terms_weekly',
      months: 'rollup_terms_monthly',
      sealed: 'rollup_terms_sealed',
      where: 'topic_id = @topic',
    },
    { topic: filter.topicId ?? 0 },
  );
}

/**
 * Counts per local day (UTC hour + `shiftHours`, divided by 24, rounded down) and sentiment, for
 * series in a zone with a fixed whole-hour offset: a year comes back as 365 × 4 rows. Whole
 * local days and the hours at their ends as localDayParts reads them; filters on other
 * dimensions than sentiment read the hourly levels.
 */
export function localDayCounts(filter: MentionFilter, shiftHours: number): SqlPart {
  const hours = hourRange(filter);
  const needed = neededDimensions(filter, ['sentiment']);
  const onlySentiment =
    [...needed].every((d) => d === 'sentiment') &&
    filter.places === undefined &&
    filter.sectors === undefined;
  const params: SqlPart['params'] = { topic: filter.topicId ?? 0 };
  const parts = onlySentiment
    ? localDayParts(filter, shiftHours, hours, params, {
        bucket: 'localDay',
        columns: 'sentiment, n',
        hourly: 'rollup_series',
        utcDays: 'rollup_daily',
        shiftedDays: 'rollup_series_days',
      })
    : null;
  if (parts === null) {
    const hourly = rollupCounts(filter, ['hour', 'sentiment']);
    return {
      sql: `SELECT ${localDayOf('hour')} AS localDay, sentiment, sum(n) AS n
        FROM (${hourly.sql}) GROUP BY localDay, sentiment`,
      params: { ...hourly.params, shift: shiftHours },
    };
  }
  return {
    sql: `SELECT localDay, sentiment, sum(n) AS n FROM (${parts.join(' UNION ALL ')})
      GROUP BY localDay, sentiment`,
    params,
  };
}

/** Local day of an hour column at offset @shift, rounded down. */
export function localDayOf(hour: string): string {
  return localDay(hour, 'CAST(@shift AS INTEGER)');
}

/** The tables localDayParts reads, and what each of its parts selects. */
export interface LocalDayLevels {
  /** Name of the local-day column of each part. */
  bucket: string;
  /** The columns each part selects after the local day. */
  columns: string;
  /** Hourly level (`hour` column). */
  hourly: string;
  /** UTC daily level every file keeps (`day` column). */
  utcDays: string;
  /** Local-day level at the offsets in rollup_day_shifts (`shift` and `day` columns). */
  shiftedDays: string;
}

/**
 * Parts, to be joined by UNION ALL, of a series per local day at a whole-hour offset: whole
 * local days from the UTC daily level at offset 0, otherwise from the shifted level where the
 * file serves the offset (rollup_day_shifts; checked by the statement itself); the hours before
 * and after them, and every hour where the offset is not served, from the hourly level. Each
 * part selects `<local day> AS <bucket>, <columns>` of rows to be summed per bucket. Binds
 * @shift, the bounds and the filter's dimensions, which must all be columns of the three levels;
 * @topic is the caller's. Null, binding nothing, when the range holds no whole local day.
 */
export function localDayParts(
  filter: MentionFilter,
  shiftHours: number,
  hours: { from: number | null; to: number | null },
  params: SqlPart['params'],
  levels: LocalDayLevels,
): string[] | null {
  if (hours.from === null || hours.to === null) return null;
  const firstDay = Math.ceil((hours.from + shiftHours) / 24);
  const endDay = Math.floor((hours.to + shiftHours) / 24);
  if (endDay <= firstDay) return null;
  Object.assign(params, {
    shift: shiftHours,
    firstDay,
    endDay,
    leadFrom: hours.from,
    leadTo: firstDay * 24 - shiftHours,
    tailFrom: endDay * 24 - shiftHours,
    tailTo: hours.to,
  });
  const dimensions: string[] = [];
  addDimensions(filter, dimensions, params, ROLLUP_COLUMNS);
  const where = (...conditions: string[]) =>
    ['topic_id = @topic', ...conditions, ...dimensions].join(' AND ');
  const served = 'EXISTS (SELECT 1 FROM rollup_day_shifts WHERE shift = @shift)';
  const { bucket, columns } = levels;
  const hourly = (...conditions: string[]) =>
    `SELECT ${localDayOf('hour')} AS ${bucket}, ${columns} FROM ${levels.hourly}
      WHERE ${where(...conditions)}`;
  return [
    hourly('hour >= @leadFrom', 'hour < @leadTo'),
    hourly('hour >= @tailFrom', 'hour < @tailTo'),
    ...(shiftHours === 0
      ? [
          `SELECT day AS ${bucket}, ${columns} FROM ${levels.utcDays}
            WHERE ${where('day >= @firstDay', 'day < @endDay')}`,
        ]
      : [
          `SELECT day AS ${bucket}, ${columns} FROM ${levels.shiftedDays}
            WHERE ${where('shift = @shift', 'day >= @firstDay', 'day < @endDay', served)}`,
          hourly('hour >= @leadTo', 'hour < @tailFrom', `NOT ${served}`),
        ]),
  ];
}
