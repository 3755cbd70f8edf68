// Term counts per UTC week and platform beside the daily ones (term-platforms-schema.ts), written
// only for weeks that are over ("sealed"), as the weekly level without platform is
// (term-blocks-schema.ts): top terms of 30 days filtered by platform sum four weeks and a few
// days instead of thirty days of a few thousand terms per platform (at ten million mentions,
// 230 ms at p95 under load from the days alone).
//  - rollup_terms_platforms_weekly (topic, platform, week, term): week w is the UTC days
//    7w − 3 … 7w + 3 (weekOfDay), counted as rollup_terms_platforms counts its days.
//  - rollup_terms_platforms_sealed (week): the level holds exactly the weeks before `week`, and
//    no row of a later one (neither the grouped statements nor the triggers write those).
// New mentions and tags of sealed weeks (late arrivals) enter through the grouped statements;
// a new analysis of a stored mention of a sealed week moves its keywords by the triggers below.
// Readers take sealed weeks from here and the rest from the days (analytics/terms.ts); the
// writer seals the weeks that ended before the current UTC day as it saves (GroupedRollups).
import type Database from 'better-sqlite3';
import { firstDayOfWeek, weekOf } from '../analytics/utc-calendar.js';
import type { Migration } from './migrations.js';
import { type TaggedRows, weekOfDay } from './rollup-levels-schema.js';

const DAY_MS = 86_400_000;
/** Stands for "nothing sealed yet". */
const NONE = -1_000_000;

const tables = `
CREATE TABLE rollup_terms_platforms_weekly (
  topic_id INTEGER NOT NULL,
  platform TEXT NOT NULL,
  week INTEGER NOT NULL,
  term TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (topic_id, platform, week, term)
) WITHOUT ROWID;

CREATE TABLE rollup_terms_platforms_sealed (week INTEGER NOT NULL);
INSERT INTO rollup_terms_platforms_sealed (week) VALUES (${NONE});
`;

const SEALED = '(SELECT week FROM rollup_terms_platforms_sealed)';

/** Statements adding (`sign` 1) or taking off (-1) the terms of tagged rows `d` of sealed weeks. */
export function platformTermWeekStatements(sign: 1 | -1, rows: TaggedRows): string[] {
  const week = weekOfDay('d.day');
  return [
    `INSERT INTO rollup_terms_platforms_weekly (topic_id, platform, week, term, n)
      SELECT topic_id, platform, week, term, ${sign} * count(*) FROM (
        SELECT DISTINCT ${rows.topic} AS topic_id, d.mention_id, d.platform, ${week} AS week,
          j.value AS term
        FROM ${rows.from}, json_each(d.keywords) AS j
        WHERE d.keywords IS NOT NULL AND j.type = 'text' AND ${week} < ${SEALED})
      WHERE true GROUP BY topic_id, platform, week, term
      ON CONFLICT DO UPDATE SET n = n + excluded.n`,
  ];
}

const topicsOf = (mention: string) =>
  `SELECT 0 AS topic_id UNION ALL SELECT topic_id FROM mention_topics WHERE mention_id = ${mention}`;

/** Weekly terms of one stored mention, `sign` times, for every topic, when its week is sealed. */
function delta(row: 'NEW' | 'OLD', sign: 1 | -1): string {
  const week = weekOfDay(`((${row}.search_key >> 20) / 86400)`);
  return `INSERT INTO rollup_terms_platforms_weekly (topic_id, platform, week, term, n)
    SELECT t.topic_id, ${row}.platform, ${week}, k.term, ${sign}
    FROM (${topicsOf(`${row}.id`)}) AS t,
      (SELECT DISTINCT j.value AS term FROM json_each(${row}.keywords) AS j
       WHERE ${row}.keywords IS NOT NULL AND j.type = 'text') AS k
    WHERE ${week} < ${SEALED}
    ON CONFLICT DO UPDATE SET n = n + excluded.n;`;
}

/** Mentions of the batch being written are counted by the grouped statements instead. */
const guard = (row: 'NEW' | 'OLD') => `${row}.id < (SELECT first_id FROM rollup_batch)`;

const triggers = `
CREATE TRIGGER rollup_terms_platforms_weekly_before BEFORE UPDATE OF keywords ON mentions
WHEN ${guard('OLD')} AND OLD.keywords IS NOT NEW.keywords
BEGIN
  ${delta('OLD', -1)}
END;

CREATE TRIGGER rollup_terms_platforms_weekly_after AFTER UPDATE OF keywords ON mentions
WHEN ${guard('NEW')} AND OLD.keywords IS NOT NEW.keywords
BEGIN
  ${delta('NEW', 1)}
END;
`;

/** The first week not sealed. */
export function sealedPlatformTermWeek(db: Database.Database): number {
  return (db.prepare('SELECT week FROM rollup_terms_platforms_sealed').get() as { week: number })
    .week;
}

/**
 * Seals the weeks that ended before the UTC day of `nowMs`: their rows become the sums of their
 * days. Run inside the writer's transaction; does nothing when they are sealed.
 */
export function sealPlatformTermWeeks(db: Database.Database, nowMs: number): number {
  const target = weekOf(Math.floor(nowMs / DAY_MS));
  const sealed = sealedPlatformTermWeek(db);
  if (target <= sealed) return sealed;
  db.prepare('DELETE FROM rollup_terms_platforms_weekly WHERE week >= ? AND week < ?').run(
    sealed,
    target,
  );
  db.prepare(
    `INSERT INTO rollup_terms_platforms_weekly (topic_id, platform, week, term, n)
     SELECT topic_id, platform, ${weekOfDay('day')}, term, sum(n)
     FROM rollup_terms_platforms WHERE day >= ? AND day < ? AND n <> 0 GROUP BY 1, 2, 3, 4`,
  ).run(sealed === NONE ? NONE * 31 : firstDayOfWeek(sealed), firstDayOfWeek(target));
  db.prepare('UPDATE rollup_terms_platforms_sealed SET week = ?').run(target);
  return target;
}

/** Empties the level and seals nothing, so the grouped statements write no week. */
export function unsealPlatformTermWeeks(db: Database.Database): void {
  db.exec(`DELETE FROM rollup_terms_platforms_weekly;
    UPDATE rollup_terms_platforms_sealed SET week = ${NONE}`);
}

/** Rebuilds the level from the daily one up to the UTC day of `nowMs` (migration, bulk loads). */
export function rebuildPlatformTermWeeks(db: Database.Database, nowMs: number): void {
  unsealPlatformTermWeeks(db);
  sealPlatformTermWeeks(db, nowMs);
}

export const platformTermWeeksMigration: Migration = {
  name: 'term counts per week and platform, for ended weeks',
  up: (db) => {
    db.exec(tables + triggers);
    rebuildPlatformTermWeeks(db, Date.now());
  },
};
