// Two roll-up levels beside the others (rollup-levels-schema.ts):
//  - rollup_series_days (topic, shift, local day, sentiment): day and week series in the zones
//    the installation serves, each a whole-hour offset from UTC listed in rollup_day_shifts
//    (7 for Asia/Ho_Chi_Minh to start with; UTC days are read from rollup_daily). Local day d of shift s holds the UTC
//    hours h with (h + s) / 24 = d, so a year in Ho Chi Minh City is 365 × 4 rows instead of
//    8,760 × 4 hourly ones that straddle the UTC days of rollup_daily. Zones with daylight
//    saving time, or an offset the table does not list, are read from the hourly levels.
//  - rollup_persons (topic, UTC hour, sentiment, person): for each bucket, up to k of the
//    distinct persons behind its mentions (k in rollup_person_cap, the small-group threshold
//    of src/privacy/, default 10): every person when fewer than k wrote in it, any k of them
//    otherwise. The persons behind a figure over hours and sentiments are the union of its
//    buckets' sets, and any set of k already answers "at least k", so the small-group rule
//    counts them from here instead of reading mention rows. Who counts as a person is
//    PERSON_SQL. Adding a mention adds its person while the set has room; taking mentions off
//    (erasure, untagging) or moving one to another bucket (a late sentiment, a changed author)
//    recounts the buckets concerned from the mentions, since a capped set cannot say whether a
//    person it holds wrote other mentions there, nor who else could take a free place.
// New mentions and tags enter both through GroupedRollups, per batch; the triggers here move a
// counted mention whose sentiment or author changes, guarded like the others (rollup_batch).
import type Database from 'better-sqlite3';
import type { Migration } from './migrations.js';
import { CAP, guard, topicsOf } from './person-set-sql.js';
import { mentionDimsView, PERSON_SQL, type TaggedRows } from './rollup-levels-schema.js';

/** The small-group threshold the person sets are kept for, unless the file says otherwise. */
export const PERSON_SET_CAP = 10;

/** Whole-hour UTC offsets served by rollup_series_days from the start: Asia/Ho_Chi_Minh. */
export const SERVED_DAY_SHIFTS = [7];

const tables = `
CREATE TABLE rollup_day_shifts (shift INTEGER PRIMARY KEY) WITHOUT ROWID;
INSERT INTO rollup_day_shifts (shift) VALUES ${SERVED_DAY_SHIFTS.map((s) => `(${s})`).join(', ')};

CREATE TABLE rollup_series_days (
  topic_id INTEGER NOT NULL,
  shift INTEGER NOT NULL,
  day INTEGER NOT NULL,
  sentiment TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (topic_id, shift, day, sentiment)
) WITHOUT ROWID;

CREATE TABLE rollup_person_cap (k INTEGER NOT NULL);
INSERT INTO rollup_person_cap (k) VALUES (${PERSON_SET_CAP});

CREATE TABLE rollup_persons (
  topic_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  sentiment TEXT NOT NULL,
  person TEXT NOT NULL,
  PRIMARY KEY (topic_id, hour, sentiment, person)
) WITHOUT ROWID;
`;

/** Local day of UTC hour `hour` at whole-hour offset `shift` (floor division). */
export const localDay = (hour: string, shift: string) =>
  `((${hour} + ${shift} + 24000000) / 24 - 1000000)`;

/** Search keys of UTC hour `hour`: [lower, upper]. */
const hourKeys = (hour: string) =>
  [`((${hour}) * 3600) << 20`, `((((${hour}) + 1) * 3600) << 20) - 1`] as const;

/**
 * Persons of the mentions of buckets `buckets` (a FROM item `b` with topic_id, hour and
 * sentiment), as rows of (topic_id, hour, sentiment, person), at most k per bucket, leaving
 * out mentions for which `exclude` (an SQL condition on `b.topic_id` and `m.id`) holds.
 */
