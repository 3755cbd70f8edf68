// The listening side of the store: topics (standing queries), their tags on mentions, the
// incremental roll-ups analytics read, API tokens and the audit log. SQLite and PostgreSQL
// implement it beside Store; callers (jobs, http, cli, reports) see only these interfaces.
import type { ShareStatistics } from '../analysis/quantify/index.js';
import type { Mention, Platform, Sentiment } from '../model.js';

// ---------------------------------------------------------------- topics

export type TopicStatus = 'active' | 'paused';

export interface TopicLimits {
  /** ISO 639-1 codes; null = any language. */
  langs: string[] | null;
  platforms: Platform[] | null;
  sourceIds: number[] | null;
}

export interface BackfillProgress {
  state: 'idle' | 'running' | 'done' | 'failed';
  /** Mentions examined so far, of `total` stored when the back-fill started. */
  processed: number;
  total: number;
  matched: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  /** Last mention id examined: a back-fill interrupted by a restart resumes after it. */
  afterId?: number;
}

export interface Topic extends TopicLimits {
  id: number;
  name: string;
  /** In the query language of src/query; validated before it is stored. */
  query: string;
  description: string | null;
  status: TopicStatus;
  createdAt: string;
  updatedAt: string;
  backfill: BackfillProgress;
}

export interface NewTopic extends Partial<TopicLimits> {
  name: string;
  query: string;
  description?: string | null;
}

export type TopicUpdate = Partial<NewTopic> & { status?: TopicStatus };

// ---------------------------------------------------------------- analytics

export type Interval = 'hour' | 'day' | 'week';

/** Narrows every figure; all optional. Times are ISO 8601, `from` inclusive, `to` exclusive. */
export interface MentionFilter {
  topicId?: number;
  from?: string;
  to?: string;
  platforms?: Platform[];
  langs?: string[];
  sentiments?: Sentiment[];
  sourceIds?: number[];
  /**
   * Place codes (src/places/resolve-place.ts): a province (2 digits) covers its wards, a ward
   * (5 digits) itself, a former district (3 digits) the mentions tagged with it; any of them.
   */
  places?: string[];
  /** Sector ids (src/analysis/sectors/taxonomy.json); any of them. */
  sectors?: string[];
}

export interface SeriesOptions extends MentionFilter {
  interval: Interval;
  /** IANA zone that buckets are aligned to; default Asia/Ho_Chi_Minh. */
  timeZone?: string;
  /**
   * With `to` open, the series runs at least through the bucket holding this instant (the
   * caller's "now"), so buckets without mentions yet show as zero instead of vanishing.
   */
  through?: string;
}

/**
 * One bucket; `t` is the bucket start as ISO 8601 UTC, aligned in the requested zone.
 * positive/neutral/negative are classified counts (predicted labels).
 */
export interface SeriesPoint {
  t: string;
  total: number;
  positive: number;
  neutral: number;
  negative: number;
  /** Mentions with no sentiment (languages without a model). */
  unknown: number;
}

/**
 * Sentiment shares of a set of mentions as the share estimator gives them: corrected for the
 * classifier's measured confusions (src/analysis/quantify), with central intervals at `level`.
 * Shares are fractions of the mentions that have a sentiment.
 */
export interface SentimentEstimate {
  /** Mentions with a sentiment, the estimate's sample. */
  n: number;
  /** Null when n is below the estimator's minimum: too few posts to say anything. */
  shares: Record<Sentiment, number> | null;
  intervals: Record<Sentiment, [low: number, high: number]> | null;
  /** Positive share minus negative share, −1..1, with its interval; null with shares. */
  net: number | null;
  netInterval: [low: number, high: number] | null;
  /** Coverage of the intervals, e.g. 0.9. */
  level: number;
  /** How the shares were estimated: a method, or `group=method` pairs; 'none' without shares. */
  method: string;
  /** False when there are too few posts, or the interval is too wide, to rely on the shares. */
  sufficient: boolean;
  /**
   * Of n, mentions analysed before class probabilities were kept: estimated from their label
   * and confidence alone, uncorrected (see LABELS_ONLY_GROUP).
   */
  labelsOnly: number;
}

/** Mentions by the label the classifier predicted: not shares of opinion (see estimates). */
export interface ClassifiedCounts {
  positive: number;
  neutral: number;
  negative: number;
}

export interface SentimentShare extends SentimentEstimate {
  /** Every mention in the filter. */
  total: number;
  /** Mentions with no sentiment (languages without a model). */
  unknown: number;
  classifiedCounts: ClassifiedCounts;
}

/** A series bucket with the estimated shares of its mentions, as analytics report it. */
export interface EstimatedSeriesPoint extends SeriesPoint {
  sentiment: SentimentEstimate;
}

/** The share statistics of one series bucket (see SeriesPoint for `t`). */
export interface ShareSeriesPoint {
  t: string;
  statistics: ShareStatistics;
}

