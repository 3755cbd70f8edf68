// PlaceStoryStore over the mention tag tables (places-stories-schema.ts). Stories and authors
// are distinct counts, which no roll-up can add up, so these read the mentions a filter selects
// (filteredMentionsSql) through the tag tables' indexes.
import type Database from 'better-sqlite3';
import { loadSectors } from '../../analysis/sectors/index.js';
import { loadGazetteer } from '../../places/gazetteer.js';
import type { MentionFilter } from '../listening-store.js';
import type {
  PlaceStoryStore,
  StoryFigures,
  StoryRow,
  TagFigureRow,
  TagLevel,
} from '../place-story-store.js';
import { filteredMentionsSql } from './place-sector-sql.js';
import { type StatementCache, statementCache } from './statement-cache.js';
import { storyPersons } from './story-groups.js';

const COPY = 's.first_publisher_id IS NOT NULL AND s.first_publisher_id <> m.id';

/** Today's name of a province or ward code, or a sector's Vietnamese name. */
export function tagLabel(level: TagLevel, key: string): string | null {
  if (level === 'sector') return loadSectors().find((s) => s.id === key)?.vi ?? null;
  const gazetteer = loadGazetteer();
  if (level === 'province') {
    const p = gazetteer.province(key);
    return p ? `${p.type} ${p.name}` : null;
  }
  const w = gazetteer.ward(key);
  return w ? `${w.type} ${w.name}` : null;
}

export class SqlitePlaceStoryStore implements PlaceStoryStore {
  private readonly statement: StatementCache;

  constructor(private readonly db: Database.Database) {
    this.statement = statementCache(db);
  }

  async storyPersons(
    filter: MentionFilter,
    storyIds: readonly number[],
  ): Promise<Map<number, number>> {
    return storyPersons(this.db, filter, storyIds);
  }

  async figuresBy(level: TagLevel, filter: MentionFilter, limit = 50): Promise<TagFigureRow[]> {
    const { from, where, params } = filteredMentionsSql(filter);
    const join =
      level === 'sector'
        ? 'JOIN mention_sectors AS t ON t.mention_id = m.id'
        : `JOIN mention_place_keys AS t ON t.mention_id = m.id AND t.ward ${level === 'ward' ? "<> ''" : "= ''"}`;
    const key = level === 'sector' ? 't.sector' : `t.${level}`;
    const rows = this.statement(
      `SELECT ${key} AS key, count(*) AS mentions,
         count(DISTINCT s.story_id) AS stories, count(DISTINCT m.author_key) AS authors,
         total(m.sentiment = 'positive') AS positive, total(m.sentiment = 'neutral') AS neutral,
         total(m.sentiment = 'negative') AS negative
       FROM ${from} ${join} LEFT JOIN mention_stories AS s ON s.mention_id = m.id
       WHERE ${where} GROUP BY ${key} ORDER BY mentions DESC, key LIMIT @limit`,
    ).all({ ...params, limit }) as Omit<TagFigureRow, 'label'>[];
    return rows.map((row) => ({ ...row, label: tagLabel(level, row.key) }));
  }

  async storyFigures(filter: MentionFilter): Promise<StoryFigures> {
    const { from, where, params } = filteredMentionsSql(filter);
    return this.statement(
      `SELECT count(*) AS mentions, count(DISTINCT s.story_id) AS stories,
         count(DISTINCT m.author_key) AS authors, CAST(total(${COPY}) AS INTEGER) AS copies
       FROM ${from} LEFT JOIN mention_stories AS s ON s.mention_id = m.id WHERE ${where}`,
    ).get(params) as StoryFigures;
  }

  async listStories(filter: MentionFilter, limit = 50): Promise<StoryRow[]> {
    const { from, where, params } = filteredMentionsSql(filter);
    const rows = this.statement(
      `SELECT st.id, f.mentions, st.size, f.copies, f.authors, st.first_at, st.last_at,
         f.negative, st.first_mention_id, fm.title, fm.canonical_url, fm.published_at,
         CASE WHEN fm.author_kind = 'person' THEN NULL ELSE fm.author_name END AS author
       FROM (SELECT s.story_id, count(*) AS mentions, CAST(total(${COPY}) AS INTEGER) AS copies,
               count(DISTINCT m.author_key) AS authors,
               CAST(total(m.sentiment = 'negative') AS INTEGER) AS negative
             FROM ${from} JOIN mention_stories AS s ON s.mention_id = m.id
             WHERE ${where} GROUP BY s.story_id) AS f
         JOIN stories AS st ON st.id = f.story_id
         LEFT JOIN mentions AS fm ON fm.id = st.first_mention_id
       ORDER BY f.mentions DESC, st.id LIMIT @limit`,
    ).all({ ...params, limit }) as {
      id: number;
      mentions: number;
      size: number;
      copies: number;
      authors: number;
      first_at: string;
      last_at: string;
      negative: number;
      first_mention_id: number;
      title: string | null;
      canonical_url: string | null;
      published_at: string | null;
      author: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      mentions: r.mentions,
      size: r.size,
      copies: r.copies,
      authors: r.authors,
      firstAt: r.first_at,
      lastAt: r.last_at,
      negative: r.negative,
      firstPublisher: {
        mentionId: r.first_mention_id,
        title: r.title,
        url: r.canonical_url,
        author: r.author,
        publishedAt: r.published_at,
      },
    }));
  }
}

const opened = new WeakMap<Database.Database, SqlitePlaceStoryStore>();

/** The place and story figures of a store with a SQLite connection; null for other stores. */
export function placeStoryStoreFor(store: object): PlaceStoryStore | null {
  const db = (store as { db?: Database.Database }).db;
  if (!db || typeof db.prepare !== 'function') return null;
  let found = opened.get(db);
  if (!found) {
    found = new SqlitePlaceStoryStore(db);
    opened.set(db, found);
  }
  return found;
}
