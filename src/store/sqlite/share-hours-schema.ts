// Share statistics per UTC hour by the dimensions share_hourly lacks, so a share filtered by
// platform, language or source reads the partial days at the ends of its range from roll-ups
// instead of from the posts (at ten million mentions the posts of those hours of a busy topic
// were ~27,000 rows joined and grouped per call: 40 ms of CPU, over 100 ms at p95).
//  - share_hourly_dims (topic, hour, platform, lang, sentiment, group): platform and language
//    filters, as share_daily serves their whole days;
//  - share_hourly_sources (topic, hour, source, sentiment, group): source filters, as
//    share_daily_sources serves their whole days.
// Columns and sums are those of the other share levels (share-statistics-schema.ts). New
// mentions and tags enter through the grouped statements (shareHoursStatements, run by
// GroupedRollups and the bulk recount); the triggers below move a counted mention whose
// analysis changes or that gains a lower source, guarded like the others (rollup_batch).
import type Database from 'better-sqlite3';
import type { Migration } from './migrations.js';
import type { TaggedRows } from './rollup-levels-schema.js';
import {
  ADD_EXCLUDED,
  POST_VALUES,
  type ShareLevel,
  STAT_COLUMNS,
  shareTable,
  summed,
  WATCHED,
} from './share-statistics-schema.js';

export const SHARE_HOUR_LEVELS: ShareLevel[] = [
  {
    table: 'share_hourly_dims',
    keys: ['hour', 'platform', 'lang', 'sentiment', 'grp'],
    bySource: false,
  },
  {
    table: 'share_hourly_sources',
    keys: ['hour', 'source_id', 'sentiment', 'grp'],
    bySource: true,
  },
];

/** Both tables, for clearing a topic. */
export const SHARE_HOUR_TABLES = SHARE_HOUR_LEVELS.map((level) => level.table);

const tables = SHARE_HOUR_LEVELS.map(shareTable).join('\n');

const columnsOf = (level: ShareLevel) =>
  `topic_id, ${level.keys.join(', ')}, ${STAT_COLUMNS.join(', ')}`;

/**
 * Statements adding (sign 1) or removing (-1) tagged rows (`d` rows of mention_share_dims
 * columns and their topic, see TaggedRows), one upsert per bucket of the batch.
 */
export function shareHoursStatements(sign: 1 | -1, rows: TaggedRows): string[] {
  const { from, topic } = rows;
  return SHARE_HOUR_LEVELS.map((level) => {
    const keys = level.keys.map((k) => `d.${k}`).join(', ');
    return `INSERT INTO ${level.table} (${columnsOf(level)})
      SELECT ${topic}, ${keys}, ${summed(sign)} FROM ${from}
      WHERE true GROUP BY ${topic}, ${keys}
      ON CONFLICT DO UPDATE SET ${ADD_EXCLUDED}`;
  });
}

const topicsOf = (mention: string) =>
  `SELECT 0 AS topic_id UNION ALL SELECT topic_id FROM mention_topics WHERE mention_id = ${mention}`;
const lowestSource = (mention: string) =>
  `(SELECT min(source_id) FROM mention_sources WHERE mention_id = ${mention})`;
/** Mentions of the batch being written are counted by the grouped statements instead. */
const guard = (mention: string) => `${mention} < (SELECT first_id FROM rollup_batch)`;

/** One mention, `sign` times, into the chosen levels for every topic it counts in. */
function delta(mention: string, sign: 1 | -1, sourceOnly: boolean): string {
  return SHARE_HOUR_LEVELS.filter((level) => !sourceOnly || level.bySource)
    .map(
      (level) => `INSERT INTO ${level.table} (${columnsOf(level)})
      SELECT t.topic_id, ${level.keys.map((k) => `d.${k}`).join(', ')},
        ${POST_VALUES.map((v) => `${sign} * ${v}`).join(', ')}
      FROM (${topicsOf(mention)}) AS t, mention_share_dims AS d WHERE d.mention_id = ${mention}
      ON CONFLICT DO UPDATE SET ${ADD_EXCLUDED};`,
    )
    .join('\n');
}

const triggers = `
CREATE TRIGGER share_hours_analysis_before BEFORE UPDATE OF ${WATCHED} ON mentions
WHEN ${guard('OLD.id')} AND OLD.share_group IS NOT NULL
BEGIN
  ${delta('OLD.id', -1, false)}
END;

CREATE TRIGGER share_hours_analysis_after AFTER UPDATE OF ${WATCHED} ON mentions
WHEN ${guard('NEW.id')} AND NEW.share_group IS NOT NULL
BEGIN
  ${delta('NEW.id', 1, false)}
END;

CREATE TRIGGER share_hours_source_link_before BEFORE INSERT ON mention_sources
WHEN ${guard('NEW.mention_id')}
  AND NEW.source_id < coalesce(${lowestSource('NEW.mention_id')}, 9223372036854775807)
BEGIN
  ${delta('NEW.mention_id', -1, true)}
END;

CREATE TRIGGER share_hours_source_link_after AFTER INSERT ON mention_sources
WHEN ${guard('NEW.mention_id')} AND NEW.source_id = ${lowestSource('NEW.mention_id')}
BEGIN
  ${delta('NEW.mention_id', 1, true)}
END;
`;

/** Counts both levels from every mention and tag of the file. */
export function fillShareHours(db: Database.Database): void {
  const everyMention = {
    from: '(SELECT 0 AS topic_id, * FROM mention_share_dims) AS d',
    topic: 'd.topic_id',
  };
  const everyTag = {
    from: `mention_topics AS mt JOIN mention_share_dims AS d ON d.mention_id = mt.mention_id
      AND mt.topic_id <> 0`,
    topic: 'mt.topic_id',
  };
  for (const table of SHARE_HOUR_TABLES) db.exec(`DELETE FROM ${table}`);
  for (const sql of [
    ...shareHoursStatements(1, everyMention),
    ...shareHoursStatements(1, everyTag),
  ]) {
    db.exec(sql);
  }
}

export const shareHoursMigration: Migration = {
  name: 'share statistics per hour by platform, language and source',
  up: (db) => {
    db.exec(tables + triggers);
    fillShareHours(db);
  },
};
