// The audit table becomes a hash-chained usage log (src/audit/usage-chain.ts): each row gains
// the unit it was done for, its predecessor's hash, its own hash and its seal. Rows written
// before this migration are chained here, in id order; they have no seal (the key is not
// known to a migration), and the first sealed entry after them covers them through its hash.
// The append-only triggers are made again after the chain is filled in.
import type Database from 'better-sqlite3';
import { chainHash, GENESIS_HASH } from '../../audit/usage-chain.js';
import type { Migration } from './migrations.js';

const APPEND_ONLY = `
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`;

interface LegacyRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: string;
  result_count: number | null;
}

function chainExistingRows(db: Database.Database): void {
  db.exec(`DROP TRIGGER IF EXISTS audit_log_no_update;
    DROP TRIGGER IF EXISTS audit_log_no_delete;
    ALTER TABLE audit_log ADD COLUMN unit_id INTEGER;
    ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
    ALTER TABLE audit_log ADD COLUMN hash TEXT;
    ALTER TABLE audit_log ADD COLUMN mac TEXT;`);
  const rows = db
    .prepare<[], LegacyRow>(
      'SELECT id, at, actor, action, detail, result_count FROM audit_log ORDER BY id',
    )
    .all();
  // Legacy ids may have gaps; the chain wants 1, 2, 3 …, so rows are renumbered in order.
  const insert = db.prepare(
    `INSERT INTO audit_log (id, at, actor, action, detail, result_count, unit_id, prev_hash, hash)
     VALUES (@id, @at, @actor, @action, @detail, @resultCount, NULL, @prevHash, @hash)`,
  );
  db.exec('DELETE FROM audit_log');
  let previous = GENESIS_HASH;
  rows.forEach((row, index) => {
    const content = {
      id: index + 1,
      at: row.at,
      actor: row.actor,
      action: row.action,
      detail: row.detail,
      resultCount: row.result_count,
      unitId: null,
    };
    const hash = chainHash(previous, content);
    insert.run({ ...content, prevHash: previous, hash });
    previous = hash;
  });
  db.exec(`${APPEND_ONLY}
    CREATE INDEX audit_log_actor ON audit_log (actor, id);
    CREATE INDEX audit_log_unit ON audit_log (unit_id, id) WHERE unit_id IS NOT NULL;
    CREATE INDEX audit_log_action ON audit_log (action, id);`);
}

export const usageLogMigration: Migration = {
  name: 'hash-chained usage log',
  up: chainExistingRows,
};
