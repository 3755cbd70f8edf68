// New mentions enter the roll-ups once per saved batch, grouped by bucket, instead of through
// per-row triggers: a batch of 500 short posts falls into a handful of hours, so a few dozen
// upserts replace ten per post. The writer records in rollup_batch the first id of the batch
// it is saving; the triggers that move a counted mention (analysis or engagement updates, a
// new lowest source) skip mentions at or above it, which are not counted yet. At the end of
// the batch the writer adds them with their final dimensions and resets the bound, all in the
// batch's transaction, so a failed batch leaves nothing half counted.
import type Database from 'better-sqlite3';
import type { Migration } from './migrations.js';

/** Bound meaning "no batch is being saved": every mention is counted. */
export const NO_BATCH = Number.MAX_SAFE_INTEGER;

/** Triggers moving a counted mention, with the row (NEW or OLD) whose id they concern. */
const GUARDED: [trigger: string, row: 'NEW' | 'OLD', column: string][] = [
  ['rollup_analysis_before', 'OLD', 'id'],
  ['rollup_analysis_after', 'NEW', 'id'],
  ['rollup_source_link_before', 'NEW', 'mention_id'],
  ['rollup_source_link_after', 'NEW', 'mention_id'],
  ['share_analysis_before', 'OLD', 'id'],
  ['share_analysis_after', 'NEW', 'id'],
  ['share_source_link_before', 'NEW', 'mention_id'],
  ['share_source_link_after', 'NEW', 'mention_id'],
];

/** The trigger's SQL with `guard` added to its WHEN clause (one made when it has none). */
export function withGuard(sql: string, guard: string): string {
  const body = sql.search(/\nBEGIN\b/);
  if (body < 0) throw new Error('trigger without a BEGIN line');
  const head = sql.slice(0, body);
  const when = head.search(/\nWHEN /);
  if (when < 0) return `${head}\nWHEN ${guard}${sql.slice(body)}`;
  const condition = head.slice(when + '\nWHEN '.length);
  return `${head.slice(0, when)}\nWHEN ${guard} AND (${condition})${sql.slice(body)}`;
}

function guardTriggers(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS rollup_batch (first_id INTEGER NOT NULL);
    DROP TRIGGER IF EXISTS rollup_mention_insert;
    DROP TRIGGER IF EXISTS share_mention_insert;`);
  if (db.prepare('SELECT 1 FROM rollup_batch').get() === undefined) {
    db.prepare('INSERT INTO rollup_batch (first_id) VALUES (?)').run(NO_BATCH);
  }
  const sqlOf = db.prepare<[string], { sql: string }>(
    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
  );
  for (const [name, row, column] of GUARDED) {
    const sql = sqlOf.get(name)?.sql;
    if (sql === undefined) throw new Error(`trigger ${name} is missing`);
    if (sql.includes('rollup_batch')) continue;
    db.exec(`DROP TRIGGER ${name}`);
    db.exec(withGuard(sql, `${row}.${column} < (SELECT first_id FROM rollup_batch)`));
  }
}

export const batchRollupsMigration: Migration = {
  name: 'new mentions added to roll-ups per batch',
  up: guardTriggers,
};
