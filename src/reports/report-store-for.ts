// The report store sharing a SQLite store's connection, one per connection.
import type Database from 'better-sqlite3';
import { openReportStore } from '../store/sqlite/report-store.js';
import type { ReportStore } from './report-types.js';

const opened = new WeakMap<Database.Database, ReportStore>();

/** Null for a store without a SQLite connection (no reports there). */
export function reportStoreFor(store: object): ReportStore | null {
  const db = (store as { db?: Database.Database }).db;
  if (!db || typeof db.prepare !== 'function') return null;
  let reports = opened.get(db);
  if (!reports) {
    reports = openReportStore(db);
    opened.set(db, reports);
  }
  return reports;
}
