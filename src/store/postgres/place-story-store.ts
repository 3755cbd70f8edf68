// PlaceStoryStore on PostgreSQL (places-stories-schema.ts), the queries of the SQLite one
// (src/store/sqlite/sqlite-place-story-store.ts): stories and authors are distinct counts no
// roll-up can add up, so these read the mentions a filter selects (postgresFilter, places and
// sectors included) through the tag tables' indexes.
import type pg from 'pg';
import { fromWhere, postgresFilter } from '../analytics/filter.js';
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

const COPY = 's.first_publisher_id IS NOT NULL AND s.first_publisher_id <> m.id';
const PERSON_KEY = `CASE WHEN m.author_kind = 'person' THEN m.author_key
  WHEN m.author_kind IS NULL AND m.platform <> 'web' THEN '' END`;

export class PgPlaceStoryStore implements PlaceStoryStore {
  constructor(private readonly pool: pg.Pool) {}

  async figuresBy(level: TagLevel, filter: MentionFilter, limit = 50): Promise<TagFigureRow[]> {
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

  async storyFigures(filter: MentionFilter): Promise<StoryFigures> {
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

  async listStories(filter: MentionFilter, limit = 50): Promise<StoryRow[]> {
    const where = postgresFilter(filter, 'hour');
    const values = [...where.values];
    const inner = {
      ...where,
      from: `${where.from} JOIN mention_stories AS s ON s.mention_id = m.id`,
    };
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
