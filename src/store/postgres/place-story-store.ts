// PlaceStoryStore on PostgreSQL (places-stories-schema.ts), the queries of the SQLite one
// (src/store/sqlite/sqlite-place-story-store.ts): stories and authors are distinct counts no
// roll-up can add up, so these read the mentions a filter selects (postgresFilter, places and
// sectors included) through the tag tables' indexes.
import type pg from 'pg';
import { dayLevelSplit, fromWhere, postgresFilter } from '../analytics/filter.js';
import { monthSplit } from '../analytics/terms.js';
import type { MentionFilter } from '../listening-store.js';
import type {
  PlaceStoryStore,
  StoryFigures,
  StoryRow,
  TagFigureRow,
  TagLevel,
} from '../place-story-store.js';
import { tagLabel } from '../sqlite/sqlite-place-story-store.js';
import { tagKeys } from './place-sector-sql.js';
import { AUTHOR, STORY } from './story-author-spans-schema.js';
import { LONG_STORY_DAYS } from './story-extents-schema.js';

/**
 * The whole local days [from, to) of a filter that narrows only by topic and period, its ends on
 * local midnights (or open): what the day and span levels answer; null otherwise.
 */
export function spanDays(filter: MentionFilter): { from: number; to: number | null } | null {
  const others = Object.entries(filter).filter(
    ([k, v]) => v !== undefined && k !== 'topicId' && k !== 'from' && k !== 'to',
  );
  if (others.length > 0) return null;
  const split = dayLevelSplit(filter);
  if (split.days === null || split.hours.length > 0) return null;
  // An open start is day 0: every previous day (-1: none) is before it.
  return { from: Math.max(0, split.days.from ?? 0), to: split.days.to };
}

/** Conditions on span rows `s` of a topic, kind and level over days [from, to). */
function spanWhere(
  values: unknown[],
  filter: MentionFilter,
  days: { from: number; to: number | null },
  kind: number,
  level: string,
): string {
  const bind = (v: unknown) => `$${values.push(v)}`;
  const parts = [
    `s.topic_id = ${bind(filter.topicId ?? 0)}`,
    `s.kind = ${kind}`,
    `s.level = ${bind(level)}`,
    `s.day >= ${bind(days.from)}`,
  ];
  if (days.to !== null) parts.push(`s.day < ${bind(days.to)}`);
  return parts.join(' AND ');
}

/** Ranges of up to this many days merge each day's top stories (one index probe a day). */
const BY_DAY_MAX_DAYS = 366;

const COPY = 's.first_publisher_id IS NOT NULL AND s.first_publisher_id <> m.id';
const PERSON_KEY = `CASE WHEN m.author_kind = 'person' THEN m.author_key
  WHEN m.author_kind IS NULL AND m.platform <> 'web' THEN '' END`;

export class PgPlaceStoryStore implements PlaceStoryStore {
  constructor(private readonly pool: pg.Pool) {}

  async figuresBy(level: TagLevel, filter: MentionFilter, limit = 50): Promise<TagFigureRow[]> {
    const days = spanDays(filter);
    if (days !== null) return this.figuresByFromRollups(level, filter, days, limit);
    const where = postgresFilter(filter, 'hour');
    const values = [...where.values];
    const join =
      level === 'sector'
        ? 'JOIN mention_sectors AS k ON k.mention_id = m.id'
        : `CROSS JOIN ${tagKeys(level)}`;
    const { rows } = await this.pool.query<{
      key: string;
      mentions: number;
      stories: number;
      authors: number;
      positive: number;
      neutral: number;
      negative: number;
    }>(
      `SELECT k.${level} AS key, count(*)::int AS mentions,
         count(DISTINCT s.story_id)::int AS stories, count(DISTINCT m.author_key)::int AS authors,
         count(*) FILTER (WHERE m.sentiment = 'positive')::int AS positive,
         count(*) FILTER (WHERE m.sentiment = 'neutral')::int AS neutral,
         count(*) FILTER (WHERE m.sentiment = 'negative')::int AS negative
       FROM ${where.from} ${join} LEFT JOIN mention_stories AS s ON s.mention_id = m.id
       ${where.conditions.length > 0 ? `WHERE ${where.conditions.join(' AND ')}` : ''}
       GROUP BY 1 ORDER BY mentions DESC, k.${level} COLLATE "C" LIMIT $${values.push(limit)}`,
      values,
    );
    return rows.map((row) => ({ ...row, label: tagLabel(level, row.key) }));
  }

