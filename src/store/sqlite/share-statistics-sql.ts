// Reads of the share statistics (share-statistics-schema.ts) for a MentionFilter: whole UTC days
// from a daily level, the hours at the ends of the range from share_hourly, or, with a
// platform, language or source filter, from the hourly level holding that dimension
// (share-hours-schema.ts). Filters no level holds together (source with platform or language,
// places, sectors) read the posts. Times are rounded out to whole UTC hours like every roll-up
// figure.
import type { MentionFilter } from '../listening-store.js';
import {
  addDimensions,
  hourRange,
  localDayOf,
  localDayParts,
  ROLLUP_COLUMNS,
  type SqlPart,
} from './analytics-sql.js';
import { POST_SUMS_SQL, STAT_COLUMNS } from './share-statistics-schema.js';

/** search_key units per UTC hour: seconds × 2^20. */
const KEYS_PER_HOUR = 3_600 * 2 ** 20;

const SUMS = STAT_COLUMNS.map((c) => `total(${c}) AS ${c}`).join(', ');

function needs(filter: MentionFilter) {
  return {
    platformOrLang: filter.platforms !== undefined || filter.langs !== undefined,
    source: filter.sourceIds !== undefined,
    tags: filter.places !== undefined || filter.sectors !== undefined,
  };
}

/** `SELECT grp, sentiment, <statistic sums>` over the posts of a range of hours. */
function fromPosts(
  filter: MentionFilter,
  params: SqlPart['params'],
  range: { from: number | null; to: number | null },
  suffix: string,
  bucket?: string,
): string {
  const key = filter.topicId === undefined ? 'd.search_key' : 'mt.sort_key';
  const conditions: string[] = ['true'];
  if (range.from !== null) {
    conditions.push(`${key} >= @fromKey${suffix}`);
    params[`fromKey${suffix}`] = range.from * KEYS_PER_HOUR;
  }
  if (range.to !== null) {
    conditions.push(`${key} < @toKey${suffix}`);
    params[`toKey${suffix}`] = range.to * KEYS_PER_HOUR;
  }
  addDimensions(filter, conditions, params, {
    platform: 'd.platform',
    lang: 'd.lang',
    sentiment: 'd.sentiment',
    source: 'd.source_id',
    mention: 'd.mention_id',
  });
  const from =
    filter.topicId === undefined
      ? 'mention_share_dims AS d'
      : `mention_topics AS mt JOIN mention_share_dims AS d ON d.mention_id = mt.mention_id
         AND mt.topic_id = @topic`;
  const keys = bucket === undefined ? '' : `${bucket} AS bucket, `;
  return `SELECT ${keys}d.grp AS grp, d.sentiment AS sentiment, ${POST_SUMS_SQL} FROM ${from}
    WHERE ${conditions.join(' AND ')}
    GROUP BY ${bucket === undefined ? '' : 'bucket, '}d.grp, d.sentiment`;
}

function fromLevel(table: string, range: string[], dimensions: string[]): string {
  return `SELECT grp, sentiment, ${SUMS} FROM ${table}
    WHERE ${['topic_id = @topic', ...range, ...dimensions].join(' AND ')} GROUP BY grp, sentiment`;
}

/** Statistic sums per group and predicted sentiment for a filter. */
export function shareStatisticsSql(filter: MentionFilter): SqlPart {
  const params: SqlPart['params'] = { topic: filter.topicId ?? 0 };
  const need = needs(filter);
  const hours = hourRange(filter);
  if ((need.platformOrLang && need.source) || need.tags) {
    // No level holds both: the posts of the range.
    return finish([fromPosts(filter, params, hours, '')], params);
  }
  const dimensions: string[] = [];
  addDimensions(filter, dimensions, params, ROLLUP_COLUMNS);
  const daily = need.source ? 'share_daily_sources' : 'share_daily';
  const hourly = (from: number | null, to: number | null, suffix: string): string => {
    const range: string[] = [];
    if (from !== null) {
      range.push(`hour >= @fromHour${suffix}`);
      params[`fromHour${suffix}`] = from;
    }
    if (to !== null) {
      range.push(`hour < @toHour${suffix}`);
      params[`toHour${suffix}`] = to;
    }
    if (need.platformOrLang || need.source) {
      const table = need.source ? 'share_hourly_sources' : 'share_hourly_dims';
      return fromLevel(table, range, dimensions);
    }
    const sentimentOnly =
      filter.sentiments === undefined
        ? []
        : ['sentiment IN (SELECT value FROM json_each(@sentiments))'];
    return fromLevel('share_hourly', range, sentimentOnly);
  };
  const firstDay = hours.from === null ? null : Math.ceil(hours.from / 24);
  const endDay = hours.to === null ? null : Math.floor(hours.to / 24);
  if (firstDay !== null && endDay !== null && endDay <= firstDay) {
    return finish([hourly(hours.from, hours.to, '')], params);
  }
  const parts: string[] = [];
  const range: string[] = [];
  if (firstDay !== null) {
    range.push('day >= @firstDay');
    params.firstDay = firstDay;
    if (hours.from! < firstDay * 24) parts.push(hourly(hours.from, firstDay * 24, 'Lead'));
  }
  if (endDay !== null) {
    range.push('day < @endDay');
    params.endDay = endDay;
    if (endDay * 24 < hours.to!) parts.push(hourly(endDay * 24, hours.to, 'Tail'));
  }
  parts.push(fromLevel(daily, range, dimensions));
  return finish(parts, params);
}

