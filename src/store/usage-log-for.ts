// The usage log of a store of either kind, for readers that need more than the store's
// appendAudit and listAudit (`nghe audit verify` reads every entry with its chain and seal).
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { postgresUsageLog } from './postgres/usage-log.js';
import { sqliteUsageLog } from './sqlite/usage-log.js';
import type { UsageLog } from './usage-log.js';

export function usageLogFor(store: object, key: Buffer | null): UsageLog {
  const { db, pool } = store as { db?: Database.Database; pool?: pg.Pool };
  if (pool) return postgresUsageLog(pool, key);
  if (db) return sqliteUsageLog(db, key);
  throw new Error('no usage log: the store has neither a PostgreSQL pool nor a SQLite file');
}
