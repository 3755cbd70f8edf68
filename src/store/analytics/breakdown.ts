// Mentions of a filter by platform, language, predicted sentiment, source, province, ward
// or sector, largest first, each from its store's roll-ups. Labels (source titles, place and sector names) are the store's to add.
import type { Breakdown, MentionFilter } from '../listening-store.js';
import { placeShareRows, tagCounts } from '../postgres/place-sector-sql.js';
import { rollupCounts, type SqlPart } from '../sqlite/analytics-sql.js';
import {
  fromWhere,
  onlyTopicPeriodSentiments,
  type PgFilter,
  type PgQuery,
  postgresLeveledRows,
  postgresRollupFilter,
} from './filter.js';

const POSTGRES_KEYS: Partial<Record<Breakdown, string>> = {
  platform: 'r.platform',
  lang: 'r.lang',
  sentiment: 'r.sentiment',
  source: 'r.source_id',
};

export const postgres = {
  /** `key`, `n` and, by source, the source's title (or URL) as `label`; all rows when no limit. */
  counts(by: Breakdown, filter: MentionFilter, limit: number | null): PgQuery {
    if (by === 'province' || by === 'ward' || by === 'sector') return tagCounts(by, filter, limit);
    const key = POSTGRES_KEYS[by];
    if (key === undefined) {
      throw new RangeError(`the ${by} breakdown is not available on PostgreSQL yet`);
    }
    let where: PgFilter;
    let column = key;
    if (onlyTopicPeriodSentiments(filter)) {
      // Whole local days from the day levels (by key: whole months from their month level),
      // the hours at the ends from rollup_hourly.
      const hourly = key.replace('r.', 'h.');
      where = postgresLeveledRows(filter, {
        hourly: 'rollup_hourly',
        daily: by === 'sentiment' ? 'rollup_days' : 'rollup_day_keys',
        ...(by === 'sentiment' ? {} : { monthly: 'rollup_day_key_months' }),
        columns: [
          [
            'key',
            hourly,
            by === 'sentiment' ? 'd.sentiment' : by === 'source' ? 'd.key::bigint' : 'd.key',
          ],
          ['n', 'h.n', 'd.n'],
        ],
        dailyConditions: by === 'sentiment' ? [] : [`d.dim = '${by}'`],
      });
      column = 'r.key';
    } else {
      // Sentiments of one province from its local-day share level (place-share-schema.ts).
      where = (by === 'sentiment' ? placeShareRows(filter) : null) ?? postgresRollupFilter(filter);
    }
    const values = [...where.values];
    const limitSql = limit === null ? '' : `LIMIT $${values.push(limit)}`;
    // Keys sort as SQLite's do: text byte-wise, source ids as numbers.
    const order = by === 'source' ? column : `${column} COLLATE "C"`;
    const counted = `SELECT ${column} AS key, sum(r.n)::bigint AS n ${fromWhere(where)}
      GROUP BY 1 HAVING sum(r.n) > 0 ORDER BY n DESC, ${order} ${limitSql}`;
    return {
      sql:
        by === 'source'
          ? `SELECT c.key, c.n, coalesce(s.title, s.url) AS label FROM (${counted}) AS c
             LEFT JOIN sources AS s ON s.id = c.key ORDER BY c.n DESC, c.key`
          : counted,
      values,
    };
  },
};

export const sqlite = {
  /** `key` and `n`, from the smallest roll-up holding the dimension and the filter's. */
  counts(by: Breakdown, filter: MentionFilter, limit: number): SqlPart {
    const column = by === 'source' ? 'source_id' : by;
    const counts = rollupCounts(filter, [column]);
    return {
      sql: `SELECT ${column} AS key, n FROM (${counts.sql}) WHERE n > 0
        ORDER BY n DESC, key LIMIT @limit`,
      params: { ...counts.params, limit },
    };
  },
};
