// Person sets per UTC day and dimension value beside those per hour and sentiment
// (local-days-persons-schema.ts), so the small-group rule (src/privacy/) counts the persons
// behind a figure filtered by platform, language or source without reading mention rows:
//  - rollup_persons_dims (topic, dim, value, UTC day, person): dim is 'platform', 'lang' (the
//    roll-up language key) or 'source' (the mention's lowest source, 0 for none); for each
//    bucket up to k of the distinct persons (PERSON_SQL) behind its mentions, k as in
//    rollup_person_cap: all of them when fewer than k wrote in it, any k otherwise. The union
//    of the sets of a figure's buckets, cut at k, is then the count the mentions give.
//  - Sentiment is no key: a late sentiment moves nothing here; figures filtered by sentiment
//    and a dimension together are counted from the mentions.
// New mentions and tags enter through GroupedRollups per batch (a person joins while the set
// has room); taking mentions off (erasure, untagging) or moving one to another bucket (a new
// author, platform or language, a new lowest source) recounts the buckets concerned from the
// mentions, since a capped set cannot tell whether a person it holds wrote other mentions
// there, nor who else could take a free place.
import type Database from 'better-sqlite3';
import { LANG_KEY_SQL, SOURCE_KEY_SQL } from './listening-schema.js';
import type { Migration } from './migrations.js';
import { CAP, dayKeys, dayOf, guard, topicsOf } from './person-set-sql.js';
import { PERSON_SQL, type TaggedRows } from './rollup-levels-schema.js';

/** The dimensions kept, and each one's column in mention_dims and expression over `m`. */
export const PERSON_DIMENSIONS = [
  { dim: 'platform', column: 'platform', sql: 'm.platform' },
  { dim: 'lang', column: 'lang', sql: LANG_KEY_SQL },
  { dim: 'source', column: 'source_id', sql: SOURCE_KEY_SQL },
] as const;

const table = `
CREATE TABLE rollup_persons_dims (
  topic_id INTEGER NOT NULL,
  dim TEXT NOT NULL,
  value NOT NULL,
  day INTEGER NOT NULL,
  person TEXT NOT NULL,
  PRIMARY KEY (topic_id, dim, value, day, person)
) WITHOUT ROWID;
`;

/** A mention's value of the bucket's dimension (`b.dim`). */
const VALUE_OF_M = `CASE b.dim ${PERSON_DIMENSIONS.map((d) => `WHEN '${d.dim}' THEN ${d.sql}`).join(' ')} END`;

/**
 * Persons of the mentions of buckets `buckets` (a FROM item `b` with topic_id, dim, value and
 * day) as rows of (topic_id, dim, value, day, person), at most k per bucket, leaving out
 * mentions for which `exclude` (an SQL condition on `b.topic_id` and `m.id`) holds.
 */
function recounted(buckets: string, exclude: string): string {
  const [lower, upper] = dayKeys('b.day');
  const found = `
    SELECT DISTINCT b.topic_id, b.dim, b.value, b.day, ${PERSON_SQL} AS person
    FROM ${buckets} JOIN mentions AS m ON m.search_key BETWEEN ${lower} AND ${upper}
    WHERE b.topic_id = 0 AND ${VALUE_OF_M} = b.value AND NOT (${exclude})
    UNION
    SELECT DISTINCT b.topic_id, b.dim, b.value, b.day, ${PERSON_SQL} AS person
    FROM ${buckets}
      JOIN mention_topics AS mt ON mt.topic_id = b.topic_id AND mt.sort_key BETWEEN ${lower} AND ${upper}
      JOIN mentions AS m ON m.id = mt.mention_id
    WHERE b.topic_id <> 0 AND ${VALUE_OF_M} = b.value AND NOT (${exclude})`;
  return `SELECT topic_id, dim, value, day, person FROM (
      SELECT f.*, row_number() OVER (PARTITION BY topic_id, dim, value, day ORDER BY person) AS rank
      FROM (${found}) AS f WHERE f.person IS NOT NULL)
    WHERE rank <= ${CAP}`;
}

/** `d` rows (mention_dims columns with a person) as rows of each kept dimension. */
function dimensionRows(rows: TaggedRows, extra = ''): string {
  return PERSON_DIMENSIONS.map(
    (d) =>
      `SELECT ${rows.topic} AS topic_id, '${d.dim}' AS dim, d.${d.column} AS value, d.day AS day,
        d.person AS person${extra} FROM ${rows.from} WHERE d.person IS NOT NULL`,
  ).join(' UNION ALL ');
}

/** `a` and `b` name the same bucket. */
const sameBucket = (a: string, b: string) =>
  ['topic_id', 'dim', 'value', 'day'].map((c) => `${a}.${c} = ${b}.${c}`).join(' AND ');

/**
 * Statement adding tagged rows' persons to their sets while the sets have room. Each bucket's
 * set is counted once, and the persons of full buckets (most, past a day's first mentions)
 * are dropped before they are looked up.
 */
export function addDimensionPersons(rows: TaggedRows): string[] {
  return [
    `INSERT INTO rollup_persons_dims (topic_id, dim, value, day, person)
      WITH c AS MATERIALIZED (SELECT DISTINCT x.* FROM (${dimensionRows(rows)}) AS x),
        room AS MATERIALIZED (
          SELECT b.*, (SELECT count(*) FROM rollup_persons_dims AS r WHERE ${sameBucket('r', 'b')})
            AS used
          FROM (SELECT DISTINCT topic_id, dim, value, day FROM c) AS b)
      SELECT topic_id, dim, value, day, person FROM (
        SELECT c.*, row_number() OVER (PARTITION BY c.topic_id, c.dim, c.value, c.day
            ORDER BY c.person) + room.used AS place
        FROM c JOIN room ON ${sameBucket('room', 'c')}
        WHERE room.used < ${CAP} AND NOT EXISTS (SELECT 1 FROM rollup_persons_dims AS r
          WHERE ${sameBucket('r', 'c')} AND r.person = c.person))
      WHERE place <= ${CAP}`,
  ];
}

