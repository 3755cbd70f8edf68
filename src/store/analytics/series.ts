// Volume and sentiment over time, for both stores: the frame of a series (open ends stop at the
// data, at most 100,000 buckets), its buckets in the requested zone, and the counts each
// dialect reads: `sqlite` from its roll-ups (per UTC hour, or per local day where the zone's
// offset is whole), `postgres` from the mentions per UTC hour.
import type { SeriesOptions, SeriesPoint, ShareSeriesPoint } from '../listening-store.js';
import { localDayCounts, rollupCounts } from '../sqlite/analytics-sql.js';
import { shareSeriesSql } from '../sqlite/share-statistics-sql.js';
import {
  fromWhere,
  HOUR_MS,
  onlyTopicPeriodSentiments,
  PG_DAY_SHIFT,
  type PgFilter,
  type PgQuery,
  postgresLeveledRows,
  postgresRollupFilter,
  unitRange,
} from './filter.js';
import { type ShareStatisticsRow, statisticsFromRows } from './share.js';
import {
  assertTimeZone,
  bucketOfHour,
  bucketsBetween,
  DEFAULT_TIME_ZONE,
  fixedOffsetHours,
} from './time-buckets.js';

const MAX_SERIES_BUCKETS = 100_000;

export interface SeriesFrame {
  first: number;
  last: number;
  /** The options with from/to set to the whole hours the series covers. */
  bounded: SeriesOptions;
  /**
   * The options with the ends that were open left open: no data lies before `first` or after
   * the data's last hour, so a reader may take the local days at open ends whole.
   */
  open: SeriesOptions;
  /** Whole-hour offset of the zone over the range, for day and week buckets; null for hours. */
  shift: number | null;
  interval: SeriesOptions['interval'];
  timeZone: string;
}

/**
 * The hours a series covers and how to bucket them; null when there is nothing to show.
 * `bounds` gives the first and last hour with data, asked only for an open end.
 */
export async function seriesFrame(
  options: SeriesOptions,
  bounds: () => Promise<{ lo: number | null; hi: number | null }>,
): Promise<SeriesFrame | null> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  assertTimeZone(timeZone);
  const hours = unitRange(options, 'hour');
  let first = hours.from;
  let last = hours.to === null ? null : hours.to - 1;
  if (first === null || last === null) {
    const data = await bounds();
    if (data.lo === null || data.hi === null) return null;
    first ??= data.lo;
    last ??= data.hi;
    const through = options.through === undefined ? Number.NaN : Date.parse(options.through);
    if (hours.to === null && Number.isFinite(through)) {
      last = Math.max(last, Math.floor(through / HOUR_MS));
    }
  }
  if (last < first) return null;
  const perBucketHours = options.interval === 'hour' ? 1 : options.interval === 'day' ? 24 : 168;
  if ((last - first) / perBucketHours > MAX_SERIES_BUCKETS) {
    throw new RangeError('too many buckets: narrow the time range or use a longer interval');
  }
  const bounded = {
    ...options,
    from: new Date(first * HOUR_MS).toISOString(),
    to: new Date((last + 1) * HOUR_MS).toISOString(),
  };
  const shift = options.interval === 'hour' ? null : fixedOffsetHours(first, last, timeZone);
  const open = {
    ...bounded,
    from: options.from === undefined ? undefined : bounded.from,
    to: options.to === undefined ? undefined : bounded.to,
  };
  return { first, last, bounded, open, shift, interval: options.interval, timeZone };
}

/** Every bucket of the frame, zero-filled, with the hourly counts added in. */
export function seriesPoints(
  frame: SeriesFrame,
  rows: readonly { hour: number; sentiment: string; n: number }[],
): SeriesPoint[] {
  const points = new Map<number, SeriesPoint>();
  for (const start of bucketsBetween(frame.first, frame.last, frame.interval, frame.timeZone)) {
    points.set(start, {
      t: new Date(start).toISOString(),
      total: 0,
      positive: 0,
      neutral: 0,
      negative: 0,
      unknown: 0,
    });
  }
  for (const row of rows) {
    const point = points.get(bucketOfHour(row.hour, frame.interval, frame.timeZone));
    if (!point) continue;
    point.total += row.n;
    if (row.sentiment === 'positive') point.positive += row.n;
    else if (row.sentiment === 'neutral') point.neutral += row.n;
    else if (row.sentiment === 'negative') point.negative += row.n;
    else point.unknown += row.n;
  }
  return [...points.values()];
}

/** Share statistics per bucket of the frame, from rows of statistics per UTC hour. */
export function shareSeriesPoints(
  frame: SeriesFrame,
  rows: readonly (ShareStatisticsRow & { hour: number })[],
): ShareSeriesPoint[] {
  const byBucket = new Map<number, ShareStatisticsRow[]>();
  for (const row of rows) {
    const start = bucketOfHour(row.hour, frame.interval, frame.timeZone);
    const list = byBucket.get(start) ?? [];
    list.push(row);
    byBucket.set(start, list);
  }
  return bucketsBetween(frame.first, frame.last, frame.interval, frame.timeZone).map((start) => ({
    t: new Date(start).toISOString(),
    statistics: statisticsFromRows(byBucket.get(start) ?? []),
  }));
}

