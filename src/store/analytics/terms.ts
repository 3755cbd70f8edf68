// Top terms (analysis keywords) of a filter, each counted once per mention, over whole UTC
// days. SQLite sums its daily, weekly and monthly term roll-ups (analytics-sql.ts termCounts), with a
// platform filter alone its per-platform daily and weekly ones (term-platforms-schema.ts,
// term-platform-weeks-schema.ts), or, with another
// dimension filter, reads the mentions; PostgreSQL the same over rollup_terms or its mentions.
import type { MentionFilter } from '../listening-store.js';
import {
  addDimensions,
  blockedTermCounts,
  dayRange,
  hasDimensionFilter,
  type SqlPart,
  termCounts,
} from '../sqlite/analytics-sql.js';
import { LANG_KEY_SQL, SOURCE_KEY_SQL } from '../sqlite/listening-schema.js';
import { fromWhere, hasDimensions, type PgQuery, postgresFilter, unitRange } from './filter.js';
import { firstDayOfMonth, monthOfDay } from './utc-calendar.js';

/** A range of UTC days as the whole UTC months inside it and the days at its ends. */
export function monthSplit(days: { from: number | null; to: number | null }): {
  months: { from: number | null; to: number | null } | null;
  days: { from: number | null; to: number | null }[];
} {
  const first =
    days.from === null
      ? null
      : firstDayOfMonth(monthOfDay(days.from)) === days.from
        ? monthOfDay(days.from)
        : monthOfDay(days.from) + 1;
  const end = days.to === null ? null : monthOfDay(days.to);
  if (first !== null && end !== null && first >= end) return { months: null, days: [days] };
  const ends: { from: number | null; to: number | null }[] = [];
  if (days.from !== null && first !== null && days.from < firstDayOfMonth(first)) {
    ends.push({ from: days.from, to: firstDayOfMonth(first) });
  }
  if (days.to !== null && end !== null && firstDayOfMonth(end) < days.to) {
    ends.push({ from: firstDayOfMonth(end), to: days.to });
  }
  return { months: { from: first, to: end }, days: ends };
}

/** A range of UTC months as the whole UTC years inside it and the months at its ends. */
export function yearSplit(months: { from: number | null; to: number | null }): {
  years: { from: number | null; to: number | null } | null;
  months: { from: number | null; to: number | null }[];
} {
  const first = months.from === null ? null : Math.ceil(months.from / 12);
  const end = months.to === null ? null : Math.floor(months.to / 12);
  if (first !== null && end !== null && first >= end) return { years: null, months: [months] };
  const ends: { from: number | null; to: number | null }[] = [];
  if (months.from !== null && first !== null && months.from < first * 12) {
    ends.push({ from: months.from, to: first * 12 });
  }
  if (months.to !== null && end !== null && end * 12 < months.to) {
    ends.push({ from: end * 12, to: months.to });
  }
  return { years: { from: first, to: end }, months: ends };
}

export const postgres = {
  top(filter: MentionFilter, limit: number): PgQuery {
    if (!hasDimensions(filter)) {
      // Whole UTC years from rollup_term_years, the whole months left at the ends from
      // rollup_term_months, the days at the ends from rollup_terms.
      const days = unitRange(filter, 'day');
      const split = monthSplit(days);
      const years = split.months === null ? null : yearSplit(split.months);
      const values: unknown[] = [filter.topicId ?? 0];
      const bind = (value: unknown) => `$${values.push(value)}`;
      const range = (column: string, r: { from: number | null; to: number | null }) =>
        [
          ...(r.from === null ? [] : [`${column} >= ${bind(r.from)}`]),
          ...(r.to === null ? [] : [`${column} < ${bind(r.to)}`]),
        ].join(' AND ') || 'true';
      const branches: string[] = [];
      if (split.days.length > 0) {
        branches.push(`SELECT term, n FROM rollup_terms WHERE topic_id = $1
          AND (${split.days.map((r) => `(${range('day', r)})`).join(' OR ')})`);
      }
      if (years !== null && years.months.length > 0) {
        branches.push(`SELECT term, n FROM rollup_term_months WHERE topic_id = $1
          AND (${years.months.map((r) => `(${range('month', r)})`).join(' OR ')})`);
      }
      if (years?.years) {
        branches.push(`SELECT term, n FROM rollup_term_years WHERE topic_id = $1
          AND ${range('year', years.years)}`);
      }
      values.push(limit);
      return {
        sql: `SELECT term, sum(n)::int AS count FROM (${branches.join(' UNION ALL ')}) AS r
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
    if (onlyPlatforms(filter)) return platformTermCounts(filter, limit);
    // No term level holds these dimensions: count from the mentions themselves.
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

/** Whether platform is the filter's only dimension. */
function onlyPlatforms(filter: MentionFilter): boolean {
  return (
    filter.platforms !== undefined &&
    filter.langs === undefined &&
    filter.sentiments === undefined &&
    filter.sourceIds === undefined &&
    filter.places === undefined &&
    filter.sectors === undefined
  );
}

/**
 * Term counts over the whole UTC days of a platform filter: whole weeks from
 * rollup_terms_platforms_weekly where they are sealed (term-platform-weeks-schema.ts, as the
 * statement itself checks), the other days from rollup_terms_platforms.
 */
function platformTermCounts(filter: MentionFilter, limit: number): SqlPart {
  return blockedTermCounts(
    filter,
    {
      days: 'rollup_terms_platforms',
      weeks: 'rollup_terms_platforms_weekly',
      sealed: 'rollup_terms_platforms_sealed',
      where: 'topic_id = @topic AND platform IN (SELECT value FROM json_each(@platforms))',
    },
    { topic: filter.topicId ?? 0, platforms: JSON.stringify(filter.platforms), limit },
  );
}
