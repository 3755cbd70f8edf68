// The usage log in PostgreSQL: the same chain and seals as the SQLite file. Appenders from
// several API processes and workers are serialised by a transaction-scoped advisory lock taken
// before the chain head is read. A row lock (SELECT … FOR UPDATE on the head) would not do: an
// empty log has no row to lock, and a waiter that wakes after the head's transaction commits
// still reads the old head, since the new entry is a new row, not an update of the locked one.
import type pg from 'pg';
import { chainHash, entryMac, GENESIS_HASH } from '../../audit/usage-chain.js';
import type { StoredUsageEntry } from '../../audit/verify-chain.js';
import {
  DEFAULT_USAGE_LIMIT,
  MAX_USAGE_LIMIT,
  type UsageLog,
  type UsageLogAppend,
  type UsageLogFilter,
} from '../usage-log.js';
import { inTransaction } from './connection.js';

/** An arbitrary constant: the advisory lock that orders appends to the usage log. */
const CHAIN_LOCK = 7_310_452_961;
const PAGE = 1_000;

interface Row {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: string;
  result_count: number | null;
  unit_id: number | null;
  prev_hash: string;
  hash: string;
  mac: string | null;
}

function entryOf(row: Row): StoredUsageEntry {
  return {
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    detail: row.detail,
    resultCount: row.result_count === null ? null : Number(row.result_count),
    unitId: row.unit_id === null ? null : Number(row.unit_id),
    prevHash: row.prev_hash,
    hash: row.hash,
    mac: row.mac,
  };
}

/** Audit times are kept as toISOString text, so ranges compare as text. */
function isoTime(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`invalid audit timestamp: ${value}`);
  return new Date(ms).toISOString();
}

/** `key`: the usage log key (usageLogKey of the installation secret); null writes no seals. */
export function postgresUsageLog(pool: pg.Pool, key: Buffer | null): UsageLog {
  return {
    append: (entry: UsageLogAppend, at: Date = new Date()) =>
      inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
        const { rows } = await client.query<{ id: number; hash: string }>(
          'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1',
        );
        const head = rows[0];
        const content = {
          id: (head === undefined ? 0 : Number(head.id)) + 1,
          at: at.toISOString(),
          actor: entry.actor,
          action: entry.action,
          detail: entry.detail,
          resultCount: entry.resultCount,
          unitId: entry.unitId ?? null,
        };
        const prevHash = head?.hash ?? GENESIS_HASH;
        const hash = chainHash(prevHash, content);
        const mac = key === null ? null : entryMac(key, hash);
        await client.query(
          `INSERT INTO audit_log (id, at, actor, action, detail, result_count, unit_id, prev_hash,
             hash, mac)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            content.id,
            content.at,
            content.actor,
            content.action,
            content.detail,
            content.resultCount,
            content.unitId,
            prevHash,
            hash,
            mac,
          ],
        );
        return { ...content, prevHash, hash, mac };
      }),

    async list(filter: UsageLogFilter = {}) {
      const values: unknown[] = [filter.beforeId ?? Number.MAX_SAFE_INTEGER];
      const conditions = ['id < $1'];
      const bind = (value: unknown) => `$${values.push(value)}`;
      if (filter.actor !== undefined) conditions.push(`actor = ${bind(filter.actor)}`);
      if (filter.action !== undefined) {
        conditions.push(
          filter.action.endsWith('*')
            ? `starts_with(action, ${bind(filter.action.slice(0, -1))})`
            : `action = ${bind(filter.action)}`,
        );
      }
      if (filter.unitId !== undefined) conditions.push(`unit_id = ${bind(filter.unitId)}`);
      if (filter.from !== undefined) conditions.push(`at >= ${bind(isoTime(filter.from))}`);
      if (filter.to !== undefined) conditions.push(`at < ${bind(isoTime(filter.to))}`);
      const limit = Math.min(
        Math.max(Math.trunc(filter.limit ?? DEFAULT_USAGE_LIMIT), 1),
        MAX_USAGE_LIMIT,
      );
      const { rows } = await pool.query<Row>(
        `SELECT * FROM audit_log WHERE ${conditions.join(' AND ')} ORDER BY id DESC LIMIT ${bind(limit)}`,
        values,
      );
      return rows.map(entryOf);
    },

    async *oldestFirst() {
      let after = 0;
      for (;;) {
        const { rows } = await pool.query<Row>(
          'SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2',
          [after, PAGE],
        );
        for (const row of rows) yield entryOf(row);
        if (rows.length < PAGE) return;
        after = Number(rows[rows.length - 1]!.id);
      }
    },
  };
}
