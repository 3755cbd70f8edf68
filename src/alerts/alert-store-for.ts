// The alert store of a store of either kind, one per connection: in PostgreSQL (server mode,
// shared by every API process and worker) when the store has a pool, else in its SQLite file.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { WebhookSecretSeal } from '../store/alert-columns.js';
import { postgresAlertStore } from '../store/postgres/alert-store.js';
import { openAlertStore } from '../store/sqlite/alert-store.js';
import type { AlertStore } from './alert-types.js';

const opened = new WeakMap<object, { alerts: AlertStore; sealed: boolean }>();

/**
 * Null for a store with neither a PostgreSQL pool nor a SQLite file (no alerts there). With
 * `secrets`, webhook secrets are sealed at rest (and any stored in clear are sealed now);
 * later calls without it share that store.
 */
export function alertStoreFor(store: object, secrets?: WebhookSecretSeal): AlertStore | null {
  const { db, pool, ready } = store as {
    db?: Database.Database;
    pool?: pg.Pool;
    ready?: Promise<void>;
  };
  if (pool) {
    const known = opened.get(pool);
    if (known && (known.sealed || !secrets)) return known.alerts;
    const alerts = postgresAlertStore(pool, secrets, ready);
    opened.set(pool, { alerts, sealed: secrets !== undefined });
    return alerts;
  }
  if (!db || typeof db.prepare !== 'function') return null;
  return alertStoreOf(db, secrets);
}

/** The alert store of a SQLite file (see alertStoreFor). */
export function alertStoreOf(db: Database.Database, secrets?: WebhookSecretSeal): AlertStore {
  const known = opened.get(db);
  if (known && (known.sealed || !secrets)) return known.alerts;
  const alerts = openAlertStore(db, secrets);
  opened.set(db, { alerts, sealed: secrets !== undefined });
  return alerts;
}