function recountedPersons(buckets: string, exclude: string): string {
  const [lower, upper] = hourKeys('b.hour');
  const found = `
    SELECT DISTINCT b.topic_id, b.hour, b.sentiment, ${PERSON_SQL} AS person
    FROM ${buckets} JOIN mentions AS m ON m.search_key BETWEEN ${lower} AND ${upper}
    WHERE b.topic_id = 0 AND coalesce(m.sentiment, '') = b.sentiment AND NOT (${exclude})
    UNION
    SELECT DISTINCT b.topic_id, b.hour, b.sentiment, ${PERSON_SQL} AS person
    FROM ${buckets}
      JOIN mention_topics AS mt ON mt.topic_id = b.topic_id AND mt.sort_key BETWEEN ${lower} AND ${upper}
      JOIN mentions AS m ON m.id = mt.mention_id
    WHERE b.topic_id <> 0 AND coalesce(m.sentiment, '') = b.sentiment AND NOT (${exclude})`;
  return `SELECT topic_id, hour, sentiment, person FROM (
      SELECT f.*, row_number() OVER (PARTITION BY topic_id, hour, sentiment ORDER BY person) AS rank
      FROM (${found}) AS f WHERE f.person IS NOT NULL)
    WHERE rank <= ${CAP}`;
}

/**
 * Statements counting tagged rows (see TaggedRows: `d` rows of mention_dims columns with a
 * person, and their topic) into the series days and person sets.
 */
export function addDaysAndPersons(rows: TaggedRows): string[] {
  const { from, topic } = rows;
  return [
    `INSERT INTO rollup_series_days (topic_id, shift, day, sentiment, n)
      SELECT ${topic}, s.shift, ${localDay('d.hour', 's.shift')}, d.sentiment, count(*)
      FROM ${from}, rollup_day_shifts AS s WHERE true
      GROUP BY 1, 2, 3, 4
      ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    // New persons of each bucket, in order, while the bucket has fewer than k.
    `INSERT INTO rollup_persons (topic_id, hour, sentiment, person)
      SELECT topic_id, hour, sentiment, person FROM (
        SELECT c.*, row_number() OVER (PARTITION BY topic_id, hour, sentiment ORDER BY person)
            + (SELECT count(*) FROM rollup_persons AS r WHERE r.topic_id = c.topic_id
                AND r.hour = c.hour AND r.sentiment = c.sentiment) AS place
        FROM (SELECT DISTINCT ${topic} AS topic_id, d.hour, d.sentiment, d.person FROM ${from}
          WHERE d.person IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rollup_persons AS r
            WHERE r.topic_id = ${topic} AND r.hour = d.hour AND r.sentiment = d.sentiment
              AND r.person = d.person)) AS c)
      WHERE place <= ${CAP}`,
  ];
}

/**
 * Statements taking tagged rows off the series days and recounting the person sets of their
 * buckets without them; to run while the mentions and tags are still there or already gone.
 */
export function removeDaysAndPersons(rows: TaggedRows): string[] {
  const { from, topic } = rows;
  return [
    `INSERT INTO rollup_series_days (topic_id, shift, day, sentiment, n)
      SELECT ${topic}, s.shift, ${localDay('d.hour', 's.shift')}, d.sentiment, -count(*)
      FROM ${from}, rollup_day_shifts AS s WHERE true
      GROUP BY 1, 2, 3, 4
      ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    'DELETE FROM temp.removed_pairs',
    `INSERT OR IGNORE INTO temp.removed_pairs (topic_id, mention_id, hour, sentiment)
      SELECT ${topic}, d.mention_id, d.hour, d.sentiment FROM ${from} WHERE d.person IS NOT NULL`,
    `DELETE FROM rollup_persons WHERE (topic_id, hour, sentiment) IN (
      SELECT topic_id, hour, sentiment FROM temp.removed_pairs)`,
    `INSERT INTO rollup_persons (topic_id, hour, sentiment, person)
      ${recountedPersons(
        '(SELECT DISTINCT topic_id, hour, sentiment FROM temp.removed_pairs) AS b',
        'EXISTS (SELECT 1 FROM temp.removed_pairs AS x WHERE x.topic_id = b.topic_id AND x.mention_id = m.id)',
      )}`,
    'DELETE FROM temp.removed_pairs',
  ];
}

