// The alert store sharing a SQLite store's connection, one per connection.
import type Database from 'better-sqlite3';
import { openAlertStore } from '../store/sqlite/alert-store.js';
import type { AlertStore } from './alert-types.js';

const opened = new WeakMap<Database.Database, AlertStore>();

/** Null for a store without a SQLite connection (no alerts there). */
export function alertStoreFor(store: object): AlertStore | null {
  const db = (store as { db?: Database.Database }).db;
  if (!db || typeof db.prepare !== 'function') return null;
  return alertStoreOf(db);
}

export function alertStoreOf(db: Database.Database): AlertStore {
  let alerts = opened.get(db);
  if (!alerts) {
    alerts = openAlertStore(db);
    opened.set(db, alerts);
  }
  return alerts;
}
