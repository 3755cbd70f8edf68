// The place and story figures of a store: PostgreSQL's when the store is the server-mode one
// (it has a pool), else the SQLite file's; null for a store with neither.
import type pg from 'pg';
import type { PlaceStoryStore } from './place-story-store.js';
import { PgPlaceStoryStore } from './postgres/place-story-store.js';
import { placeStoryStoreFor as sqlitePlaceStoryStoreFor } from './sqlite/sqlite-place-story-store.js';

const opened = new WeakMap<pg.Pool, PgPlaceStoryStore>();

export function placeStoryStoreFor(store: object): PlaceStoryStore | null {
  const pool = (store as { pool?: pg.Pool }).pool;
  if (pool && typeof pool.query === 'function') {
    let found = opened.get(pool);
    if (!found) {
      found = new PgPlaceStoryStore(pool);
      opened.set(pool, found);
    }
    return found;
  }
  return sqlitePlaceStoryStoreFor(store);
}
