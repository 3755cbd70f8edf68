// Person sets per UTC day and analysis keyword, so the small-group rule (src/privacy/) counts
// the persons behind a term of a top-terms figure without reading mention rows:
//  - rollup_persons_terms (topic, term, UTC day, person): for each bucket up to k of the
//    distinct persons (PERSON_SQL) whose mentions of that day carry the keyword (as
//    rollup_terms counts it: text values of `keywords`), k as in rollup_person_cap: all of them
//    when fewer than k wrote it, any k otherwise. The union of a figure's day sets, cut at k,
//    is the count the mentions give; a common term stops at its first day.
//  - Sentiment, platform, language and source are no keys: terms asked together with such a
//    filter are counted from the mentions.
// New mentions and tags enter through GroupedRollups per batch (a person joins while the set
// has room), and so do keywords given to a mention that had none. Taking mentions off
// (erasure, untagging), a keyword dropped by a new analysis or a new author recounts the
// buckets concerned from the mentions of their days, since a capped set cannot tell whether a
// person it holds wrote other mentions there, nor who else could take a free place.
import type Database from 'better-sqlite3';
import type { Migration } from './migrations.js';
import { CAP, dayKeys, dayOf, guard, personOf, termsOf, topicsOf } from './person-set-sql.js';
import { PERSON_SQL, type TaggedRows } from './rollup-levels-schema.js';

const table = `
CREATE TABLE rollup_persons_terms (
  topic_id INTEGER NOT NULL,
  term TEXT NOT NULL,
  day INTEGER NOT NULL,
  person TEXT NOT NULL,
  PRIMARY KEY (topic_id, term, day, person)
) WITHOUT ROWID;
`;

/**
 * Persons of the mentions of buckets `buckets` (a SELECT of topic_id, term and day, read twice)
 * as rows of (topic_id, term, day, person), at most k per bucket, leaving out mentions for
 * which `exclude` (an SQL condition on `g.topic_id` and `m.id`) holds. Each topic's day is read
 * once, whatever the number of its terms asked.
 */
function recounted(buckets: string, exclude: string): string {
  const [lower, upper] = dayKeys('g.day');
  const terms = `json_each(m.keywords) AS j JOIN (${buckets}) AS b
    ON b.topic_id = g.topic_id AND b.day = g.day AND b.term = j.value`;
  const days = `(SELECT DISTINCT topic_id, day FROM (${buckets})) AS g`;
  const found = `
    SELECT DISTINCT b.topic_id, b.term, b.day, ${PERSON_SQL} AS person
    FROM ${days} JOIN mentions AS m ON m.search_key BETWEEN ${lower} AND ${upper}, ${terms}
    WHERE g.topic_id = 0 AND m.keywords IS NOT NULL AND j.type = 'text' AND NOT (${exclude})
    UNION
    SELECT DISTINCT b.topic_id, b.term, b.day, ${PERSON_SQL} AS person
    FROM ${days}
      JOIN mention_topics AS mt ON mt.topic_id = g.topic_id AND mt.sort_key BETWEEN ${lower} AND ${upper}
      JOIN mentions AS m ON m.id = mt.mention_id, ${terms}
    WHERE g.topic_id <> 0 AND m.keywords IS NOT NULL AND j.type = 'text' AND NOT (${exclude})`;
  return `SELECT topic_id, term, day, person FROM (
      SELECT f.*, row_number() OVER (PARTITION BY topic_id, term, day ORDER BY person) AS rank
      FROM (${found}) AS f WHERE f.person IS NOT NULL)
    WHERE rank <= ${CAP}`;
}

/** `d` rows (mention_dims columns with a person) as one row per keyword. */
function termRows(rows: TaggedRows, extra = ''): string {
  return `SELECT DISTINCT ${rows.topic} AS topic_id, j.value AS term, d.day AS day,
      d.person AS person${extra}
    FROM ${rows.from}, json_each(d.keywords) AS j
    WHERE d.person IS NOT NULL AND d.keywords IS NOT NULL AND j.type = 'text'`;
}

/** Inserts candidate rows `c` (topic_id, term, day, person) while their sets have room. */
function addWhileRoom(candidates: string): string {
  return `INSERT INTO rollup_persons_terms (topic_id, term, day, person)
    SELECT topic_id, term, day, person FROM (
      SELECT c.*, row_number() OVER (PARTITION BY topic_id, term, day ORDER BY person)
          + (SELECT count(*) FROM rollup_persons_terms AS r WHERE r.topic_id = c.topic_id
              AND r.term = c.term AND r.day = c.day) AS place
      FROM (SELECT DISTINCT x.topic_id, x.term, x.day, x.person FROM (${candidates}) AS x
        WHERE NOT EXISTS (SELECT 1 FROM rollup_persons_terms AS r
          WHERE r.topic_id = x.topic_id AND r.term = x.term AND r.day = x.day
            AND r.person = x.person)) AS c)
    WHERE place <= ${CAP}`;
}

/**
 * Statement adding tagged rows' persons to their sets while the sets have room, as
 * addWhileRoom would: each bucket's set is counted once, and the persons of full buckets (most,
 * for common terms) are dropped before they are looked up.
 */
