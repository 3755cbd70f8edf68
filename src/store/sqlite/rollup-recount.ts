// Every roll-up level of a SQLite file recounted from its mentions, tags and source links, for
// bulk loads (benchmarks, imports of whole files) that write those rows with the roll-up
// triggers off. Every level is filled by the write path's own grouped statements (as
// GroupedRollups runs them per ingest batch) over the file in chunks of time-ordered mentions,
// each chunk's dimensions read once into connection-local tables, one transaction per chunk;
// the coarse term levels, which those statements only write for sealed weeks and months, are
// then rebuilt from the daily one as their migration does. Memory stays bounded by the chunk
// (the migrations' whole-file fills of the person sets sort every row of the file at once).
// Proven equal to the
// levels the write path keeps by rollup-recount.test.ts (capped person sets: the same buckets
// and sizes; which k persons a full set holds depends on arrival order).
import type Database from 'better-sqlite3';
import { addDimensionPersons } from './dimension-persons-schema.js';
import { addDaysAndPersons } from './local-days-persons-schema.js';
import { taggedPlaceSectorStatements } from './places-stories-schema.js';
import { addTaggedStatements } from './rollup-levels-schema.js';
import { shareDaysStatements } from './share-days-schema.js';
import { shareHoursStatements } from './share-hours-schema.js';
import { taggedShareStatements } from './share-statistics-schema.js';
import { rebuildTermBlocks } from './term-blocks-schema.js';
import { addTermPersons } from './term-persons-schema.js';
import { addTermPlatformPersons } from './term-platform-persons-schema.js';
import { rebuildPlatformTermWeeks, unsealPlatformTermWeeks } from './term-platform-weeks-schema.js';
import { platformTermStatements } from './term-platforms-schema.js';

/** Tables of settings beside the levels: kept as they are. */
const SETTINGS_TABLES = new Set([
  'rollup_batch',
  'rollup_person_cap',
  'rollup_day_shifts',
  'rollup_terms_sealed',
  'rollup_terms_platforms_sealed',
]);

/** Every roll-up level of the file (rollup_* and share_* tables other than settings). */
export function rollupLevelTables(db: Database.Database): string[] {
  return (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table'
           AND (name LIKE 'rollup\\_%' ESCAPE '\\' OR name LIKE 'share\\_%' ESCAPE '\\')
         ORDER BY name`,
      )
      .all() as { name: string }[]
  )
    .map((row) => row.name)
    .filter((name) => !SETTINGS_TABLES.has(name));
}

/** Triggers that keep the levels row by row; a bulk load drops them while it writes. */
function rollupTriggers(db: Database.Database): { name: string; sql: string }[] {
  return db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'trigger'
         AND (name LIKE 'rollup\\_%' ESCAPE '\\' OR name LIKE 'share\\_%' ESCAPE '\\')`,
    )
    .all() as { name: string; sql: string }[];
}

/**
 * Runs `write` with the roll-up triggers dropped, then puts them back as they were. The levels
 * are then stale until recountRollups runs.
 */
export function withoutRollupTriggers<T>(db: Database.Database, write: () => T): T {
  const triggers = rollupTriggers(db);
  for (const { name } of triggers) db.exec(`DROP TRIGGER ${name}`);
  try {
    return write();
  } finally {
    for (const { sql } of triggers) db.exec(sql);
  }
}

const DIMS = { from: 'temp.recount_dims AS d', topic: 'd.topic_id' };
const SHARE_DIMS = { from: 'temp.recount_share_dims AS d', topic: 'd.topic_id' };

export interface RecountOptions {
  /** Mentions per chunk of the counted levels (default 200,000). */
  chunk?: number;
  /** Seals the coarse term levels up to this instant, as the write path does (default now). */
  nowMs?: number;
  /** Told each step's name and wall seconds as it ends. */
  onStep?: (name: string, seconds: number) => void;
  /** Told the chunks counted so far after each one. */
  onChunk?: (chunks: number) => void;
}

/**
 * Clears every roll-up level and counts it again from the mentions, tags and source links:
 * topic 0 for every mention, each topic for its tags.
 */