  /** figuresBy over whole local days: the place and sector day levels and the span level. */
  private async figuresByFromRollups(
    level: TagLevel,
    filter: MentionFilter,
    days: { from: number; to: number | null },
    limit: number,
  ): Promise<TagFigureRow[]> {
    const values: unknown[] = [];
    const bind = (v: unknown) => `$${values.push(v)}`;
    const column = level === 'sector' ? 'sector' : level;
    const ward =
      level === 'province' ? " AND ward = ''" : level === 'ward' ? " AND ward <> ''" : '';
    const topic = bind(filter.topicId ?? 0);
    const range = (col: string, r: { from: number | null; to: number | null }) =>
      [
        r.from === null ? '' : ` AND ${col} >= ${bind(r.from)}`,
        r.to === null ? '' : ` AND ${col} < ${bind(r.to)}`,
      ].join('');
    // Whole months from the month level, the days at the ends from the day level.
    const split = monthSplit(days);
    const branches = split.days.map(
      (r) => `SELECT ${column} AS key, sentiment, n
        FROM ${level === 'sector' ? 'rollup_sector_days' : 'rollup_place_days'}
        WHERE topic_id = ${topic}${ward}${range('day', r)}`,
    );
    if (split.months !== null) {
      branches.push(`SELECT ${column} AS key, sentiment, n
        FROM ${level === 'sector' ? 'rollup_sector_months' : 'rollup_place_months'}
        WHERE topic_id = ${topic}${ward}${range('month', split.months)}`);
    }
    const { rows } = await this.pool.query<{
      key: string;
      mentions: number;
      positive: number;
      neutral: number;
      negative: number;
    }>(
      `SELECT d.key, sum(d.n)::int AS mentions,
         coalesce(sum(d.n) FILTER (WHERE d.sentiment = 'positive'), 0)::int AS positive,
         coalesce(sum(d.n) FILTER (WHERE d.sentiment = 'neutral'), 0)::int AS neutral,
         coalesce(sum(d.n) FILTER (WHERE d.sentiment = 'negative'), 0)::int AS negative
       FROM (${branches.join(' UNION ALL ')}) AS d
       GROUP BY 1 HAVING sum(d.n) > 0 ORDER BY mentions DESC, d.key COLLATE "C"
       LIMIT ${bind(limit)}`,
      values,
    );
    if (rows.length === 0) return [];
    const distinct = await this.distinctByKey(
      filter,
      days,
      level,
      rows.map((r) => r.key),
    );
    return rows.map((row) => ({
      key: row.key,
      label: tagLabel(level, row.key),
      mentions: row.mentions,
      stories: distinct.get(`${STORY} ${row.key}`) ?? 0,
      authors: distinct.get(`${AUTHOR} ${row.key}`) ?? 0,
      positive: row.positive,
      neutral: row.neutral,
      negative: row.negative,
    }));
  }

  /** Distinct stories and authors per key of a level over whole days, as "kind key". */
  private async distinctByKey(
    filter: MentionFilter,
    days: { from: number; to: number | null },
    level: string,
    keys: string[],
  ): Promise<Map<string, number>> {
    const values: unknown[] = [];
    const parts = [STORY, AUTHOR].map(
      (kind) => `SELECT s.kind, s.key, sum(s.n)::int AS n FROM rollup_entity_spans AS s
        WHERE ${spanWhere(values, filter, days, kind, level)}
          AND s.key = ANY($${values.push(keys)}::text[]) AND s.prev_day < $${values.push(days.from)}
        GROUP BY 1, 2`,
    );
    const { rows } = await this.pool.query<{ kind: number; key: string; n: number }>(
      parts.join(' UNION ALL '),
      values,
    );
    return new Map(rows.map((r) => [`${r.kind} ${r.key}`, r.n]));
  }

