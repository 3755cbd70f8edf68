// Counts distinct persons behind a figure on PostgreSQL, the small-group rule's counter (see
// src/store/sqlite/author-groups.ts for SQLite's): exactly, over the mentions the figure counts
// (whole UTC hours, days for terms), stopping at the cap.
import type pg from 'pg';
import type { GroupCounter, GroupQuery } from '../../privacy/group-counter.js';
import { fromWhere, postgresFilter } from '../analytics/filter.js';

const PERSON = `(m.author_kind = 'person' OR (m.author_kind IS NULL AND m.platform <> 'web'))`;

export function postgresGroupCounter(pool: pg.Pool): GroupCounter {
  return async (query: GroupQuery, cap: number) => {
    const ranges = query.ranges ?? [[query.filter.from, query.filter.to]];
    const persons = new Set<string>();
    for (const [from, to] of ranges) {
      const where = postgresFilter(
        { ...query.filter, from, to },
        query.terms === undefined ? 'hour' : 'day',
      );
      where.conditions.push(PERSON);
      const values = [...where.values];
      if (query.terms !== undefined) {
        values.push(query.terms);
        where.conditions.push(`m.keywords ?| $${values.length}::text[]`);
      }
      values.push(cap);
      const { rows } = await pool.query<{ author: string }>(
        `SELECT DISTINCT coalesce(m.author_key, '') AS author ${fromWhere({ ...where, values })}
         LIMIT $${values.length}`,
        values,
      );
      for (const row of rows) persons.add(row.author);
      if (persons.size >= cap) return cap;
    }
    return persons.size;
  };
}
