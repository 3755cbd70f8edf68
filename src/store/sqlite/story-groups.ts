// How many distinct persons wrote each story's mentions inside a filter, for the small-group
// rule on story lists. Persons are counted as the group counter counts them (author-groups.ts):
// authors of kind 'person', and authorless mentions outside news together as one.
import type Database from 'better-sqlite3';
import type { MentionFilter } from '../listening-store.js';
import { filteredMentionsSql } from './place-sector-sql.js';

const PERSON_KEY = `CASE WHEN m.author_kind = 'person' THEN m.author_key
  WHEN m.author_kind IS NULL AND m.platform <> 'web' THEN '' END`;

export function storyPersons(
  db: Database.Database,
  filter: MentionFilter,
  storyIds: readonly number[],
): Map<number, number> {
  if (storyIds.length === 0) return new Map();
  const { from, where, params } = filteredMentionsSql(filter);
  const rows = db
    .prepare(
      `SELECT s.story_id AS id, count(DISTINCT ${PERSON_KEY}) AS persons
       FROM ${from} JOIN mention_stories AS s ON s.mention_id = m.id
       WHERE ${where} AND s.story_id IN (SELECT value FROM json_each(@storyIds))
       GROUP BY s.story_id`,
    )
    .all({ ...params, storyIds: JSON.stringify(storyIds) }) as { id: number; persons: number }[];
  return new Map(rows.map((row) => [row.id, row.persons]));
}
