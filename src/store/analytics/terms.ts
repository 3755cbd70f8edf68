// Top terms (analysis keywords) of a filter, each counted once per mention, over whole UTC
// days. SQLite sums its daily, weekly and monthly term roll-ups (analytics-sql.ts termCounts) or, with
// a dimension filter, reads the mentions; PostgreSQL the same over rollup_terms or its mentions.
import type { MentionFilter } from '../listening-store.js';
import {
  addDimensions,
  dayRange,
  hasDimensionFilter,
  type SqlPart,
  termCounts,
} from '../sqlite/analytics-sql.js';
import { LANG_KEY_SQL, SOURCE_KEY_SQL } from '../sqlite/listening-schema.js';
import { fromWhere, hasDimensions, type PgQuery, postgresFilter, unitRange } from './filter.js';

export const postgres = {
  top(filter: MentionFilter, limit: number): PgQuery {
    if (!hasDimensions(filter)) {
      // Whole UTC days from the terms roll-up.
      const days = unitRange(filter, 'day');
      const values: unknown[] = [filter.topicId ?? 0];
      const conditions = ['topic_id = $1'];
      if (days.from !== null) conditions.push(`day >= $${values.push(days.from)}`);
      if (days.to !== null) conditions.push(`day < $${values.push(days.to)}`);
      values.push(limit);
      return {
        sql: `SELECT term, sum(n)::int AS count FROM rollup_terms WHERE ${conditions.join(' AND ')}
          GROUP BY term HAVING sum(n) > 0 ORDER BY count DESC, term COLLATE "C"
          LIMIT $${values.length}`,
        values,
      };
    }
    // The terms roll-up has no dimensions: count from the mentions themselves.
    const where = postgresFilter(filter, 'day');
    where.from += ` CROSS JOIN LATERAL jsonb_array_elements(
      CASE WHEN jsonb_typeof(m.keywords) = 'array' THEN m.keywords ELSE '[]'::jsonb END) AS k (value)`;
    where.conditions.push("jsonb_typeof(k.value) = 'string'");
    const values = [...where.values, limit];
    return {
      sql: `SELECT term, count(*)::int AS count FROM (
          SELECT DISTINCT m.id, k.value #>> '{}' AS term ${fromWhere(where)}
        ) AS terms GROUP BY term ORDER BY count DESC, term COLLATE "C" LIMIT $${values.length}`,
      values,
    };
  },
};

/** search_key units per UTC day: seconds × 2^20 (src/store/sqlite/search-key.ts). */
const KEYS_PER_DAY = 86_400 * 2 ** 20;

export const sqlite = {
  top(filter: MentionFilter, limit: number): SqlPart {
    if (!hasDimensionFilter(filter)) {
      const counts = termCounts(filter);
      return { sql: counts.sql, params: { ...counts.params, limit } };
    }
    // The terms roll-up has no dimensions: count from the mentions themselves.
    const days = dayRange(filter);
    const params: Record<string, string | number> = { topic: filter.topicId ?? 0, limit };
    const conditions: string[] = [];
    const key = filter.topicId === undefined ? 'm.search_key' : 'mt.sort_key';
    if (days.from !== null) {
      conditions.push(`${key} >= @fromKey`);
      params.fromKey = days.from * KEYS_PER_DAY;
    }
    if (days.to !== null) {
      conditions.push(`${key} < @toKey`);
      params.toKey = days.to * KEYS_PER_DAY;
    }
    addDimensions(filter, conditions, params, {
      platform: 'm.platform',
      lang: LANG_KEY_SQL,
      sentiment: "coalesce(m.sentiment, '')",
      source: SOURCE_KEY_SQL,
      mention: 'm.id',
    });
    const from =
      filter.topicId === undefined
        ? 'mentions AS m'
        : 'mention_topics AS mt JOIN mentions AS m ON m.id = mt.mention_id AND mt.topic_id = @topic';
    if (filter.topicId === undefined) delete params.topic;
    return {
      sql: `SELECT term, count(*) AS count FROM (
          SELECT DISTINCT m.id, j.value AS term FROM ${from}, json_each(m.keywords) AS j
          WHERE m.keywords IS NOT NULL AND j.type = 'text' AND ${conditions.join(' AND ')})
        GROUP BY term ORDER BY count DESC, term LIMIT @limit`,
      params,
    };
  },
};