export function addTermPersons(rows: TaggedRows): string[] {
  return [
    `INSERT INTO rollup_persons_terms (topic_id, term, day, person)
      WITH c AS MATERIALIZED (${termRows(rows)}),
        room AS MATERIALIZED (
          SELECT b.*, (SELECT count(*) FROM rollup_persons_terms AS r
              WHERE r.topic_id = b.topic_id AND r.term = b.term AND r.day = b.day) AS used
          FROM (SELECT DISTINCT topic_id, term, day FROM c) AS b)
      SELECT topic_id, term, day, person FROM (
        SELECT c.*, row_number() OVER (PARTITION BY c.topic_id, c.term, c.day
            ORDER BY c.person) + room.used AS place
        FROM c JOIN room ON room.topic_id = c.topic_id AND room.term = c.term
          AND room.day = c.day
        WHERE room.used < ${CAP} AND NOT EXISTS (SELECT 1 FROM rollup_persons_terms AS r
          WHERE r.topic_id = c.topic_id AND r.term = c.term AND r.day = c.day
            AND r.person = c.person))
      WHERE place <= ${CAP}`,
  ];
}

/**
 * Statements recounting the sets of tagged rows' buckets without them; to run while the
 * mentions and tags are still there or already gone.
 */
export function removeTermPersons(rows: TaggedRows): string[] {
  return [
    'DELETE FROM temp.removed_term_pairs',
    'DELETE FROM temp.removed_term_buckets',
    `INSERT OR IGNORE INTO temp.removed_term_pairs (topic_id, mention_id)
      SELECT DISTINCT ${rows.topic}, d.mention_id FROM ${rows.from}
      WHERE d.person IS NOT NULL AND d.keywords IS NOT NULL`,
    `INSERT OR IGNORE INTO temp.removed_term_buckets (topic_id, day, term)
      SELECT topic_id, day, term FROM (${termRows(rows)})`,
    `DELETE FROM rollup_persons_terms WHERE (topic_id, term, day) IN (
      SELECT topic_id, term, day FROM temp.removed_term_buckets)`,
    `INSERT INTO rollup_persons_terms (topic_id, term, day, person)
      ${recounted(
        'SELECT topic_id, term, day FROM temp.removed_term_buckets',
        'EXISTS (SELECT 1 FROM temp.removed_term_pairs AS x WHERE x.topic_id = g.topic_id AND x.mention_id = m.id)',
      )}`,
    'DELETE FROM temp.removed_term_pairs',
    'DELETE FROM temp.removed_term_buckets',
  ];
}

/** Connection-local tables the removal statements use; create before preparing them. */
export const REMOVED_TERM_TABLES = `CREATE TEMP TABLE IF NOT EXISTS removed_term_pairs (
    topic_id INTEGER NOT NULL, mention_id INTEGER NOT NULL, PRIMARY KEY (topic_id, mention_id))
    WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS removed_term_buckets (
    topic_id INTEGER NOT NULL, day INTEGER NOT NULL, term TEXT NOT NULL,
    PRIMARY KEY (topic_id, day, term)) WITHOUT ROWID`;

/** Deletes and recounts buckets (topic_id, term, day) given as a SELECT. */
function recountBuckets(buckets: string): string {
  return `
  DELETE FROM rollup_persons_terms WHERE (topic_id, term, day) IN (${buckets});
  INSERT INTO rollup_persons_terms (topic_id, term, day, person)
    ${recounted(buckets, 'false')};`;
}

const triggers = `
CREATE TRIGGER rollup_persons_terms_author
AFTER UPDATE OF author_key, author_kind, platform ON mentions
WHEN ${guard('NEW')} AND ${personOf('OLD')} IS NOT ${personOf('NEW')}
BEGIN
  ${recountBuckets(`SELECT t.topic_id, w.term, ${dayOf('NEW')} AS day
    FROM (${topicsOf('NEW.id')}) AS t, (${termsOf('OLD')} UNION ${termsOf('NEW')}) AS w`)}
END;

CREATE TRIGGER rollup_persons_terms_keywords AFTER UPDATE OF keywords ON mentions
WHEN ${guard('NEW')} AND OLD.keywords IS NOT NEW.keywords
BEGIN
  ${recountBuckets(`SELECT t.topic_id, w.term, ${dayOf('NEW')} AS day
    FROM (${topicsOf('NEW.id')}) AS t, (${termsOf('OLD')} EXCEPT ${termsOf('NEW')}) AS w`)}
  ${addWhileRoom(`SELECT t.topic_id, w.term, ${dayOf('NEW')} AS day, ${personOf('NEW')} AS person
    FROM (${topicsOf('NEW.id')}) AS t, (${termsOf('NEW')} EXCEPT ${termsOf('OLD')}) AS w
    WHERE ${personOf('NEW')} IS NOT NULL`)};
END;
`;

/** Fills the sets from the mentions and tags of the file (migration, benchmarks). */
export function fillTermPersons(db: Database.Database): void {
  db.exec(`DELETE FROM rollup_persons_terms;
    INSERT INTO rollup_persons_terms (topic_id, term, day, person)
      SELECT topic_id, term, day, person FROM (
        SELECT f.*, row_number() OVER (PARTITION BY topic_id, term, day ORDER BY person)
          AS rank
        FROM (SELECT DISTINCT * FROM (
          ${termRows({ from: 'mention_dims AS d', topic: '0' })}
          UNION ALL
          ${termRows({
            from: 'mention_topics AS mt JOIN mention_dims AS d ON d.mention_id = mt.mention_id',
            topic: 'mt.topic_id',
          })})) AS f)
      WHERE rank <= ${CAP};`);
}

export const termPersonsMigration: Migration = {
  name: 'person sets per day and term',
  up: (db) => {
    db.exec(table + triggers);
    fillTermPersons(db);
  },
};
