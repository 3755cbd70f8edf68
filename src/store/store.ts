// The one Store interface. SQLite (embedded default) and PostgreSQL (server mode) implement it
// and pass the same conformance suite (store.conformance.ts). Callers never see SQL.
import type {
  Mention,
  MentionAnalysis,
  MentionInput,
  NewSource,
  SearchOptions,
  SearchPage,
  Source,
  SourceHealth,
  SourceSchedule,
  SourceValidators,
} from '../model.js';
import type { CollectionStateStore } from './collection-state-store.js';

/**
 * What saving did to one input: `new` (stored for the first time), `updated` (its text or
 * title changed: an edit, or the platform reported it deleted; match it again) or `unchanged`
 * (already stored as it is; a change of its counts alone is kept as an engagement snapshot).
 */
export type SaveStatus = 'new' | 'updated' | 'unchanged';

export interface SaveMentionsResult {
  /** Mentions that were new to the store. */
  inserted: number;
  /** Mentions already stored (same platform + external id, or same canonical URL). */
  existing: number;
  /** Of the existing ones, those whose content changed. */
  updated: number;
  /** Store ids, in input order. */
  ids: number[];
  /** In input order. A mention given twice in one batch is `new` both times. */
  statuses: SaveStatus[];
}

/** A mention in a thread with its replies, oldest first. */
export interface ThreadNode {
  mention: Mention;
  replies: ThreadNode[];
}

export interface Thread {
  /** External id of the post that starts the conversation. */
  rootExternalId: string;
  /** That post with its comments and replies; null while the post itself is not stored. */
  root: ThreadNode | null;
  /** Comments and replies whose parent is not in the tree (not stored, or past the bound). */
  unattached: ThreadNode[];
  /** Comments and replies stored in the thread, and whether the tree holds fewer of them. */
  total: number;
  truncated: boolean;
}

export interface ThreadOptions {
  /** Most comments and replies returned, oldest first (default 500, at most 5,000). */
  limit?: number;
}

/** One observation of a mention's counts; null where the platform did not report one. */
export interface EngagementSnapshot {
  observedAt: string;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  views: number | null;
}

export interface SourceUpdate {
  title?: string | null;
  enabled?: boolean;
  settings?: Record<string, unknown>;
  schedule?: SourceSchedule;
  validators?: SourceValidators;
  health?: SourceHealth;
}

export interface ListSourcesOptions {
  /** Only sources due at or before this time (ISO 8601 UTC), enabled ones, soonest first. */
  dueBefore?: string;
  limit?: number;
}

export interface Store extends CollectionStateStore {
  // sources
  addSource(source: NewSource): Promise<{ source: Source; created: boolean }>;
  getSource(id: number): Promise<Source | null>;
  listSources(options?: ListSourcesOptions): Promise<Source[]>;
  updateSource(id: number, update: SourceUpdate): Promise<void>;
  removeSource(id: number): Promise<boolean>;

  // mentions
  /**
   * Save a batch in one transaction. A mention already stored (same platform + external id,
   * or same canonical URL) is not stored again; it is linked to `sourceId` as well, takes an
   * edit (text, title, html, analysis) when the input's `updatedAt` is later than what is
   * stored, loses its text, title, html and raw when the input says `deleted` (its place in
   * its thread and its counts stay), and keeps new counts as an engagement snapshot.
   *
   * Ids of new mentions exceed every id stored when the batch starts, and grow in input
   * order: back-fills walk `scanMentions` by id and resume after the last id examined. Time
   * order (search, listings) is publication time, else collection time, then id; each store
   * keys it its own way (SQLite: search_key, src/store/sqlite/search-key.ts; PostgreSQL:
   * the row value (sort_ms, id)).
   */
  saveMentions(sourceId: number | null, mentions: MentionInput[]): Promise<SaveMentionsResult>;
  getMention(id: number): Promise<Mention | null>;
  countMentions(): Promise<number>;
  /** The subset of these canonical URLs that stored mentions have. */
  findCanonicalUrls(urls: string[]): Promise<Set<string>>;
  setAnalysis(id: number, analysis: MentionAnalysis): Promise<void>;
  /** The conversation a mention belongs to, from its root; null when no such mention. */
  getThread(mentionId: number, options?: ThreadOptions): Promise<Thread | null>;
  /**
   * A mention's engagement over time, oldest first: the latest `limit` observations (default
   * 1,000, at most 10,000); null when no such mention.
   */
  engagementHistory(mentionId: number, limit?: number): Promise<EngagementSnapshot[] | null>;
  /**
   * Newest first (published time, else collected time), keyset-paged. A page may hold fewer
   * than `limit` hits, even none, while `nextCursor` is set: exact-diacritics search bounds the
   * work one page may do. Only a null `nextCursor` means there is nothing more.
   */
  search(options: SearchOptions): Promise<SearchPage>;

  // installation
  /** Key-value settings that belong to the installation (e.g. the pseudonymisation secret). */
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;

  close(): Promise<void>;
}
