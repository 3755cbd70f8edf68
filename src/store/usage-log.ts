// The usage log as both back-ends keep it: appends chained (and, with the key, sealed) entries,
// one chain however many processes append at once; lists them with filters; reads them oldest
// first for `nghe audit verify`. The chain's arithmetic is src/audit/usage-chain.ts.
import type { StoredUsageEntry } from '../audit/verify-chain.js';

export interface UsageLogAppend {
  actor: string;
  action: string;
  detail: string;
  resultCount: number | null;
  unitId?: number | null;
}

export interface UsageLogFilter {
  actor?: string;
  /** Exact action, or a prefix ending in '*' ('cli.*'). */
  action?: string;
  unitId?: number;
  /** ISO 8601; `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  beforeId?: number;
  limit?: number;
}

export const DEFAULT_USAGE_LIMIT = 100;
export const MAX_USAGE_LIMIT = 10_000;

export interface UsageLog {
  append(entry: UsageLogAppend, at?: Date): Promise<StoredUsageEntry>;
  /** Newest first. */
  list(filter?: UsageLogFilter): Promise<StoredUsageEntry[]>;
  /** Every entry, oldest first, read lazily. */
  oldestFirst(): AsyncIterable<StoredUsageEntry>;
}