export function recountRollups(db: Database.Database, options: RecountOptions = {}): void {
  const chunk = options.chunk ?? 200_000;
  const step = (name: string, run: () => void) => {
    const t0 = performance.now();
    db.transaction(run).immediate();
    options.onStep?.(name, (performance.now() - t0) / 1000);
  };
  step('clear levels', () => {
    for (const table of rollupLevelTables(db)) db.exec(`DELETE FROM ${table}`);
  });
  db.exec(`DROP TABLE IF EXISTS temp.recount_dims;
    DROP TABLE IF EXISTS temp.recount_share_dims;
    CREATE TEMP TABLE recount_dims AS SELECT 0 AS topic_id, * FROM mention_dims WHERE false;
    CREATE TEMP TABLE recount_share_dims AS
      SELECT 0 AS topic_id, * FROM mention_share_dims WHERE false;`);
  const dimColumns = (
    db.prepare("SELECT name FROM temp.pragma_table_info('recount_dims')").all() as {
      name: string;
    }[]
  )
    .map((row) => row.name)
    .filter((name) => name !== 'topic_id');
  const clear = [
    db.prepare('DELETE FROM temp.recount_dims'),
    db.prepare('DELETE FROM temp.recount_share_dims'),
  ];
  // Topic 0 rows from the view, once per mention; each tag copies its mention's row.
  const fillMentions = db.prepare(`INSERT INTO temp.recount_dims
    SELECT 0, d.* FROM mentions AS m JOIN mention_dims AS d ON d.mention_id = m.id
    WHERE m.search_key >= @from AND m.search_key < @to`);
  const fillTags = db.prepare(`INSERT INTO temp.recount_dims (topic_id, ${dimColumns.join(', ')})
    SELECT mt.topic_id, ${dimColumns.map((c) => `d.${c}`).join(', ')}
    FROM temp.recount_dims AS d JOIN mention_topics AS mt ON mt.mention_id = d.mention_id
    WHERE d.topic_id = 0 AND mt.topic_id <> 0`);
  const fillShares = db.prepare(`INSERT INTO temp.recount_share_dims (topic_id, mention_id,
      search_key, hour, day, platform, lang, sentiment, source_id, grp, p0, p1, p2, cell)
    SELECT t.topic_id, t.mention_id, m.search_key, t.hour, t.day, t.platform, t.lang,
      m.sentiment, t.source_id, m.share_group, m.prob_negative, m.prob_neutral,
      m.prob_positive, m.share_cell
    FROM temp.recount_dims AS t JOIN mentions AS m ON m.id = t.mention_id
    WHERE m.share_group IS NOT NULL`);
  // GroupedRollups' statements, less the coarse term levels: with no period sealed they would
  // add nothing after reading every keyword again.
  const add = [
    ...addTaggedStatements(DIMS).filter(
      (sql) => !/INSERT INTO rollup_terms_(monthly|weekly)\b/.test(sql),
    ),
    ...taggedShareStatements(1, SHARE_DIMS),
    ...shareDaysStatements(1, SHARE_DIMS),
    ...shareHoursStatements(1, SHARE_DIMS),
    ...taggedPlaceSectorStatements(1, DIMS),
    ...addDaysAndPersons(DIMS),
    ...addDimensionPersons(DIMS),
    ...addTermPersons(DIMS),
    ...platformTermStatements(1, DIMS),
    ...addTermPlatformPersons(DIMS),
  ].map((sql) => db.prepare(sql));
  const next = db.prepare(
    'SELECT search_key AS key FROM mentions WHERE search_key >= ? ORDER BY search_key LIMIT 1 OFFSET ?',
  );
  const first = db.prepare('SELECT min(search_key) AS key FROM mentions').get() as {
    key: number | null;
  };
  // The coarse term levels are rebuilt below; none of their periods is sealed meanwhile.
  db.exec(
    'UPDATE rollup_terms_sealed SET month = -1000000, month_day = -31000000, week = -1000000',
  );
  unsealPlatformTermWeeks(db);
  try {
    let from = first.key;
    let chunks = 0;
    const t0 = performance.now();
    while (from !== null) {
      const bound = next.get(from, chunk) as { key: number } | undefined;
      const to = bound?.key ?? Number.MAX_SAFE_INTEGER;
      db.transaction(() => {
        for (const statement of clear) statement.run();
        fillMentions.run({ from, to });
        fillTags.run();
        fillShares.run();
        for (const statement of add) statement.run();
      }).immediate();
      chunks++;
      options.onChunk?.(chunks);
      from = bound?.key ?? null;
    }
    options.onStep?.(`counted levels (${chunks} chunks)`, (performance.now() - t0) / 1000);
  } finally {
    for (const statement of clear) statement.run();
  }
  step('weekly and monthly terms', () => {
    rebuildTermBlocks(db, options.nowMs ?? Date.now());
    rebuildPlatformTermWeeks(db, options.nowMs ?? Date.now());
  });
}
