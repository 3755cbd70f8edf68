// The audit table becomes the hash-chained usage log, as in the SQLite file
// (src/store/sqlite/usage-log-schema.ts): each row gains its predecessor's hash, its own hash
// and its seal; rows written before are renumbered 1, 2, 3 … and chained here, unsealed (a
// migration does not know the key), and the first sealed entry after them covers them. Triggers
// then refuse UPDATE, DELETE and TRUNCATE, so the log is append-only for every role but the
// table's owner acting on purpose (who must drop the triggers, which verification then shows).
import type pg from 'pg';
import { chainHash, GENESIS_HASH } from '../../audit/usage-chain.js';
import type { PgMigration } from './schema.js';

interface LegacyRow {
  at: string;
  actor: string;
  action: string;
  detail: string;
  result_count: number | null;
  unit_id: number | null;
}

async function chainExistingRows(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<LegacyRow>(
    'SELECT at, actor, action, detail, result_count, unit_id FROM audit_log ORDER BY id',
  );
  await client.query('DELETE FROM audit_log');
  let previous = GENESIS_HASH;
  for (const [index, row] of rows.entries()) {
    const content = {
      id: index + 1,
      at: row.at,
      actor: row.actor,
      action: row.action,
      detail: row.detail,
      resultCount: row.result_count === null ? null : Number(row.result_count),
      unitId: row.unit_id === null ? null : Number(row.unit_id),
    };
    const hash = chainHash(previous, content);
    await client.query(
      `INSERT INTO audit_log (id, at, actor, action, detail, result_count, unit_id, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        content.id,
        content.at,
        content.actor,
        content.action,
        content.detail,
        content.resultCount,
        content.unitId,
        previous,
        hash,
      ],
    );
    previous = hash;
  }
  await client.query(`
ALTER TABLE audit_log ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE INDEX audit_log_unit ON audit_log (unit_id, id) WHERE unit_id IS NOT NULL;
CREATE INDEX audit_log_action ON audit_log (action, id);`);
}

export const pgUsageLogMigration: PgMigration = {
  name: 'hash-chained usage log',
  sql: `ALTER TABLE audit_log ADD COLUMN prev_hash text, ADD COLUMN hash text, ADD COLUMN mac text;`,
  after: chainExistingRows,
};
