// The report store of a store of either kind, one per connection: in PostgreSQL (server mode,
// shared by every API process and worker) when the store has a pool, else in its SQLite file.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { postgresReportStore } from '../store/postgres/report-store.js';
import { openReportStore } from '../store/sqlite/report-store.js';
import type { ReportStore } from './report-types.js';

const opened = new WeakMap<object, ReportStore>();

/** Null for a store with neither a PostgreSQL pool nor a SQLite file (no reports there). */
export function reportStoreFor(store: object): ReportStore | null {
  const { db, pool, ready } = store as {
    db?: Database.Database;
    pool?: pg.Pool;
    ready?: Promise<void>;
  };
  const key = pool ?? (db && typeof db.prepare === 'function' ? db : null);
  if (!key) return null;
  let reports = opened.get(key);
  if (!reports) {
    reports = pool ? postgresReportStore(pool, ready) : openReportStore(db!);
    opened.set(key, reports);
  }
  return reports;
}
