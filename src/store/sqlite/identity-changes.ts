// What the SQLite identity store keeps of its reads, and how it learns that the tables changed.
//
// Every request reads its principal (token or session, user, unit, visible topics) and topic
// routes read a charter. Those reads are kept for at most a second, as the PostgreSQL store
// keeps them, and dropped at once when this connection changes the table they come from: TEMP
// triggers on the identity tables call a function of this process, so a change made through
// any code on this connection (the identity store, the older token interface, the triggers
// that give a new topic its charter or remove a deleted topic's) drops the kept reads of that
// table before the statement returns. Another process writing the file (a command line run
// beside the server) is seen within the bound.
import type Database from 'better-sqlite3';
import { KeptEntries } from '../../identity/kept-reads.js';

/** How long a token, session, user, unit, charter or visible-topic list read is reused. */
export const DEFAULT_SQLITE_IDENTITY_KEEP_MS = 1_000;

export type IdentityTable =
  | 'units'
  | 'users'
  | 'sessions'
  | 'api_tokens'
  | 'topic_charters'
  | 'topic_shares';

/**
 * The changes that drop kept reads. A token's last use is written once a minute and read by
 * nobody who decides access, so writing it drops nothing.
 */
const WATCHED: readonly [table: IdentityTable, events: readonly string[]][] = [
  ['units', ['INSERT', 'UPDATE', 'DELETE']],
  ['users', ['INSERT', 'UPDATE', 'DELETE']],
  ['sessions', ['INSERT', 'UPDATE', 'DELETE']],
  [
    'api_tokens',
    [
      'INSERT',
      'DELETE',
      'UPDATE OF name, token_hash, created_at, revoked_at, user_id, scopes, expires_at',
    ],
  ],
  ['topic_charters', ['INSERT', 'UPDATE', 'DELETE']],
  ['topic_shares', ['INSERT', 'UPDATE', 'DELETE']],
];

const FUNCTION = 'nghe_identity_changed';

type Listener = (table: IdentityTable) => void;

const watchers = new WeakMap<Database.Database, Set<Listener>>();

/**
 * Calls `listener` with the table's name whenever a statement on this connection inserts,
 * updates or deletes identity rows; the function answers what stops it. Throws when the
 * triggers cannot be made (the caller then keeps nothing).
 */
export function watchIdentityTables(db: Database.Database, listener: Listener): () => void {
  let listeners = watchers.get(db);
  if (!listeners) {
    const set = new Set<Listener>();
    db.function(FUNCTION, { deterministic: false, directOnly: false }, (table: unknown) => {
      for (const each of set) each(table as IdentityTable);
      return null;
    });
    const statements: string[] = [];
    for (const [table, events] of WATCHED) {
      for (const [index, event] of events.entries()) {
        statements.push(
          `CREATE TEMP TRIGGER IF NOT EXISTS ${FUNCTION}_${table}_${index}
           AFTER ${event} ON main.${table}
           BEGIN SELECT ${FUNCTION}('${table}'); END;`,
        );
      }
    }
    db.exec(statements.join('\n'));
    listeners = set;
    watchers.set(db, listeners);
  }
  const set = listeners;
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * Values read by key, reused for `keepMs`. Misses are not kept: a credential created by
 * another process works here at its first use. Nothing is kept while the connection is inside
 * a transaction (it could be rolled back).
 */
export class KeptReads<K, V> {
  private readonly kept: KeptEntries<K, V>;

  constructor(keepMs: number, now?: () => number) {
    this.kept = new KeptEntries(keepMs, now);
  }

  /** The value kept for `key`, or what `read` answers now (kept unless `keep` is false). */
  get(key: K, read: () => V | null, keep = true): V | null {
    if (this.kept.keepMs <= 0) return read();
    const at = this.kept.now();
    const entry = this.kept.fresh(key, at);
    if (entry) return entry.value;
    const value = read();
    if (value !== null && keep) this.kept.put(key, value, at);
    return value;
  }

  clear(): void {
    this.kept.clear();
  }

  get size(): number {
    return this.kept.size;
  }
}