export const postgres = {
  /** First and last UTC hour with data, of a topic or of every mention, from the roll-up. */
  bounds(topicId: number | undefined): PgQuery {
    return {
      sql: 'SELECT min(hour) AS lo, max(hour) AS hi FROM rollup_hourly WHERE topic_id = $1 AND n > 0',
      values: [topicId ?? 0],
    };
  },
  /**
   * Mentions per UTC hour and predicted sentiment ('' for none), from the roll-up; for day and
   * week buckets in the day levels' zone, whole local days from rollup_days (each as its first
   * hour within the frame) and the hours at the ends from rollup_hourly.
   */
  counts(frame: SeriesFrame): PgQuery {
    const filter = postgresSeriesRows(frame, [
      ['sentiment', 'h.sentiment', 'd.sentiment'],
      ['n', 'h.n', 'd.n'],
    ]);
    return {
      sql: `SELECT r.hour, r.sentiment, sum(r.n)::bigint AS n ${fromWhere(filter)}
        GROUP BY 1, 2 HAVING sum(r.n) <> 0`,
      values: filter.values,
    };
  },
};

/**
 * The roll-up rows `r` of a series frame with `columns` and `hour`: from the local-day levels
 * where its buckets are local days of their zone and it has no other dimension, else hourly.
 */
export function postgresSeriesRows(
  frame: SeriesFrame,
  columns: [string, string, string][],
  hourlyConditions: string[] = [],
): PgFilter {
  if (frame.shift !== PG_DAY_SHIFT || !onlyTopicPeriodSentiments(frame.bounded)) {
    const filter = postgresRollupFilter(frame.bounded);
    filter.conditions.push(...hourlyConditions.map((c) => c.replace(/\bh\./g, 'r.')));
    return filter;
  }
  // Each row as the first hour of its day or week bucket within the frame, so rows are summed
  // per bucket here rather than per day and hour in the caller (a year of weeks: 53 rows per
  // group and sentiment instead of 365 and the hours at the ends).
  const bucketHour = (localDay: string) => {
    const start =
      frame.interval === 'week' ? `(${localDay} - ((${localDay} + 3) % 7 + 7) % 7)` : localDay;
    return `greatest(${Math.trunc(frame.first)}, ${start} * 24 - ${PG_DAY_SHIFT})`;
  };
  // Open ends read their local days whole: nothing lies beyond the data's first and last hour.
  return postgresLeveledRows(frame.open, {
    hourly: 'rollup_hourly',
    daily: 'rollup_days',
    columns: [
      ['hour', bucketHour(`floor((h.hour + ${PG_DAY_SHIFT}) / 24.0)::bigint`), bucketHour('d.day')],
      ...columns,
    ],
    hourlyConditions,
    dailyConditions: hourlyConditions.map((c) => c.replace(/\bh\./g, 'd.')),
  });
}

/** A statement and its named parameters, as better-sqlite3 takes them. */
export interface SqlitePart {
  sql: string;
  params: Record<string, string | number>;
}

export const sqlite = {
  /** First and last UTC hour with data, from the series roll-up. */
  bounds(topicId: number | undefined): SqlitePart {
    return {
      sql: 'SELECT min(hour) AS lo, max(hour) AS hi FROM rollup_series WHERE topic_id = @topic',
      params: { topic: topicId ?? 0 },
    };
  },
  /**
   * Counts by sentiment per UTC hour from the roll-ups, or per local day where the zone's
   * offset is whole over the range (a year is 365 × 4 rows instead of 8,760 × 4); `hourOf`
   * gives a row's hour for seriesPoints (a local day's first hour within the frame).
   */
  counts(frame: SeriesFrame): SqlitePart & { hourOf: (row: SqliteBucketRow) => number } {
    const { shift, first } = frame;
    const part =
      shift === null
        ? rollupCounts(frame.bounded, ['hour', 'sentiment'])
        : localDayCounts(frame.bounded, shift);
    return {
      sql:
        shift === null
          ? `SELECT hour AS bucket, sentiment, n FROM (${part.sql})`
          : `SELECT localDay AS bucket, sentiment, n FROM (${part.sql})`,
      params: part.params,
      hourOf: (row) => (shift === null ? row.bucket : Math.max(first, row.bucket * 24 - shift)),
    };
  },
  /** Share statistics per bucket (UTC hour, or local day as in `counts`). */
  shareStatistics(frame: SeriesFrame): SqlitePart & { hourOf: (row: SqliteBucketRow) => number } {
    const { shift, first } = frame;
    const part = shareSeriesSql(frame.bounded, shift);
    return {
      ...part,
      hourOf: (row) => (shift === null ? row.bucket : Math.max(first, row.bucket * 24 - shift)),
    };
  },
};

export interface SqliteBucketRow {
  bucket: number;
}
