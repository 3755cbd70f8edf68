// The one place that chooses the store: `NGHE_DATABASE_URL` (or `databaseUrl` in config.json)
// set to postgres://… opens the PostgreSQL store (server mode); nothing set opens the SQLite
// file in the data directory, as before.
//
// In server mode the data directory's SQLite file is still opened beside PostgreSQL as the
// store's `db` for code that still expects a SQLite connection; nothing the API or the
// workers serve lives there any more. The usage log, users, units, sessions, tokens and charters, the
// access layer's look-ups, alerts, reports, places, sectors, stories, retention and erasure are
// in PostgreSQL, chosen by the store's kind (usage-log-for.ts, identity-store-for.ts,
// resource-lookup-for.ts, alert-store-for.ts, report-store-for.ts, place-story-store-for.ts).
import type Database from 'better-sqlite3';
import type { Config } from '../config/config.js';
import { setGroupCounter } from '../privacy/small-group-rule-for.js';
import type { ListeningStore } from './listening-store.js';
import { postgresGroupCounter } from './postgres/author-groups.js';
import { connectPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

export class StoreLocationError extends Error {
  override name = 'StoreLocationError';
}

/** Where the store of this configuration lives. */
export function storeLocation(config: Pick<Config, 'databaseUrl' | 'databasePath'>): StoreLocation {
  const url = config.databaseUrl?.trim();
  if (!url) return { kind: 'sqlite', path: config.databasePath };
  if (!POSTGRES_URL.test(url)) {
    throw new StoreLocationError(
      `NGHE_DATABASE_URL (or databaseUrl): expected postgres://… or postgresql://…, got ${url.split(':')[0]}:…`,
    );
  }
  return { kind: 'postgres', url };
}

/** A PostgreSQL URL with its password hidden, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/** `db`: the SQLite connection of the SQLite-only stores (the store's own, or the side file's). */
export type OpenedStore = Store & ListeningStore & { readonly db: Database.Database };

/**
 * Opens the configured store. In server mode the schema is created or upgraded before the
 * first call is answered; the SQLite file beside it holds the SQLite-only stores.
 */
export function openStore(config: Config, options: SqliteStoreOptions = {}): OpenedStore {
  const location = storeLocation(config);
  if (location.kind === 'sqlite') return openSqliteStore(location.path, options);
  const side = openSqliteStore(config.databasePath, options);
  const store = connectPostgresStore(location.url, { usageLogKey: options.usageLogKey ?? null });
  const closePostgres = store.close;
  Object.defineProperty(store, 'db', { value: side.db, enumerable: false });
  // Small groups are counted among the mentions in PostgreSQL, not in the side file.
  setGroupCounter(store, postgresGroupCounter(store.pool));
  store.close = async () => {
    try {
      await closePostgres();
    } finally {
      await side.close();
    }
  };
  return store as typeof store & { readonly db: Database.Database };
}