  /** storyFigures over whole local days: the day level and the span level. */
  private async storyFiguresFromRollups(
    filter: MentionFilter,
    days: { from: number; to: number | null },
  ): Promise<StoryFigures> {
    const values: unknown[] = [];
    const bind = (v: unknown) => `$${values.push(v)}`;
    const dayConditions = [
      `d.topic_id = ${bind(filter.topicId ?? 0)}`,
      `d.day >= ${bind(days.from)}`,
    ];
    if (days.to !== null) dayConditions.push(`d.day < ${bind(days.to)}`);
    const { rows } = await this.pool.query<StoryFigures>(
      `SELECT
         (SELECT coalesce(sum(d.n), 0) FROM rollup_days AS d
          WHERE ${dayConditions.join(' AND ')})::int AS mentions,
         (SELECT coalesce(sum(s.n) FILTER (WHERE s.prev_day < ${bind(days.from)}), 0)
          FROM rollup_entity_spans AS s
          WHERE ${spanWhere(values, filter, days, STORY, '')} AND s.key = '')::int AS stories,
         (SELECT coalesce(sum(s.n), 0) FROM rollup_entity_spans AS s
          WHERE ${spanWhere(values, filter, days, AUTHOR, '')} AND s.key = ''
            AND s.prev_day < ${bind(days.from)})::int AS authors,
         (SELECT coalesce(sum(s.copies), 0) FROM rollup_entity_spans AS s
          WHERE ${spanWhere(values, filter, days, STORY, '')} AND s.key = '')::int AS copies`,
      values,
    );
    return rows[0]!;
  }

  async storyFigures(filter: MentionFilter): Promise<StoryFigures> {
    const days = spanDays(filter);
    if (days !== null) return this.storyFiguresFromRollups(filter, days);
    const where = postgresFilter(filter, 'hour');
    const from = {
      ...where,
      from: `${where.from} LEFT JOIN mention_stories AS s ON s.mention_id = m.id`,
    };
    const { rows } = await this.pool.query<StoryFigures>(
      `SELECT count(*)::int AS mentions, count(DISTINCT s.story_id)::int AS stories,
         count(DISTINCT m.author_key)::int AS authors,
         count(*) FILTER (WHERE ${COPY})::int AS copies ${fromWhere(from)}`,
      where.values,
    );
    return rows[0]!;
  }

  /**
   * The filter's `limit` stories with the most mentions over whole local days, ties by id, as
   * listStories orders them: the stories whose extent in the topic lies inside the days have
   * all their mentions there (story-extents-schema.ts), read without grouping (over a bounded
   * range, each day's largest first, merged); those crossing
   * an end (starting at most LONG_STORY_DAYS before it, or long) are summed from their day
   * rows, when their whole count could still rank.
   */
  private async topStoryIds(
    filter: MentionFilter,
    days: { from: number; to: number | null },
    limit: number,
  ): Promise<string[]> {
    const values: unknown[] = [filter.topicId ?? 0, days.from];
    const to = days.to === null ? null : `$${values.push(days.to)}`;
    const k = `$${values.push(limit)}`;
    const L = LONG_STORY_DAYS;
    const long = `e.last_day - e.first_day >= ${L}`;
    // Stories starting on one of the days [a, b) and ending on or after `end`, as large as the
    // bound: each day's from the by-day index, down to the bound (not every story of the day).
    const startingOn = (a: string, b: string, end: string) => `SELECT e.story_id
        FROM bound CROSS JOIN generate_series(${a}, ${b} - 1) AS d (day)
        JOIN rollup_story_extents AS e ON e.topic_id = $1 AND e.first_day = d.day
          AND e.n >= bound.n AND e.last_day >= ${end}`;
    const longOnes = (where: string) => `SELECT e.story_id FROM rollup_story_extents AS e, bound
        WHERE e.topic_id = $1 AND ${long} AND ${where} AND e.n >= bound.n`;
    // Stories crossing the start, then (with an end) those crossing the end.
    const crossing = [
      startingOn(`$2::bigint - ${L}`, '$2::bigint', '$2'),
      longOnes(`e.last_day >= $2 AND e.first_day < $2::bigint - ${L}`),
      ...(to === null
        ? []
        : [
            startingOn(`greatest($2::bigint, ${to}::bigint - ${L})`, `${to}::bigint`, to),
            longOnes(
              `e.last_day >= ${to} AND e.first_day >= $2 AND e.first_day < ${to}::bigint - ${L}`,
            ),
          ]),
    ];
    const { rows } = await this.pool.query<{ id: string }>(
      `WITH inside AS (${
        // A bounded range: each day's largest stories (by_day index), merged.
        to !== null && days.to! - days.from <= BY_DAY_MAX_DAYS
          ? `
         SELECT i.story_id, i.n FROM generate_series($2::bigint, ${to}::bigint - 1) AS d (day)
         CROSS JOIN LATERAL (SELECT e.story_id, e.n FROM rollup_story_extents AS e
           WHERE e.topic_id = $1 AND e.first_day = d.day AND e.last_day < ${to}
           ORDER BY e.n DESC, e.story_id LIMIT ${k}) AS i`
          : `
         SELECT e.story_id, e.n FROM rollup_story_extents AS e
         WHERE e.topic_id = $1 AND e.first_day >= $2
           ${to === null ? '' : `AND e.first_day < ${to} AND e.last_day < ${to}`}`
      }
         ORDER BY n DESC, story_id LIMIT ${k}
       ), bound AS (
         SELECT CASE WHEN count(*) < ${k} THEN 0 ELSE min(i.n) END AS n FROM inside AS i
       ), summed AS (
         SELECT c.story_id, sum(b.n) AS n FROM (${crossing.join('\nUNION ALL\n')}) AS c
         JOIN rollup_entity_days AS b ON b.kind = ${STORY} AND b.entity = c.story_id::text
           AND b.topic_id = $1 AND b.level = '' AND b.key = '' AND b.day >= $2
           ${to === null ? '' : `AND b.day < ${to}`}
         GROUP BY 1
       )
       SELECT r.story_id::text AS id FROM (
         SELECT story_id, n FROM inside UNION ALL SELECT story_id, n FROM summed) AS r
       ORDER BY r.n DESC, r.story_id LIMIT ${k}`,
      values,
    );
    return rows.map((r) => r.id);
  }

