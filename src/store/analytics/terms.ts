// Top terms (analysis keywords) of a filter, each counted once per mention, over whole UTC
// days. SQLite sums its daily and monthly term roll-ups (analytics-sql.ts termCounts) or, with
// a dimension filter, reads the mentions; PostgreSQL reads the mentions.
import type { MentionFilter } from '../listening-store.js';
import { fromWhere, type PgQuery, postgresFilter } from './filter.js';

export const postgres = {
  top(filter: MentionFilter, limit: number): PgQuery {
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
