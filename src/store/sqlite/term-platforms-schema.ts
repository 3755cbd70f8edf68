// Term counts per UTC day and platform, so a top-terms figure filtered by platform alone sums
// roll-up rows instead of reading every mention of its range (at ten million mentions, 30 days
// of a busy topic on one platform were a million keyword rows read from the mentions: seconds).
//  - rollup_terms_platforms (topic, platform, UTC day, term): counted as rollup_terms counts
//    terms (each text value of `keywords` once per mention), per platform.
// New mentions and tags enter through the grouped statements (platformTermStatements, run by
// GroupedRollups and the bulk recount); a new analysis of a stored mention moves its keywords
// by the triggers below, as the weekly term level's do.
import type Database from 'better-sqlite3';
import type { Migration } from './migrations.js';
import type { TaggedRows } from './rollup-levels-schema.js';

const table = `
CREATE TABLE rollup_terms_platforms (
  topic_id INTEGER NOT NULL,
  platform TEXT NOT NULL,
  day INTEGER NOT NULL,
  term TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (topic_id, platform, day, term)
) WITHOUT ROWID;
`;

/** Statements adding (`sign` 1) or taking off (-1) the terms of tagged rows `d`. */
export function platformTermStatements(sign: 1 | -1, rows: TaggedRows): string[] {
  return [
    `INSERT INTO rollup_terms_platforms (topic_id, platform, day, term, n)
      SELECT topic_id, platform, day, term, ${sign} * count(*) FROM (
        SELECT DISTINCT ${rows.topic} AS topic_id, d.mention_id, d.platform, d.day,
          j.value AS term
        FROM ${rows.from}, json_each(d.keywords) AS j
        WHERE d.keywords IS NOT NULL AND j.type = 'text')
      WHERE true GROUP BY topic_id, platform, day, term
      ON CONFLICT DO UPDATE SET n = n + excluded.n`,
  ];
}

const topicsOf = (mention: string) =>
  `SELECT 0 AS topic_id UNION ALL SELECT topic_id FROM mention_topics WHERE mention_id = ${mention}`;

/** The terms of one stored mention, `sign` times, for every topic it counts in. */
function delta(row: 'NEW' | 'OLD', sign: 1 | -1): string {
  return `INSERT INTO rollup_terms_platforms (topic_id, platform, day, term, n)
    SELECT t.topic_id, ${row}.platform, (${row}.search_key >> 20) / 86400, k.term, ${sign}
    FROM (${topicsOf(`${row}.id`)}) AS t,
      (SELECT DISTINCT j.value AS term FROM json_each(${row}.keywords) AS j
       WHERE ${row}.keywords IS NOT NULL AND j.type = 'text') AS k
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n;`;
}

/** Mentions of the batch being written are counted by the grouped statements instead. */
const guard = (row: 'NEW' | 'OLD') => `${row}.id < (SELECT first_id FROM rollup_batch)`;

const triggers = `
CREATE TRIGGER rollup_terms_platforms_before BEFORE UPDATE OF keywords ON mentions
WHEN ${guard('OLD')} AND OLD.keywords IS NOT NEW.keywords
BEGIN
  ${delta('OLD', -1)}
END;

CREATE TRIGGER rollup_terms_platforms_after AFTER UPDATE OF keywords ON mentions
WHEN ${guard('NEW')} AND OLD.keywords IS NOT NEW.keywords
BEGIN
  ${delta('NEW', 1)}
END;
`;

/** Counts the level from every mention and tag of the file. */
export function fillPlatformTerms(db: Database.Database): void {
  db.exec(`DELETE FROM rollup_terms_platforms;
    ${platformTermStatements(1, { from: 'mention_dims AS d', topic: '0' })[0]};
    ${
      platformTermStatements(1, {
        from: `mention_topics AS mt JOIN mention_dims AS d ON d.mention_id = mt.mention_id
          AND mt.topic_id <> 0`,
        topic: 'mt.topic_id',
      })[0]
    };`);
}

export const platformTermsMigration: Migration = {
  name: 'term counts per day and platform',
  up: (db) => {
    db.exec(table + triggers);
    fillPlatformTerms(db);
  },
};
