// Retention and erasure for a store: over PostgreSQL in server mode (the store has a pool),
// else over the SQLite file.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { RetentionStore } from '../privacy/retention-store.js';
import { PgRetention } from './postgres/retention.js';
import { SqliteRetention } from './sqlite/retention.js';

/** Null for a store with neither a pool nor a SQLite connection. */
export function retentionStoreFor(store: object): RetentionStore | null {
  const pool = (store as { pool?: pg.Pool }).pool;
  if (pool && typeof pool.query === 'function') return new PgRetention(pool);
  const db = (store as { db?: Database.Database }).db;
  if (db && typeof db.prepare === 'function') return new SqliteRetention(db);
  return null;
}
