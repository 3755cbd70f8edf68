// Term counts per UTC week beside the daily and monthly ones, written only for weeks and months
// that are over ("sealed"): a 30-day range of top terms sums three or four weeks and a few days
// instead of thirty days of a few thousand terms each, and new mentions, dated in the running
// week and month, are written to the daily level alone.
//  - rollup_terms_weekly (topic, week, term): week w is the UTC days 7w − 3 … 7w + 3, Monday
//    to Sunday (weekOfDay).
//  - rollup_terms_sealed (month, month_day, week): the monthly and weekly levels hold exactly
//    the months before `month` (whose first day is `month_day`) and the weeks before `week`.
//    Rows of later blocks may exist (the analysis triggers of rollup-levels-schema.ts write
//    every month) and are never read; sealing a block replaces them with the sum of its days.
// Readers take sealed blocks from the coarse levels and the rest of a range from the daily one
// (analytics-sql.ts termCounts). The writer seals the blocks that ended before the current UTC
// day as it saves (GroupedRollups), which reads each of their days once.
import type Database from 'better-sqlite3';
import { firstDayOfMonth, firstDayOfWeek, monthOfDay, weekOf } from '../analytics/utc-calendar.js';
import type { Migration } from './migrations.js';
import { weekOfDay } from './rollup-levels-schema.js';

const DAY_MS = 86_400_000;
/** Stands for "nothing sealed yet". */
const NONE = -1_000_000;

const tables = `
CREATE TABLE rollup_terms_weekly (
  topic_id INTEGER NOT NULL,
  week INTEGER NOT NULL,
  term TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (topic_id, week, term)
) WITHOUT ROWID;

CREATE TABLE rollup_terms_sealed (
  month INTEGER NOT NULL,
  month_day INTEGER NOT NULL,
  week INTEGER NOT NULL
);
INSERT INTO rollup_terms_sealed (month, month_day, week) VALUES (${NONE}, ${NONE * 31}, ${NONE});
`;

const topicsOf = (mention: string) =>
  `SELECT 0 AS topic_id UNION ALL SELECT topic_id FROM mention_topics WHERE mention_id = ${mention}`;

/** Weekly term counts of one mention's keywords, `sign` times, when its week is sealed. */
function weeklyDelta(row: 'NEW' | 'OLD', sign: 1 | -1): string {
  const week = weekOfDay(`((${row}.search_key >> 20) / 86400)`);
  return `INSERT INTO rollup_terms_weekly (topic_id, week, term, n)
    SELECT t.topic_id, ${week}, k.term, ${sign}
    FROM (${topicsOf(`${row}.id`)}) AS t,
      (SELECT DISTINCT j.value AS term FROM json_each(${row}.keywords) AS j
       WHERE ${row}.keywords IS NOT NULL AND j.type = 'text') AS k
    WHERE ${week} < (SELECT week FROM rollup_terms_sealed)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;`;
}

const guard = (row: 'NEW' | 'OLD') => `${row}.id < (SELECT first_id FROM rollup_batch)`;

const triggers = `
CREATE TRIGGER rollup_terms_weekly_before BEFORE UPDATE OF keywords ON mentions
WHEN ${guard('OLD')} AND OLD.keywords IS NOT NEW.keywords
BEGIN
  ${weeklyDelta('OLD', -1)}
END;

CREATE TRIGGER rollup_terms_weekly_after AFTER UPDATE OF keywords ON mentions
WHEN ${guard('NEW')} AND OLD.keywords IS NOT NEW.keywords
BEGIN
  ${weeklyDelta('NEW', 1)}
END;
`;

interface Sealed {
  month: number;
  week: number;
}

export function sealedBlocks(db: Database.Database): Sealed {
  return db.prepare('SELECT month, week FROM rollup_terms_sealed').get() as Sealed;
}

/**
 * Seals the months and weeks that ended before the UTC day of `nowMs`: their coarse rows become
 * the sums of their days. Run inside the writer's transaction; does nothing when they are.
 */
export function sealTermBlocks(db: Database.Database, nowMs: number): Sealed {
  const today = Math.floor(nowMs / DAY_MS);
  const target = { month: monthOfDay(today), week: weekOf(today) };
  const sealed = sealedBlocks(db);
  if (target.month > sealed.month) {
    const fromDay = sealed.month === NONE ? NONE * 31 : firstDayOfMonth(sealed.month);
    const toDay = firstDayOfMonth(target.month);
    const fromMonth = sealed.month === NONE ? NONE : sealed.month;
    db.prepare('DELETE FROM rollup_terms_monthly WHERE month >= ? AND month < ?').run(
      fromMonth,
      target.month,
    );
    db.prepare(
      `INSERT INTO rollup_terms_monthly (topic_id, month, term, n)
       SELECT topic_id,
         CAST(strftime('%Y', day * 86400, 'unixepoch') AS INTEGER) * 12
           + CAST(strftime('%m', day * 86400, 'unixepoch') AS INTEGER) - 1,
         term, sum(n)
       FROM rollup_terms WHERE day >= ? AND day < ? AND n <> 0 GROUP BY 1, 2, 3`,
    ).run(fromDay, toDay);
    db.prepare('UPDATE rollup_terms_sealed SET month = ?, month_day = ?').run(target.month, toDay);
  }
  if (target.week > sealed.week) {
    const fromDay = sealed.week === NONE ? NONE * 31 : firstDayOfWeek(sealed.week);
    const fromWeek = sealed.week === NONE ? NONE : sealed.week;
    db.prepare('DELETE FROM rollup_terms_weekly WHERE week >= ? AND week < ?').run(
      fromWeek,
      target.week,
    );
    db.prepare(
      `INSERT INTO rollup_terms_weekly (topic_id, week, term, n)
       SELECT topic_id, ${weekOfDay('day')}, term, sum(n)
       FROM rollup_terms WHERE day >= ? AND day < ? AND n <> 0 GROUP BY 1, 2, 3`,
    ).run(fromDay, firstDayOfWeek(target.week));
    db.prepare('UPDATE rollup_terms_sealed SET week = ?').run(target.week);
  }
  return target;
}

/** Rebuilds both coarse term levels from the daily one (migration, bulk loads). */
export function rebuildTermBlocks(db: Database.Database, nowMs: number): void {
  db.exec(`UPDATE rollup_terms_sealed SET month = ${NONE}, month_day = ${NONE * 31},
    week = ${NONE}`);
  sealTermBlocks(db, nowMs);
}

export const termBlocksMigration: Migration = {
  name: 'weekly term counts; coarse term levels for ended weeks and months only',
  up: (db) => {
    db.exec(tables + triggers);
    rebuildTermBlocks(db, Date.now());
  },
};
