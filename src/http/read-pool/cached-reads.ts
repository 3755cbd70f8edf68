// Figures served from memory while the data behind them is unchanged. Roll-up based reads
// (series, sentiment shares, share statistics, breakdowns, top terms) and the small-group
// person counts are kept per (method, arguments, data version): a new version (an ingest batch,
// a tagging; figures-version.ts) drops them all at once, and no entry outlives `maxAgeMs`,
// which bounds how long a change the version does not see (an erasure, a retention pass, a
// re-analysis) can go unnoticed. Concurrent identical reads share one call to the store. Mention lists,
// single mentions and threads are not kept: they page and carry text, not figures. A mention
// list asked again while the same list is being read shares that read (SHARED_METHODS) and is
// forgotten as soon as it is answered, so no list is older than the one read it waited for.
import type { ReadMethod, ReadStore } from './read-store.js';

/** Methods whose answers are kept; every other method goes straight to the store. */
export const CACHED_METHODS = [
  'series',
  'estimatedSeries',
  'shareSeries',
  'sentimentShare',
  'shareStatistics',
  'breakdown',
  'topTerms',
  'countGroups',
] as const satisfies readonly ReadMethod[];

/** Methods whose identical calls in flight share one read; nothing is kept once answered. */
export const SHARED_METHODS = [
  'listMentions',
  'listMentionsBody',
] as const satisfies readonly ReadMethod[];

export interface CachedReadsOptions {
  /** The data version now: answers kept under another version are not used. */
  version(): string;
  /** Longest an answer is kept, whatever the version says; default 2 s. */
  maxAgeMs?: number;
  /** Answers kept at most; the oldest go first. Default 20,000 (a year of daily buckets asks 1,825 person counts). */
  maxEntries?: number;
  now?: () => number;
}

export interface ReadCacheStats {
  hits: number;
  misses: number;
  /** Calls that waited for an identical call already running (figures and mention lists). */
  shared: number;
  entries: number;
}

interface Entry {
  version: string;
  at: number;
  value: Promise<unknown>;
}

export function cachedReads(
  inner: ReadStore,
  options: CachedReadsOptions,
): ReadStore & { cacheStats(): ReadCacheStats } {
  const maxAgeMs = options.maxAgeMs ?? 2000;
  const maxEntries = options.maxEntries ?? 20_000;
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, Entry>();
  const stats = { hits: 0, misses: 0, shared: 0 };
  const settled = new WeakSet<Promise<unknown>>();

  const kept =
    (method: ReadMethod, call: (...args: unknown[]) => Promise<unknown>) =>
    (...args: unknown[]): Promise<unknown> => {
      const key = `${method}\u0000${JSON.stringify(args)}`;
      const version = options.version();
      const at = now();
      const entry = entries.get(key);
      if (entry && entry.version === version && at - entry.at <= maxAgeMs) {
        if (settled.has(entry.value)) stats.hits++;
        else stats.shared++;
        return entry.value;
      }
      stats.misses++;
      const value = call(...args);
      entries.delete(key);
      entries.set(key, { version, at, value });
      value.then(
        () => settled.add(value),
        // A failed read (a budget, a refusal) is not kept: the next call tries again.
        () => {
          if (entries.get(key)?.value === value) entries.delete(key);
        },
      );
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      return value;
    };

  const inFlight = new Map<string, Promise<unknown>>();
  const shared =
    (method: ReadMethod, call: (...args: unknown[]) => Promise<unknown>) =>
    (...args: unknown[]): Promise<unknown> => {
      const key = `${method}\u0000${JSON.stringify(args)}`;
      const running = inFlight.get(key);
      if (running) {
        stats.shared++;
        return running;
      }
      const value = call(...args);
      inFlight.set(key, value);
      const forget = () => {
        if (inFlight.get(key) === value) inFlight.delete(key);
      };
      value.then(forget, forget);
      return value;
    };

  const reads: Record<string, unknown> = { ...inner };
  for (const method of SHARED_METHODS) {
    const call = inner[method] as (...args: unknown[]) => Promise<unknown>;
    reads[method] = shared(method, call);
  }
  for (const method of CACHED_METHODS) {
    const call = inner[method] as (...args: unknown[]) => Promise<unknown>;
    reads[method] = kept(method, call);
  }
  return {
    ...(reads as unknown as ReadStore),
    close: () => inner.close(),
    cacheStats: () => ({ ...stats, entries: entries.size }),
  };
}