  async listStories(filter: MentionFilter, limit = 50): Promise<StoryRow[]> {
    const where = postgresFilter(filter, 'hour');
    const values = [...where.values];
    const inner = {
      ...where,
      from: `${where.from} JOIN mention_stories AS s ON s.mention_id = m.id`,
    };
    const days = spanDays(filter);
    if (days !== null) {
      // Which stories from the level; their figures from their own mentions.
      const ids = await this.topStoryIds(filter, days, limit);
      if (ids.length === 0) return [];
      inner.conditions = [...inner.conditions, `s.story_id = ANY($${values.push(ids)}::bigint[])`];
    }
    const { rows } = await this.pool.query<{
      id: string;
      mentions: number;
      size: string;
      copies: number;
      authors: number;
      first_at: string;
      last_at: string;
      negative: number;
      first_mention_id: string;
      title: string | null;
      canonical_url: string | null;
      published_at: string | null;
      author: string | null;
    }>(
      `SELECT st.id, f.mentions, st.size, f.copies, f.authors, st.first_at, st.last_at,
         f.negative, st.first_mention_id, fm.title, fm.canonical_url, fm.published_at,
         CASE WHEN fm.author_kind = 'person' THEN NULL ELSE fm.author_name END AS author
       FROM (SELECT s.story_id, count(*)::int AS mentions,
               count(*) FILTER (WHERE ${COPY})::int AS copies,
               count(DISTINCT m.author_key)::int AS authors,
               count(*) FILTER (WHERE m.sentiment = 'negative')::int AS negative
             ${fromWhere(inner)} GROUP BY s.story_id) AS f
         JOIN stories AS st ON st.id = f.story_id
         LEFT JOIN mentions AS fm ON fm.id = st.first_mention_id
       ORDER BY f.mentions DESC, st.id LIMIT $${values.push(limit)}`,
      values,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      mentions: r.mentions,
      size: Number(r.size),
      copies: r.copies,
      authors: r.authors,
      firstAt: r.first_at,
      lastAt: r.last_at,
      negative: r.negative,
      firstPublisher: {
        mentionId: Number(r.first_mention_id),
        title: r.title,
        url: r.canonical_url,
        author: r.author,
        publishedAt: r.published_at,
      },
    }));
  }

  async storyPersons(
    filter: MentionFilter,
    storyIds: readonly number[],
  ): Promise<Map<number, number>> {
    if (storyIds.length === 0) return new Map();
    const where = postgresFilter(filter, 'hour');
    const values = [...where.values];
    const conditions = [
      ...where.conditions,
      `s.story_id = ANY($${values.push([...storyIds])}::bigint[])`,
    ];
    const { rows } = await this.pool.query<{ id: string; persons: number }>(
      `SELECT s.story_id AS id, count(DISTINCT ${PERSON_KEY})::int AS persons
       FROM ${where.from} JOIN mention_stories AS s ON s.mention_id = m.id
       WHERE ${conditions.join(' AND ')} GROUP BY s.story_id`,
      values,
    );
    return new Map(rows.map((row) => [Number(row.id), row.persons]));
  }
}
