// Share statistics per local day beside the hourly ones (share-statistics-schema.ts), as
// rollup_series_days does for counts: share_series_days (topic, shift, local day, group,
// sentiment) holds, for each whole-hour offset listed in rollup_day_shifts (+7 for
// Asia/Ho_Chi_Minh), the sums of share_hourly over the UTC hours h with (h + shift) / 24 = day.
// A share series by day or week over a year in Ho Chi Minh City then sums 365 rows per group
// and sentiment instead of 8,760 hourly ones; UTC days are read from share_daily.
// New mentions and tags enter through GroupedRollups (shareDaysStatements), per batch; the
// triggers here move a counted mention whose analysis changes, guarded like the others
// (rollup_batch): mentions of the batch being saved are not counted yet.
import type Database from 'better-sqlite3';
import { localDay } from './local-days-persons-schema.js';
import type { Migration } from './migrations.js';
import type { TaggedRows } from './rollup-levels-schema.js';
import {
  ADD_EXCLUDED,
  POST_VALUES,
  STAT_COLUMNS,
  summed,
  WATCHED,
} from './share-statistics-schema.js';

const COLUMNS = `topic_id, shift, day, grp, sentiment, ${STAT_COLUMNS.join(', ')}`;

const table = `
CREATE TABLE share_series_days (
  topic_id INTEGER NOT NULL,
  shift INTEGER NOT NULL,
  day INTEGER NOT NULL,
  grp TEXT NOT NULL,
  sentiment TEXT NOT NULL,
  n INTEGER NOT NULL,
  ${STAT_COLUMNS.slice(1)
    .map((c) => `${c} REAL NOT NULL`)
    .join(', ')},
  PRIMARY KEY (topic_id, shift, day, grp, sentiment)
) WITHOUT ROWID;
`;

/**
 * Statements adding (sign 1) or removing (-1) tagged rows (`d` rows of mention_share_dims
 * columns and their topic, see TaggedRows) to the local days, one upsert per day of the batch.
 */
export function shareDaysStatements(sign: 1 | -1, rows: TaggedRows): string[] {
  const { from, topic } = rows;
  return [
    `INSERT INTO share_series_days (${COLUMNS})
      SELECT ${topic}, s.shift, ${localDay('d.hour', 's.shift')}, d.grp, d.sentiment, ${summed(sign)}
      FROM ${from}, rollup_day_shifts AS s WHERE true
      GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT DO UPDATE SET ${ADD_EXCLUDED}`,
  ];
}

const topicsOf = (mention: string) =>
  `SELECT 0 AS topic_id UNION ALL SELECT topic_id FROM mention_topics WHERE mention_id = ${mention}`;
const GUARD = (row: 'NEW' | 'OLD') => `${row}.id < (SELECT first_id FROM rollup_batch)`;

/** One mention, `sign` times, into the local days of every topic it counts for. */
function delta(row: 'NEW' | 'OLD', sign: 1 | -1): string {
  return `INSERT INTO share_series_days (${COLUMNS})
    SELECT t.topic_id, s.shift, ${localDay('d.hour', 's.shift')}, d.grp, d.sentiment,
      ${POST_VALUES.map((v) => `${sign} * ${v}`).join(', ')}
    FROM (${topicsOf(`${row}.id`)}) AS t, rollup_day_shifts AS s, mention_share_dims AS d
    WHERE d.mention_id = ${row}.id
    ON CONFLICT DO UPDATE SET ${ADD_EXCLUDED};`;
}

const triggers = `
CREATE TRIGGER share_days_analysis_before BEFORE UPDATE OF ${WATCHED} ON mentions
WHEN ${GUARD('OLD')} AND OLD.share_group IS NOT NULL
BEGIN
  ${delta('OLD', -1)}
END;

CREATE TRIGGER share_days_analysis_after AFTER UPDATE OF ${WATCHED} ON mentions
WHEN ${GUARD('NEW')} AND NEW.share_group IS NOT NULL
BEGIN
  ${delta('NEW', 1)}
END;
`;

/** Fills the local days from share_hourly, which holds the same sums per UTC hour. */
export function fillShareDays(db: Database.Database): void {
  db.exec(`DELETE FROM share_series_days;
    INSERT INTO share_series_days (${COLUMNS})
      SELECT h.topic_id, s.shift, ${localDay('h.hour', 's.shift')}, h.grp, h.sentiment,
        ${STAT_COLUMNS.map((c) => `total(h.${c})`).join(', ')}
      FROM share_hourly AS h, rollup_day_shifts AS s WHERE true
      GROUP BY 1, 2, 3, 4, 5;`);
}

export const shareDaysMigration: Migration = {
  name: 'share statistics per local day',
  up: (db) => {
    db.exec(table + triggers);
    fillShareDays(db);
  },
};
