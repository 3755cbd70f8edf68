// The version of the data figures are computed from, for cached-reads.ts: it moves with every
// ingest batch (the newest mention id, read at most every `recheckMs`) and every tagging
// announced on the listening events (ingest and back-fills). Reading the newest id is one seek
// at the end of the mentions table, so the version costs nothing per request.
import type Database from 'better-sqlite3';
import type { ListeningEvents } from '../../jobs/listening-events.js';

export interface FiguresVersion {
  version(): string;
  /** Marks the data changed (a write the newest id and the events do not show). */
  bump(): void;
  close(): void;
}

export function figuresVersion(
  store: object,
  events: ListeningEvents | null,
  options: { recheckMs?: number; now?: () => number } = {},
): FiguresVersion {
  const recheckMs = options.recheckMs ?? 100;
  const now = options.now ?? (() => performance.now());
  const db = (store as { db?: Database.Database }).db;
  const newest =
    db && typeof db.prepare === 'function'
      ? db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM mentions')
      : null;
  let changes = 0;
  let newestId: number | null = null;
  let checkedAt = Number.NEGATIVE_INFINITY;
  const unsubscribe = events?.onTagged(() => {
    changes++;
  });
  return {
    version() {
      const at = now();
      if (newest && at - checkedAt >= recheckMs) {
        newestId = newest.get()?.id ?? null;
        checkedAt = at;
      }
      return `${newestId ?? 0}.${changes}`;
    },
    bump() {
      changes++;
      checkedAt = Number.NEGATIVE_INFINITY;
    },
    close() {
      unsubscribe?.();
    },
  };
}
