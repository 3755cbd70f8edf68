// Each story's extent per topic on PostgreSQL, so the top stories of a range of whole local
// days need not sum the story day rows of every story in the range per story (at a million
// mentions, 30 days of a large topic are ~27,000 stories, and grouping them cost ~40 ms of CPU):
//  - rollup_story_extents (topic, story): the first and last local day the story has mentions
//    on in the topic (rollup_entity_days, kind story, all mentions) and its mentions there.
// A story whose extent lies inside a range has exactly its `n` mentions in it, so the top
// stories are the largest `n` of those (no grouping), merged with the few stories crossing
// either end, summed from their day rows. Stories starting up to LONG_STORY_DAYS before a
// range are found by the first-day index; longer ones by an index over long stories alone.
// Kept by statement-level triggers on rollup_entity_days: whichever statement writes a story's
// day rows (the commit-time apply of story-author-spans-schema.ts, a recount) recounts the
// extents of the stories it touched from their day rows, under the apply's per-story lock.
import type { PgMigration } from './schema.js';

/** rollup_entity_days' kind of a story (story-author-spans-schema.ts STORY). */
const STORY_KIND = 0;

/** Stories spanning this many local days or more are read through the long-story index. */
export const LONG_STORY_DAYS = 7;

/** Extents of the stories `entities` (a relation of story ids as text), from their day rows. */
const extentsOf = (entities: string) => `
  SELECT b.topic_id, b.entity::bigint, min(b.day), max(b.day), sum(b.n)
  FROM rollup_entity_days AS b
  WHERE b.kind = ${STORY_KIND} AND b.level = '' AND b.key = '' AND b.entity IN ${entities}
  GROUP BY b.topic_id, b.entity`;

/** The level counted from the story day rows (exact), into an empty table. */
export const STORY_EXTENTS_FILL_SQL = `INSERT INTO rollup_story_extents
    (topic_id, story_id, first_day, last_day, n)
  SELECT b.topic_id, b.entity::bigint, min(b.day), max(b.day), sum(b.n)
  FROM rollup_entity_days AS b
  WHERE b.kind = ${STORY_KIND} AND b.level = '' AND b.key = ''
  GROUP BY b.topic_id, b.entity`;

/**
 * The same in a bulk recount, where the table's keys are dropped: in place of any rows the
 * triggers wrote while the day rows were refilled (when they were on).
 */
export const STORY_EXTENTS_BULK_SQL = `WITH emptied AS (DELETE FROM rollup_story_extents)
  ${STORY_EXTENTS_FILL_SQL}`;

const TOUCHED = `(SELECT DISTINCT c.entity FROM changed_rows AS c
    WHERE c.kind = ${STORY_KIND} AND c.level = '')`;

const FUNCTION = `CREATE FUNCTION nghe_story_extents_changed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM changed_rows AS c WHERE c.kind = ${STORY_KIND} AND c.level = '')
  THEN
    RETURN NULL;
  END IF;
  DELETE FROM rollup_story_extents AS e WHERE e.story_id IN (SELECT entity::bigint FROM ${TOUCHED} AS t);
  INSERT INTO rollup_story_extents (topic_id, story_id, first_day, last_day, n)
    ${extentsOf(TOUCHED)};
  RETURN NULL;
END $fn$;`;

const triggers = (['INSERT', 'UPDATE', 'DELETE'] as const)
  .map(
    (
      event,
    ) => `CREATE TRIGGER story_extents_${event.toLowerCase()} AFTER ${event} ON rollup_entity_days
  REFERENCING ${event === 'DELETE' ? 'OLD' : 'NEW'} TABLE AS changed_rows FOR EACH STATEMENT
  EXECUTE FUNCTION nghe_story_extents_changed();`,
  )
  .join('\n');

export const pgStoryExtentsMigration: PgMigration = {
  name: 'story extents per topic',
  sql: `
CREATE TABLE rollup_story_extents (
  topic_id bigint NOT NULL,
  story_id bigint NOT NULL,
  first_day bigint NOT NULL,
  last_day bigint NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (story_id, topic_id)
);
CREATE INDEX rollup_story_extents_first ON rollup_story_extents (topic_id, first_day)
  INCLUDE (last_day, n, story_id);
CREATE INDEX rollup_story_extents_long ON rollup_story_extents (topic_id, last_day)
  INCLUDE (first_day, n, story_id) WHERE last_day - first_day >= ${LONG_STORY_DAYS};
${FUNCTION}
${triggers}
LOCK TABLE rollup_entity_days IN SHARE MODE;
${STORY_EXTENTS_FILL_SQL};
ANALYZE rollup_story_extents;`,
};

/**
 * The stories starting on one day, largest first: the top stories of a bounded range of days
 * are merged from each day's first few (at most `limit` a day), not sorted from every story
 * of the range (at ten million mentions, 30 days of a large topic are ~140,000 stories).
 */
export const pgStoryExtentsByDayMigration: PgMigration = {
  name: 'story extents by first day, largest first',
  sql: `CREATE INDEX rollup_story_extents_by_day ON rollup_story_extents
    (topic_id, first_day, n DESC, story_id) INCLUDE (last_day)`,
};
