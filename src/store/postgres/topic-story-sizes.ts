// The stories of some mentions measured within a topic (alerts' "new story" rules) on
// PostgreSQL: the query of the SQLite store (src/store/sqlite/topic-story-sizes.ts) over
// PostgreSQL's story tables.
import type pg from 'pg';
import type { StorySizes, TopicStorySize } from '../../alerts/story-rules.js';
import { type TopicStorySizeRow, topicStorySizeOf } from '../topic-story-size-rows.js';

type Row = TopicStorySizeRow & { ids: (string | number)[] };

/** `ready`: resolves when the schema is in place; every call waits for it. */
export function postgresTopicStorySizes(
  pool: pg.Pool,
  ready: Promise<void> = Promise.resolve(),
): StorySizes {
  return {
    async storiesOf(topicId: number, mentionIds: number[]): Promise<TopicStorySize[]> {
      if (mentionIds.length === 0) return [];
      await ready;
      const { rows } = await pool.query<Row>(
        `WITH touched AS (
           SELECT DISTINCT story_id FROM mention_stories WHERE mention_id = ANY($2::bigint[])),
         members AS (
           SELECT s.story_id, m.id, m.author_key,
             (s.first_publisher_id IS NOT NULL AND s.first_publisher_id <> m.id) AS copy
           FROM touched AS t
             JOIN mention_stories AS s ON s.story_id = t.story_id
             JOIN mention_topics AS mt ON mt.mention_id = s.mention_id AND mt.topic_id = $1
             JOIN mentions AS m ON m.id = s.mention_id AND m.deleted_at IS NULL)
         SELECT st.id AS story_id, count(*)::int AS mentions,
           (count(*) FILTER (WHERE f.copy))::int AS copies,
           count(DISTINCT f.author_key)::int AS authors, st.first_at, st.last_at, fm.title,
           array_agg(f.id ORDER BY f.id) AS ids
         FROM members AS f JOIN stories AS st ON st.id = f.story_id
           LEFT JOIN mentions AS fm ON fm.id = st.first_mention_id
         GROUP BY st.id, st.first_at, st.last_at, fm.title ORDER BY st.id`,
        [topicId, mentionIds],
      );
      return rows.map((r) => topicStorySizeOf(r, r.ids.map(Number)));
    },
  };
}
