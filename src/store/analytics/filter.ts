// What a MentionFilter means, for every store: times rounded out to whole UTC hours (`from`
// down, `to` up; top terms: whole UTC days), language keys as lower-cased primary subtags.
// Each dialect turns it into SQL beside this (postgres below; SQLite over its roll-ups in
// src/store/sqlite/analytics-sql.ts).
import type { MentionFilter } from '../listening-store.js';
import { mentionRollupRows, placeSectorConditions } from '../postgres/place-sector-sql.js';
import { monthSplit } from './terms.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export type Grain = 'hour' | 'day';

function timeMs(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`invalid ${name} timestamp: ${value}`);
  return ms;
}

/** First unit included and first unit after the range, in hours or days since the epoch. */
export function unitRange(
  filter: MentionFilter,
  grain: Grain,
): { from: number | null; to: number | null } {
  const unit = grain === 'hour' ? HOUR_MS : DAY_MS;
  return {
    from: filter.from === undefined ? null : Math.floor(timeMs(filter.from, 'from') / unit),
    to: filter.to === undefined ? null : Math.ceil(timeMs(filter.to, 'to') / unit),
  };
}

/** Roll-up language key of a language tag: lower-cased primary subtag; '' for unknown. */
export function langKey(lang: string): string {
  const lower = lang.toLowerCase().replace(/_/g, '-');
  if (lower === 'unknown') return '';
  return lower.split('-')[0] ?? '';
}

/** SQL text with its positional values ($1 …), as node-postgres takes them. */
export interface PgQuery {
  sql: string;
  values: unknown[];
}

export interface PgFilter {
  /** `mentions AS m`, joined to the topic's tags when the filter has a topic. */
  from: string;
  conditions: string[];
  values: unknown[];
}

/**
 * The rows of a filter on PostgreSQL, over mention columns: the hour (or day) from sort_ms,
 * and the dimensions lang_key, source_key, platform, sentiment ('' for none).
 */
export function postgresFilter(filter: MentionFilter, grain: Grain | null = 'hour'): PgFilter {
  const values: unknown[] = [];
  const bind = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const conditions: string[] = [];
  let from = 'mentions AS m';
  if (filter.topicId !== undefined) {
    from = 'mention_topics AS t JOIN mentions AS m ON m.id = t.mention_id';
    conditions.push(`t.topic_id = ${bind(filter.topicId)}`);
  }
  if (grain !== null) {
    const unit = grain === 'hour' ? HOUR_MS : DAY_MS;
    const range = unitRange(filter, grain);
    // A topic's time ranges read its tags' index (t.sort_ms is the mention's).
    const time = filter.topicId === undefined ? 'm.sort_ms' : 't.sort_ms';
    if (range.from !== null) conditions.push(`${time} >= ${bind(range.from * unit)}`);
    if (range.to !== null) conditions.push(`${time} < ${bind(range.to * unit)}`);
  }
  if (filter.platforms !== undefined) {
    conditions.push(`m.platform = ANY(${bind(filter.platforms)}::text[])`);
  }
  if (filter.langs !== undefined) {
    conditions.push(`m.lang_key = ANY(${bind(filter.langs.map(langKey))}::text[])`);
  }
  if (filter.sentiments !== undefined) {
    conditions.push(`coalesce(m.sentiment, '') = ANY(${bind(filter.sentiments)}::text[])`);
  }
  if (filter.sourceIds !== undefined) {
    conditions.push(`m.source_key = ANY(${bind(filter.sourceIds)}::bigint[])`);
  }
  conditions.push(...placeSectorConditions(filter, bind));
  return { from, conditions, values };
}

/** `FROM … WHERE …` of a filter. */
export function fromWhere(filter: PgFilter): string {
  return `FROM ${filter.from}${filter.conditions.length > 0 ? ` WHERE ${filter.conditions.join(' AND ')}` : ''}`;
}

/**
 * The roll-up rows of a filter on PostgreSQL (rollup_hourly, src/store/postgres/rollups-schema.ts):
 * the topic (0 for every mention), whole UTC hours, and the dimension columns.
 */
export function postgresRollupFilter(filter: MentionFilter): PgFilter {
  // The roll-up has no place or sector: such a filter's rows come from its mentions.
  if (filter.places !== undefined || filter.sectors !== undefined) {
    return mentionRollupRows(filter);
  }
  const values: unknown[] = [filter.topicId ?? 0];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const conditions = ['r.topic_id = $1'];
  const range = unitRange(filter, 'hour');
  if (range.from !== null) conditions.push(`r.hour >= ${bind(range.from)}`);
  if (range.to !== null) conditions.push(`r.hour < ${bind(range.to)}`);
  if (filter.platforms !== undefined) {
    conditions.push(`r.platform = ANY(${bind(filter.platforms)}::text[])`);
  }
  if (filter.langs !== undefined) {
    conditions.push(`r.lang = ANY(${bind(filter.langs.map(langKey))}::text[])`);
  }
  if (filter.sentiments !== undefined) {
    conditions.push(`r.sentiment = ANY(${bind(filter.sentiments)}::text[])`);
  }
  if (filter.sourceIds !== undefined) {
    conditions.push(`r.source_id = ANY(${bind(filter.sourceIds)}::bigint[])`);
  }
  return { from: 'rollup_hourly AS r', conditions, values };
}

