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

export interface SaveMentionsResult {
  /** Mentions that were new to the store. */
  inserted: number;
  /** Mentions already stored (same platform + external id, or same canonical URL). */
  existing: number;
  /** Store ids, in input order. */
  ids: number[];
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

export interface Store {
  // sources
  addSource(source: NewSource): Promise<{ source: Source; created: boolean }>;
  getSource(id: number): Promise<Source | null>;
  listSources(options?: ListSourcesOptions): Promise<Source[]>;
  updateSource(id: number, update: SourceUpdate): Promise<void>;
  removeSource(id: number): Promise<boolean>;

  // mentions
  /**
   * Insert a batch in one transaction. A mention already stored (same platform + external id,
   * or same canonical URL) is not stored again; it is linked to `sourceId` as well.
   */
  saveMentions(sourceId: number | null, mentions: MentionInput[]): Promise<SaveMentionsResult>;
  getMention(id: number): Promise<Mention | null>;
  countMentions(): Promise<number>;
  /** The subset of these canonical URLs that stored mentions have. */
  findCanonicalUrls(urls: string[]): Promise<Set<string>>;
  setAnalysis(id: number, analysis: MentionAnalysis): Promise<void>;
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