/** Connection-local table the removal statements use; create before preparing them. */
export const REMOVED_PAIRS_TABLE = `CREATE TEMP TABLE IF NOT EXISTS removed_pairs (
  topic_id INTEGER NOT NULL, mention_id INTEGER NOT NULL, hour INTEGER NOT NULL,
  sentiment TEXT NOT NULL, PRIMARY KEY (topic_id, mention_id)) WITHOUT ROWID`;

const HOUR = (row: 'NEW' | 'OLD') => `((${row}.search_key >> 20) / 3600)`;

const triggers = `
CREATE TRIGGER rollup_days_sentiment AFTER UPDATE OF sentiment ON mentions
WHEN ${guard('NEW')} AND OLD.sentiment IS NOT NEW.sentiment
BEGIN
  INSERT INTO rollup_series_days (topic_id, shift, day, sentiment, n)
    SELECT t.topic_id, s.shift, ${localDay(HOUR('NEW'), 's.shift')}, x.sentiment, x.n
    FROM (${topicsOf('NEW.id')}) AS t, rollup_day_shifts AS s,
      (SELECT coalesce(OLD.sentiment, '') AS sentiment, -1 AS n
       UNION ALL SELECT coalesce(NEW.sentiment, ''), 1) AS x
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER rollup_persons_moved AFTER UPDATE OF sentiment, author_key, author_kind, platform
  ON mentions
WHEN ${guard('NEW')} AND (OLD.sentiment IS NOT NEW.sentiment OR OLD.author_key IS NOT NEW.author_key
  OR OLD.author_kind IS NOT NEW.author_kind OR OLD.platform IS NOT NEW.platform)
BEGIN
  DELETE FROM rollup_persons WHERE topic_id IN (${topicsOf('NEW.id')}) AND hour = ${HOUR('NEW')}
    AND sentiment IN (coalesce(OLD.sentiment, ''), coalesce(NEW.sentiment, ''));
  INSERT INTO rollup_persons (topic_id, hour, sentiment, person)
    ${recountedPersons(
      `(SELECT t.topic_id, ${HOUR('NEW')} AS hour, x.sentiment
        FROM (${topicsOf('NEW.id')}) AS t,
          (SELECT coalesce(OLD.sentiment, '') AS sentiment
           UNION SELECT coalesce(NEW.sentiment, '')) AS x) AS b`,
      'false',
    )};
END;
`;

/** Fills both levels from the mentions and tags of the file (migration, benchmarks). */
export function fillDaysAndPersons(db: Database.Database): void {
  db.exec(`DELETE FROM rollup_series_days; DELETE FROM rollup_persons;
    INSERT INTO rollup_series_days (topic_id, shift, day, sentiment, n)
      SELECT r.topic_id, s.shift, ${localDay('r.hour', 's.shift')}, r.sentiment, sum(r.n)
      FROM rollup_series AS r, rollup_day_shifts AS s WHERE true GROUP BY 1, 2, 3, 4;
    INSERT INTO rollup_persons (topic_id, hour, sentiment, person)
      SELECT topic_id, hour, sentiment, person FROM (
        SELECT f.*, row_number() OVER (PARTITION BY topic_id, hour, sentiment ORDER BY person)
          AS rank
        FROM (SELECT DISTINCT 0 AS topic_id, d.hour, d.sentiment, d.person
              FROM mention_dims AS d WHERE d.person IS NOT NULL
              UNION
              SELECT DISTINCT mt.topic_id, d.hour, d.sentiment, d.person
              FROM mention_topics AS mt JOIN mention_dims AS d ON d.mention_id = mt.mention_id
              WHERE d.person IS NOT NULL) AS f)
      WHERE rank <= ${CAP};`);
}

export const localDaysPersonsMigration: Migration = {
  name: 'series per local day and person sets in the roll-ups',
  up: (db) => {
    db.exec(mentionDimsView(true) + tables + triggers);
    fillDaysAndPersons(db);
  },
};
