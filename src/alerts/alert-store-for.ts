// The alert store sharing a SQLite store's connection, one per connection.
import type Database from 'better-sqlite3';
import { openAlertStore, type WebhookSecretSeal } from '../store/sqlite/alert-store.js';
import type { AlertStore } from './alert-types.js';

const opened = new WeakMap<Database.Database, { alerts: AlertStore; sealed: boolean }>();

/** Null for a store without a SQLite connection (no alerts there). */
export function alertStoreFor(store: object, secrets?: WebhookSecretSeal): AlertStore | null {
  const db = (store as { db?: Database.Database }).db;
  if (!db || typeof db.prepare !== 'function') return null;
  return alertStoreOf(db, secrets);
}

/**
 * With `secrets`, webhook secrets are sealed at rest (and any stored in clear are sealed now);
 * later calls without it share that store.
 */
export function alertStoreOf(db: Database.Database, secrets?: WebhookSecretSeal): AlertStore {
  const known = opened.get(db);
  if (known && (known.sealed || !secrets)) return known.alerts;
  const alerts = openAlertStore(db, secrets);
  opened.set(db, { alerts, sealed: secrets !== undefined });
  return alerts;
}
