// Turns a MentionFilter into SQL over the roll-up tables (see listening-schema.ts). Times are
// rounded out to whole UTC hours (`from` down, `to` up): the roll-ups' grain. Lists are bound
// as JSON arrays, so one prepared statement serves every filter of the same shape.
import type { MentionFilter } from '../listening-store.js';

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
    filter.sourceIds !== undefined
  );
}

/** The roll-up that can answer: the source one only where the source matters. */
export function rollupTable(filter: MentionFilter, bySource = false): string {
  return bySource || filter.sourceIds !== undefined ? 'rollup_sources' : 'rollup_hourly';
}

/** WHERE clause (without the keyword) over a roll-up table for the filter. */
export function rollupWhere(filter: MentionFilter): SqlPart {
  const conditions = ['topic_id = @topic'];
  const params: SqlPart['params'] = { topic: filter.topicId ?? 0 };
  const hours = hourRange(filter);
  if (hours.from !== null) {
    conditions.push('hour >= @fromHour');
    params.fromHour = hours.from;
  }
  if (hours.to !== null) {
    conditions.push('hour < @toHour');
    params.toHour = hours.to;
  }
  addDimensions(filter, conditions, params, {
    platform: 'platform',
    lang: 'lang',
    sentiment: 'sentiment',
    source: 'source_id',
  });
  return { sql: conditions.join(' AND '), params };
}

export interface DimensionColumns {
  platform: string;
  lang: string;
  sentiment: string;
  source: string;
}

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
}
