// How long both identity stores keep the reads every request makes (token or session, user,
// unit, visible topics, charter), and how many: the keep/expire part, free of any database.
// Each store decides what it keeps (a value, or the promise of one) and what drops it.

/** Entries kept per kind at most; the oldest go first. */
export const MAX_KEPT_ENTRIES = 10_000;

export interface KeptEntry<V> {
  /** When it was read (the clock of the KeptEntries). */
  at: number;
  value: V;
}

/**
 * Entries by key, each fresh for `keepMs` after it was read and dropped when found older; at most
 * MAX_KEPT_ENTRIES, the oldest kept first dropped. `keepMs` 0 or less keeps nothing fresh.
 */
export class KeptEntries<K, V> {
  private readonly entries = new Map<K, KeptEntry<V>>();

  constructor(
    readonly keepMs: number,
    /** Milliseconds on any clock that does not go back. */
    readonly now: () => number = () => performance.now(),
  ) {}

  /** The entry kept for `key` if it is still fresh at `at`; an older one is dropped. */
  fresh(key: K, at = this.now()): KeptEntry<V> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (at - entry.at < this.keepMs) return entry;
    this.entries.delete(key);
    return undefined;
  }

  /** Keeps `value` for `key` as read at `at`, in place of what was kept; the new entry. */
  put(key: K, value: V, at = this.now()): KeptEntry<V> {
    const entry = { at, value };
    this.entries.delete(key); // the newest go last, to be dropped last
    this.entries.set(key, entry);
    if (this.entries.size > MAX_KEPT_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }

  /** The entry kept for `key`, however old. */
  entry(key: K): KeptEntry<V> | undefined {
    return this.entries.get(key);
  }

  /** Drops what is kept for `key`; only `entry` when one is given (not one put since). */
  delete(key: K, entry?: KeptEntry<V>): void {
    if (entry === undefined || this.entries.get(key) === entry) this.entries.delete(key);
  }

  /** A snapshot of the keys and entries, safe to drop from while going through it. */
  list(): [K, KeptEntry<V>][] {
    return [...this.entries];
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Each caller gets its own shallow copy of a kept value (callers may change what they are given). */
export const copyOf = <V>(value: V): V => (Array.isArray(value) ? [...value] : { ...value }) as V;