function finish(parts: string[], params: SqlPart['params']): SqlPart {
  const source = parts.length === 1 ? parts[0]! : parts.join(' UNION ALL ');
  return {
    sql: `SELECT grp, sentiment, ${SUMS} FROM (${source}) GROUP BY grp, sentiment`,
    params,
  };
}

/**
 * Statistic sums per bucket (`bucket`: the UTC hour, or the local day when `shiftHours` is
 * given), group and sentiment, over share_hourly, or the hourly level by platform and language
 * or by source where the filter needs one; from posts where it needs both, or places.
 */
export function shareSeriesSql(filter: MentionFilter, shiftHours: number | null): SqlPart {
  const params: SqlPart['params'] = { topic: filter.topicId ?? 0 };
  const hours = hourRange(filter);
  const need = needs(filter);
  const bucket = (hour: string) => (shiftHours === null ? hour : localDayOf(hour));
  if (shiftHours !== null) params.shift = shiftHours;
  if ((need.platformOrLang && need.source) || need.tags) {
    return { sql: fromPosts(filter, params, hours, '', bucket('d.hour')), params };
  }
  const byDimension = need.platformOrLang || need.source;
  // Whole days by platform, language or source are kept for UTC days only.
  if (shiftHours !== null && (!byDimension || shiftHours === 0)) {
    const days = localDayShareSql(filter, shiftHours, hours, params);
    if (days !== null) return days;
  }
  const conditions = ['topic_id = @topic'];
  if (hours.from !== null) {
    conditions.push('hour >= @fromHour');
    params.fromHour = hours.from;
  }
  if (hours.to !== null) {
    conditions.push('hour < @toHour');
    params.toHour = hours.to;
  }
  addDimensions(filter, conditions, params, ROLLUP_COLUMNS);
  const table = need.source
    ? 'share_hourly_sources'
    : need.platformOrLang
      ? 'share_hourly_dims'
      : 'share_hourly';
  return {
    sql: `SELECT ${bucket('hour')} AS bucket, grp, sentiment, ${SUMS} FROM ${table}
      WHERE ${conditions.join(' AND ')} GROUP BY bucket, grp, sentiment`,
    params,
  };
}

/**
 * Share statistics per local day at a whole-hour offset, read as localDayParts reads roll-ups:
 * whole local days from share_daily (UTC) or share_series_days where the file serves the
 * offset, hours from share_hourly; UTC days by platform and language or by source from the
 * daily and hourly levels holding them. Null when the range holds no whole local day.
 */
function localDayShareSql(
  filter: MentionFilter,
  shiftHours: number,
  hours: { from: number | null; to: number | null },
  params: SqlPart['params'],
): SqlPart | null {
  const need = needs(filter);
  const parts = localDayParts(filter, shiftHours, hours, params, {
    bucket: 'bucket',
    columns: `grp, sentiment, ${STAT_COLUMNS.join(', ')}`,
    hourly: need.source
      ? 'share_hourly_sources'
      : need.platformOrLang
        ? 'share_hourly_dims'
        : 'share_hourly',
    utcDays: need.source ? 'share_daily_sources' : 'share_daily',
    // Read at other offsets only, which callers ask without platform, language or source.
    shiftedDays: 'share_series_days',
  });
  if (parts === null) return null;
  return {
    sql: `SELECT bucket, grp, sentiment, ${SUMS} FROM (${parts.join(' UNION ALL ')})
      GROUP BY bucket, grp, sentiment`,
    params,
  };
}

// Rows of sums read back into statistics the same way for both stores.
export { type ShareStatisticsRow, statisticsFromRows } from '../analytics/share.js';
