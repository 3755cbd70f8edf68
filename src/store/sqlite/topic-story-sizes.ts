// The stories of some mentions measured within a topic (alerts' "new story" rules): the topic's
// mentions of each story, its copies and distinct authors, over the story tables
// (places-stories-schema.ts) through their story and topic indexes.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { StorySizes, TopicStorySize } from '../../alerts/story-rules.js';
import { postgresTopicStorySizes } from '../postgres/topic-story-sizes.js';
import { type TopicStorySizeRow, topicStorySizeOf } from '../topic-story-size-rows.js';

type Row = TopicStorySizeRow & { ids: string };

export class SqliteTopicStorySizes implements StorySizes {
  private readonly select;

  constructor(db: Database.Database) {
    this.select = db.prepare<{ topic: number; ids: string }, Row>(
      `WITH touched AS (
         SELECT DISTINCT story_id FROM mention_stories
         WHERE mention_id IN (SELECT value FROM json_each(@ids))),
       members AS (
         SELECT s.story_id, m.id, m.author_key,
           s.first_publisher_id IS NOT NULL AND s.first_publisher_id <> m.id AS copy
         FROM touched AS t
           JOIN mention_stories AS s ON s.story_id = t.story_id
           JOIN mention_topics AS mt ON mt.mention_id = s.mention_id AND mt.topic_id = @topic
           JOIN mentions AS m ON m.id = s.mention_id AND m.deleted_at IS NULL
         ORDER BY m.id)
       SELECT st.id AS story_id, count(*) AS mentions, CAST(total(f.copy) AS INTEGER) AS copies,
         count(DISTINCT f.author_key) AS authors, st.first_at, st.last_at, fm.title,
         json_group_array(f.id) AS ids
       FROM members AS f JOIN stories AS st ON st.id = f.story_id
         LEFT JOIN mentions AS fm ON fm.id = st.first_mention_id
       GROUP BY st.id ORDER BY st.id`,
    );
  }

  async storiesOf(topicId: number, mentionIds: number[]): Promise<TopicStorySize[]> {
    if (mentionIds.length === 0) return [];
    return this.select.all({ topic: topicId, ids: JSON.stringify(mentionIds) }).map((r) =>
      topicStorySizeOf(
        r,
        (JSON.parse(r.ids) as number[]).sort((a, b) => a - b),
      ),
    );
  }
}

const opened = new WeakMap<Database.Database, SqliteTopicStorySizes>();
const openedPostgres = new WeakMap<pg.Pool, StorySizes>();

/**
 * Story sizes of a store: in PostgreSQL when the store has a pool (server mode), else in its
 * SQLite file; null for a store with neither.
 */
export function topicStorySizesFor(store: object): StorySizes | null {
  const { db, pool, ready } = store as {
    db?: Database.Database;
    pool?: pg.Pool;
    ready?: Promise<void>;
  };
  if (pool) {
    let sizes = openedPostgres.get(pool);
    if (!sizes) {
      sizes = postgresTopicStorySizes(pool, ready);
      openedPostgres.set(pool, sizes);
    }
    return sizes;
  }
  if (!db || typeof db.prepare !== 'function') return null;
  let found = opened.get(db);
  if (!found) {
    found = new SqliteTopicStorySizes(db);
    opened.set(db, found);
  }
  return found;
}