export interface CountRow {
  key: string;
  /** Human label (source title …) where the key is an id. */
  label: string | null;
  count: number;
}

export interface TermRow {
  term: string;
  count: number;
}

/**
 * `province`, `ward`, `sector`: a mention counts once for each province, ward or sector it is
 * about, so the rows can add up to more than the mentions.
 */
export type Breakdown =
  | 'platform'
  | 'lang'
  | 'sentiment'
  | 'source'
  | 'province'
  | 'ward'
  | 'sector';

// ---------------------------------------------------------------- mentions listing

export type MentionSort = 'newest' | 'oldest';

export interface ListMentionsOptions extends MentionFilter {
  /** Query-language text; filters to matching mentions. */
  query?: string;
  sort?: MentionSort;
  limit?: number;
  cursor?: string;
}

export interface MentionPage {
  mentions: Mention[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------- access

export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  /** Token name, or 'cli' for local commands. */
  actor: string;
  action: string;
  /** The query or filter as asked, JSON. */
  detail: string;
  resultCount: number | null;
  /** The unit the action was done for, where the actor belongs to one. */
  unitId?: number | null;
}

/** Newest first; every field narrows. */
export interface AuditListOptions {
  limit?: number;
  beforeId?: number;
  actor?: string;
  /** Exact action, or a prefix ending in '*' ('cli.*'). */
  action?: string;
  unitId?: number;
  /** ISO 8601; `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
}

export interface ListeningStore {
  // topics
  createTopic(topic: NewTopic): Promise<Topic>;
  getTopic(id: number): Promise<Topic | null>;
  listTopics(): Promise<Topic[]>;
  /**
   * Editing the query or limits removes the topic's tags and resets its back-fill to idle:
   * the caller starts a new back-fill.
   */
  updateTopic(id: number, update: TopicUpdate): Promise<Topic | null>;
  deleteTopic(id: number): Promise<boolean>;
  /**
   * Tag mentions with a topic and update the roll-ups; idempotent per (topic, mention).
   * Returns how many tags were new.
   */
  tagMentions(topicId: number, mentionIds: number[]): Promise<number>;
  /** The same for many topics at once, in one transaction: [topic id, mention id] pairs. */
  tagPairs(pairs: [topicId: number, mentionId: number][]): Promise<number>;
  /**
   * Remove tags (an edited mention no longer matches) and take them off the roll-ups; in one
   * transaction. Returns how many tags there were.
   */
  untagPairs(pairs: [topicId: number, mentionId: number][]): Promise<number>;
  /** Changes whenever a topic is created, edited, paused or deleted (also by another process). */
  topicsVersion(): Promise<number>;
  /** Remove every tag of a topic (before re-back-filling an edited query). */
  clearTopicTags(topicId: number): Promise<void>;
  setBackfillProgress(topicId: number, progress: BackfillProgress): Promise<void>;
  /** Mentions in id order after `afterId`, for back-fill scans. */
  scanMentions(afterId: number, limit: number): Promise<Mention[]>;

  // analytics, from roll-ups. Without topicId a figure covers every stored mention. Times are
  // rounded out to whole UTC hours (top terms: whole UTC days). A mention reached through
  // several sources counts for the lowest source id. Language keys are lower-cased primary
  // subtags ('vi-VN' is 'vi'); '' / 'unknown' where none is known.
  series(options: SeriesOptions): Promise<SeriesPoint[]>;
  /** Classified counts and the estimated shares (share-estimate.ts) of a filter. */
  sentimentShare(filter: MentionFilter): Promise<SentimentShare>;
  /** The additive statistics the share estimator reads, summed over a filter. */
  shareStatistics(filter: MentionFilter): Promise<ShareStatistics>;
  /** The same per bucket of `series` (same buckets, same `t`). */
  shareSeries(options: SeriesOptions): Promise<ShareSeriesPoint[]>;
  breakdown(by: Breakdown, filter: MentionFilter, limit?: number): Promise<CountRow[]>;
  topTerms(filter: MentionFilter, limit?: number): Promise<TermRow[]>;

  // drill-down
  listMentions(options: ListMentionsOptions): Promise<MentionPage>;

  // access
  createApiToken(name: string, tokenHash: string): Promise<ApiToken>;
  /** Revoked tokens are returned too (check revokedAt); records the use (at most once a minute). */
  findApiTokenByHash(tokenHash: string): Promise<ApiToken | null>;
  listApiTokens(): Promise<ApiToken[]>;
  revokeApiToken(id: number): Promise<boolean>;
  appendAudit(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void>;
  /**
   * Entries in order, all written or none, in one transaction (one commit for a burst of reads).
   * Optional: without it, callers append one at a time.
   */
  appendAudits?(entries: readonly Omit<AuditEntry, 'id' | 'at'>[]): Promise<void>;
  /** The usage log (hash-chained, append-only; see src/audit). */
  listAudit(options?: AuditListOptions): Promise<AuditEntry[]>;
}