/**
 * Statements recounting the sets of tagged rows' buckets without them; to run while the
 * mentions and tags are still there or already gone.
 */
export function removeDimensionPersons(rows: TaggedRows): string[] {
  return [
    'DELETE FROM temp.removed_dim_pairs',
    `INSERT OR IGNORE INTO temp.removed_dim_pairs (topic_id, mention_id, dim, value, day)
      SELECT topic_id, mention_id, dim, value, day FROM (${dimensionRows(rows, ', d.mention_id AS mention_id')})`,
    `DELETE FROM rollup_persons_dims WHERE (topic_id, dim, value, day) IN (
      SELECT topic_id, dim, value, day FROM temp.removed_dim_pairs)`,
    `INSERT INTO rollup_persons_dims (topic_id, dim, value, day, person)
      ${recounted(
        '(SELECT DISTINCT topic_id, dim, value, day FROM temp.removed_dim_pairs) AS b',
        'EXISTS (SELECT 1 FROM temp.removed_dim_pairs AS x WHERE x.topic_id = b.topic_id AND x.mention_id = m.id)',
      )}`,
    'DELETE FROM temp.removed_dim_pairs',
  ];
}

/** Connection-local table the removal statements use; create before preparing them. */
export const REMOVED_DIM_PAIRS_TABLE = `CREATE TEMP TABLE IF NOT EXISTS removed_dim_pairs (
  topic_id INTEGER NOT NULL, mention_id INTEGER NOT NULL, dim TEXT NOT NULL, value NOT NULL,
  day INTEGER NOT NULL, PRIMARY KEY (topic_id, mention_id, dim)) WITHOUT ROWID`;

const langOf = (row: 'NEW' | 'OLD') => LANG_KEY_SQL.replaceAll('m.', `${row}.`);

/** Deletes and recounts buckets `b` (topic_id, dim, value, day) given as a SELECT. */
function recountBuckets(buckets: string): string {
  return `
  DELETE FROM rollup_persons_dims WHERE (topic_id, dim, value, day) IN (${buckets});
  INSERT INTO rollup_persons_dims (topic_id, dim, value, day, person)
    ${recounted(`(${buckets}) AS b`, 'false')};`;
}

const triggers = `
CREATE TRIGGER rollup_persons_dims_moved
AFTER UPDATE OF author_key, author_kind, platform, lang, language ON mentions
WHEN ${guard('NEW')} AND (OLD.author_key IS NOT NEW.author_key
  OR OLD.author_kind IS NOT NEW.author_kind OR OLD.platform IS NOT NEW.platform
  OR ${langOf('OLD')} IS NOT ${langOf('NEW')})
BEGIN
  ${recountBuckets(`SELECT t.topic_id, v.dim, v.value, ${dayOf('NEW')} AS day
    FROM (${topicsOf('NEW.id')}) AS t,
      (SELECT 'platform' AS dim, OLD.platform AS value UNION SELECT 'platform', NEW.platform
       UNION SELECT 'lang', ${langOf('OLD')} UNION SELECT 'lang', ${langOf('NEW')}
       UNION SELECT 'source', coalesce((SELECT min(source_id) FROM mention_sources
         WHERE mention_id = NEW.id), 0)) AS v`)}
END;

CREATE TRIGGER rollup_persons_dims_source AFTER INSERT ON mention_sources
WHEN NEW.mention_id < (SELECT first_id FROM rollup_batch)
  AND NEW.source_id = (SELECT min(source_id) FROM mention_sources WHERE mention_id = NEW.mention_id)
BEGIN
  ${recountBuckets(`SELECT t.topic_id, 'source' AS dim, v.value,
      (SELECT (search_key >> 20) / 86400 FROM mentions WHERE id = NEW.mention_id) AS day
    FROM (${topicsOf('NEW.mention_id')}) AS t,
      (SELECT 0 AS value UNION SELECT source_id FROM mention_sources
       WHERE mention_id = NEW.mention_id) AS v`)}
END;
`;

/** Fills the sets from the mentions and tags of the file (migration, benchmarks). */
export function fillDimensionPersons(db: Database.Database): void {
  const rows = (from: string, topic: string) =>
    dimensionRows({ from, topic }).replaceAll('SELECT ', 'SELECT DISTINCT ');
  db.exec(`DELETE FROM rollup_persons_dims;
    INSERT INTO rollup_persons_dims (topic_id, dim, value, day, person)
      SELECT topic_id, dim, value, day, person FROM (
        SELECT f.*, row_number() OVER (PARTITION BY topic_id, dim, value, day ORDER BY person)
          AS rank
        FROM (SELECT DISTINCT * FROM (
          ${rows('mention_dims AS d', '0')}
          UNION ALL
          ${rows('mention_topics AS mt JOIN mention_dims AS d ON d.mention_id = mt.mention_id', 'mt.topic_id')})) AS f)
      WHERE rank <= ${CAP};`);
}

export const dimensionPersonsMigration: Migration = {
  name: 'person sets per day and platform, language or source',
  up: (db) => {
    db.exec(table + triggers);
    fillDimensionPersons(db);
  },
};
