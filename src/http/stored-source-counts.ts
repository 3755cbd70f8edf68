// How many sources there are and how many are failing, for /api/health: on SQLite one counting
// statement instead of reading and decoding every source; elsewhere (server mode) from the
// store's list.
import type Database from 'better-sqlite3';
import type { Store } from '../store/store.js';

export interface SourceCounts {
  sources: number;
  /** Sources whose last fetches failed (one or more in a row). */
  failing: number;
}

export function storedSourceCounts(store: Pick<Store, 'listSources'>): () => Promise<SourceCounts> {
  const { db, pool } = store as { db?: Database.Database; pool?: unknown };
  if (pool || !db || typeof db.prepare !== 'function') {
    return async () => {
      const sources = await store.listSources();
      return {
        sources: sources.length,
        failing: sources.filter((s) => s.health.consecutiveFailures > 0).length,
      };
    };
  }
  const counts = db.prepare<[], { sources: number; failing: number | null }>(
    `SELECT count(*) AS sources,
       sum(CASE WHEN json_valid(health)
         THEN coalesce(json_extract(health, '$.consecutiveFailures'), 0) > 0 ELSE 0 END) AS failing
     FROM sources`,
  );
  return async () => {
    const row = counts.get()!;
    return { sources: row.sources, failing: row.failing ?? 0 };
  };
}
