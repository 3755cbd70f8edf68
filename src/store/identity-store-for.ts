// The identity store (users, units, sessions, tokens, charters) of a store of either kind: in
// server mode the PostgreSQL tables every API process shares, otherwise the SQLite file's.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { IdentityStore } from '../identity/identity-store.js';
import { postgresIdentityStore } from './postgres/identity-store.js';
import { identityStoreOf } from './sqlite/identity-store.js';

export function identityStoreFor(store: object): IdentityStore {
  const { db, pool, ready } = store as {
    db?: Database.Database;
    pool?: pg.Pool;
    ready?: Promise<void>;
  };
  if (pool) return postgresIdentityStore(pool, ready ? { ready } : {});
  if (db && typeof db.prepare === 'function') return identityStoreOf(db);
  throw new Error('users and units need a store opened by openStore (no SQLite file or pool)');
}
