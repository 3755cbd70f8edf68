// Sentiment share statistics of a filter (and per hour, for series): per group of posts and
// predicted sentiment, the additive sums the share estimator reads (src/analysis/quantify).
// Reading rows of sums back into ShareStatistics is the same for both dialects; SQLite sums
// its share roll-ups (src/store/sqlite/share-statistics-sql.ts), PostgreSQL rollup_hourly.
import {
  CELL_COUNT,
  emptyGroupStatistics,
  PRODUCT_COUNT,
  SHARE_CLASSES,
  type ShareStatistics,
} from '../../analysis/quantify/index.js';
import type { MentionFilter } from '../listening-store.js';
import { placeShareRows } from '../postgres/place-sector-sql.js';
import { SHARE_SUM_COLUMNS } from '../postgres/rollups-schema.js';
import type { SqlPart } from '../sqlite/analytics-sql.js';
import { shareStatisticsSql } from '../sqlite/share-statistics-sql.js';
import {
  fromWhere,
  onlyTopicPeriodSentiments,
  type PgFilter,
  type PgQuery,
  postgresLeveledRows,
  postgresRollupFilter,
} from './filter.js';
import { postgresSeriesRows, type SeriesFrame } from './series.js';

/** A row of sums: a group's n, p0..p2, pp0..pp5 and c0..c14 for one predicted sentiment. */
export type ShareStatisticsRow = { grp: string; sentiment: string } & Record<string, number>;

/** Statistics from rows of sums. */
export function statisticsFromRows(rows: readonly ShareStatisticsRow[]): ShareStatistics {
  const stats: ShareStatistics = { groups: {} };
  for (const row of rows) {
    const label = SHARE_CLASSES.indexOf(row.sentiment as (typeof SHARE_CLASSES)[number]);
    const n = Math.round(row.n ?? 0);
    if (label < 0 || n === 0) continue;
    stats.groups[row.grp] ??= emptyGroupStatistics();
    const g = stats.groups[row.grp]!;
    g.n += n;
    g.labels[label]! += n;
    for (let c = 0; c < SHARE_CLASSES.length; c++) g.probs[c]! += row[`p${c}`] ?? 0;
    for (let i = 0; i < PRODUCT_COUNT; i++) g.products[i]! += row[`pp${i}`] ?? 0;
    for (let i = 0; i < CELL_COUNT; i++) g.cells[i]! += Math.round(row[`c${i}`] ?? 0);
  }
  return stats;
}

const SUMS = ['n', ...SHARE_SUM_COLUMNS];

export const postgres = {
  /**
   * Sums per group and sentiment from the roll-ups (whole local days from rollup_days where
   * the filter has no other dimension); per UTC hour as well with a series `frame`.
   */
  statistics(filter: MentionFilter, frame: SeriesFrame | null): PgQuery {
    const columns: [string, string, string][] = [
      ['grp', 'h.grp', 'd.grp'],
      ['sentiment', 'h.sentiment', 'd.sentiment'],
      ...SUMS.map((c): [string, string, string] => [c, `h.${c}`, `d.${c}`]),
    ];
    let where: PgFilter;
    if (frame !== null) where = postgresSeriesRows(frame, columns, ["h.grp <> ''"]);
    else if (onlyTopicPeriodSentiments(filter)) {
      where = postgresLeveledRows(filter, {
        hourly: 'rollup_hourly',
        daily: 'rollup_days',
        columns,
        hourlyConditions: ["h.grp <> ''"],
        dailyConditions: ["d.grp <> ''"],
      });
    } else {
      // One province: its local-day share level; other place or dimension filters: the
      // hourly roll-up, or the mentions where it lacks the dimension.
      where = placeShareRows(filter) ?? postgresRollupFilter(filter);
      where.conditions.push("r.grp <> ''");
    }
    const sums = SUMS.map((c) =>
      c.startsWith('p') ? `sum(r.${c}) AS ${c}` : `sum(r.${c})::bigint AS ${c}`,
    );
    const byHour = frame !== null;
    return {
      sql: `SELECT ${byHour ? 'r.hour, ' : ''}r.grp, r.sentiment, ${sums.join(', ')}
        ${fromWhere(where)} GROUP BY ${byHour ? '1, 2, 3' : '1, 2'} HAVING sum(r.n) <> 0`,
      values: where.values,
    };
  },
};

export const sqlite = {
  /**
   * Sums per group and sentiment from the share roll-ups: whole UTC days from a daily level,
   * the hours at the ends from share_hourly or from the posts (share-statistics-sql.ts).
   */
  statistics(filter: MentionFilter): SqlPart {
    return shareStatisticsSql(filter);
  },
};