/** Whether a filter narrows by platform, language, sentiment, source, place or sector. */
export function hasDimensions(filter: MentionFilter): boolean {
  return (
    filter.places !== undefined ||
    filter.sectors !== undefined ||
    filter.platforms !== undefined ||
    filter.langs !== undefined ||
    filter.sentiments !== undefined ||
    filter.sourceIds !== undefined
  );
}

/** UTC offset of the PostgreSQL local-day levels (rollups-schema.ts: Asia/Ho_Chi_Minh). */
export const PG_DAY_SHIFT = 7;

/** Whether a filter narrows only by topic, period and sentiments, as the day levels do. */
export function onlyTopicPeriodSentiments(filter: MentionFilter): boolean {
  return (
    filter.places === undefined &&
    filter.sectors === undefined &&
    filter.platforms === undefined &&
    filter.langs === undefined &&
    filter.sourceIds === undefined
  );
}

/**
 * A filter's whole hours split for the local-day levels: the local days inside the range, read
 * whole (null when none; an open end stays open), and the hour ranges at its ends.
 */
export function dayLevelSplit(filter: MentionFilter): {
  days: { from: number | null; to: number | null } | null;
  hours: { from: number | null; to: number | null }[];
} {
  const range = unitRange(filter, 'hour');
  const firstDay = range.from === null ? null : Math.ceil((range.from + PG_DAY_SHIFT) / 24);
  const endDay = range.to === null ? null : Math.floor((range.to + PG_DAY_SHIFT) / 24);
  if (firstDay !== null && endDay !== null && firstDay >= endDay) {
    return { days: null, hours: [range] };
  }
  const hours: { from: number | null; to: number | null }[] = [];
  if (range.from !== null && firstDay !== null && range.from < firstDay * 24 - PG_DAY_SHIFT) {
    hours.push({ from: range.from, to: firstDay * 24 - PG_DAY_SHIFT });
  }
  if (range.to !== null && endDay !== null && endDay * 24 - PG_DAY_SHIFT < range.to) {
    hours.push({ from: endDay * 24 - PG_DAY_SHIFT, to: range.to });
  }
  return { days: { from: firstDay, to: endDay }, hours };
}

/** One output column of leveled rows: its name, its hourly expression and its daily one. */
export type LeveledColumn = [name: string, hourly: string, daily: string];

/**
 * The rows of a filter (topic, period, sentiments) from an hourly roll-up `h` for the hours at
 * the ends of its range and a local-day level `d` for the whole days between, as one relation
 * `r` with `columns`. A series that must bucket a day's row at an hour of its own (its first
 * hour, when earlier) says so in that column's daily expression.
 */
export function postgresLeveledRows(
  filter: MentionFilter,
  level: {
    hourly: string;
    daily: string;
    /** A level of the daily one by month of local days (its columns but `month`), if any. */
    monthly?: string;
    columns: LeveledColumn[];
    hourlyConditions?: string[];
    dailyConditions?: string[];
  },
): PgFilter {
  const values: unknown[] = [filter.topicId ?? 0];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const sentiments = filter.sentiments === undefined ? null : bind(filter.sentiments);
  const split = dayLevelSplit(filter);
  const branches: string[] = [];
  const select = (which: 1 | 2) => level.columns.map((c) => `${c[which]} AS ${c[0]}`).join(', ');
  if (split.hours.length > 0) {
    const ranges = split.hours.map((r) => {
      const parts: string[] = [];
      if (r.from !== null) parts.push(`h.hour >= ${bind(r.from)}`);
      if (r.to !== null) parts.push(`h.hour < ${bind(r.to)}`);
      return parts.length > 0 ? `(${parts.join(' AND ')})` : 'true';
    });
    const conditions = [
      'h.topic_id = $1',
      `(${ranges.join(' OR ')})`,
      ...(sentiments === null ? [] : [`h.sentiment = ANY(${sentiments}::text[])`]),
      ...(level.hourlyConditions ?? []),
    ];
    branches.push(
      `SELECT ${select(1)} FROM ${level.hourly} AS h WHERE ${conditions.join(' AND ')}`,
    );
  }
  const dayBranch = (
    table: string,
    column: string,
    r: { from: number | null; to: number | null },
  ) => {
    const conditions = [
      'd.topic_id = $1',
      ...(r.from === null ? [] : [`d.${column} >= ${bind(r.from)}`]),
      ...(r.to === null ? [] : [`d.${column} < ${bind(r.to)}`]),
      ...(sentiments === null ? [] : [`d.sentiment = ANY(${sentiments}::text[])`]),
      ...(level.dailyConditions ?? []),
    ];
    branches.push(`SELECT ${select(2)} FROM ${table} AS d WHERE ${conditions.join(' AND ')}`);
  };
  if (split.days !== null && level.monthly === undefined) dayBranch(level.daily, 'day', split.days);
  else if (split.days !== null && level.monthly !== undefined) {
    // Whole months of local days from the month level, the days at their ends daily.
    const months = monthSplit(split.days);
    for (const days of months.days) dayBranch(level.daily, 'day', days);
    if (months.months !== null) dayBranch(level.monthly, 'month', months.months);
  }
  return { from: `(${branches.join('\nUNION ALL\n')}) AS r`, conditions: [], values };
}
