// The shared vocabulary of nghe: plain types, no I/O. Every other folder imports from here;
// this file imports only the list of source kinds, which imports nothing.
import type { SourceKind } from './connectors/source-kinds.js';

/** Where mentions come from: one value per connector folder under src/connectors. */
export type { SourceKind };

/** Platforms a mention can come from. News sites (feeds, sitemaps, pages) are all 'web'. */
export const PLATFORMS = [
  'web',
  'youtube',
  'reddit',
  'x',
  'facebook',
  'instagram',
  'tiktok',
  'bluesky',
  'mastodon',
  'telegram',
  'zalo',
  'import',
] as const;

export type Platform = (typeof PLATFORMS)[number];

export interface SourceHealth {
  /** ISO 8601 UTC of the last fetch attempt, success or not. */
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  /** One line a user can act on, e.g. "HTTP 503 Service Unavailable" or "not a feed: HTML page". */
  lastError: string | null;
  /** Failures since the last success; drives exponential backoff. */
  consecutiveFailures: number;
  /** Items seen in the last successful fetch, and new items stored from it. */
  lastItemCount: number;
  lastNewCount: number;
  /** Parse warnings from the last fetch (ill-formed but recovered input). */
  lastWarnings: string[];
  /** Collection waits, without counting a failure: for a quota to renew, or for a credential. */
  paused?: SourcePause | null;
  /** The credential the last collection used: its remaining quota and last error. */
  credential?: CredentialHealth | null;
  /** The last response the connector could not read, kept aside (raw) with the reason. */
  quarantine?: QuarantineNote | null;
}

export interface SourcePause {
  /** One line a user can act on, e.g. "YouTube quota of key #2 spent; renews at midnight PT". */
  reason: string;
  /** ISO 8601 UTC when collection resumes by itself; null when a user must act. */
  until: string | null;
}

export interface CredentialHealth {
  id: number;
  label: string;
  status: CredentialStatus;
  /** Quota left in the current window, its size and when it renews (ISO 8601 UTC). */
  remaining: number | null;
  limit: number | null;
  resetAt: string | null;
  lastError: string | null;
}

export type CredentialStatus = 'ok' | 'exhausted' | 'invalid';

export interface QuarantineNote {
  /** ISO 8601 UTC. */
  at: string;
  reason: string;
  /** The address the unreadable response came from. */
  url: string | null;
}

/** The health of a source no fetch has touched yet. */
export function emptySourceHealth(): SourceHealth {
  return {
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastErrorAt: null,
    lastError: null,
    consecutiveFailures: 0,
    lastItemCount: 0,
    lastNewCount: 0,
    lastWarnings: [],
  };
}

export interface SourceSchedule {
  /** Seconds between polls; adapted to how often the source publishes. */
  intervalSeconds: number;
  /** ISO 8601 UTC of the next due poll. */
  nextFetchAt: string;
}

/** HTTP validators remembered for conditional GET. */
export interface SourceValidators {
  etag: string | null;
  lastModified: string | null;
}

export interface Source {
  id: number;
  kind: SourceKind;
  url: string;
  /** Human title, from the feed itself once fetched, or given by the user. */
  title: string | null;
  enabled: boolean;
  /** Connector-specific settings (e.g. fetchFullText for feeds with one-line summaries). */
  settings: Record<string, unknown>;
  schedule: SourceSchedule;
  validators: SourceValidators;
  /** Where the connector resumes (opaque: a paging token, a last-seen id); null at the start. */
  cursor: string | null;
  health: SourceHealth;
  createdAt: string;
}

export type NewSource = Pick<Source, 'kind' | 'url'> &
  Partial<Pick<Source, 'title' | 'settings' | 'enabled'>>;

/** Counts as the platform reported them when collected; `comments` counts replies and comments. */
export interface Engagement {
  likes?: number;
  shares?: number;
  comments?: number;
  views?: number;
}

/**
 * An author as stored: a stable pseudonymous key for everyone, a display name only where the
 * source is public by nature (an outlet's byline, a page, a channel).
 */
export interface Author {
  /** Keyed hash (HMAC-SHA-256 with a per-installation secret) of platform + native id. */
  key: string;
  /** Always null for a person. */
  displayName: string | null;
  kind: AuthorKind;
}

/**
 * Who an author is. A `person` is pseudonymised and never named; pages, channels and outlets
 * are public by nature and keep their names.
 */
export type AuthorKind = 'person' | 'page' | 'channel' | 'outlet';

export const AUTHOR_KINDS: readonly AuthorKind[] = ['person', 'page', 'channel', 'outlet'];

/** An author as a connector sees it, before pseudonymisation. Never stored as is. */
export interface RawAuthor {
  /** Platform-native id (a stable account id where the platform has one, else the handle). */
  nativeId: string;
  /** Display name; dropped before storage when `kind` is 'person'. */
  name: string | null;
  kind: AuthorKind;
}

export type Sentiment = 'positive' | 'negative' | 'neutral';

/** A mention as a connector yields it: everything it knows, nothing it had to invent. */
export interface CollectedMention {
  platform: Platform;
  /** The URL as found (feed link, sitemap loc). */
  url: string | null;
  /** Platform id (feed guid, tweet id …); falls back to the canonical URL when absent. */
  externalId: string | null;
  author: RawAuthor | null;
  /** ISO 8601 UTC, null when the source does not say. */
  publishedAt: string | null;
  updatedAt: string | null;
  language: string | null;
  title: string | null;
  /** Plain text, Unicode NFC. */
  text: string;
  /** Sanitised HTML, when the source had HTML. */
  html: string | null;
  categories: string[];
  engagement: Engagement;
  /** External id of the mention this one replies to / comments on. */
  parentExternalId: string | null;
  /** External id of the post that starts the conversation; null for a post that is its own root. */
  threadRootExternalId?: string | null;
  /** The platform reports the item deleted: its text must go, its place in the thread stays. */
  deleted?: boolean;
  /**
   * The item as received, for re-processing; expires with the raw text. Connectors remove
   * persons' names, handles and profile links before they put it here.
   */
  raw: unknown;
}

/** Results of the analysis pipeline, stored beside the mention. */
export interface MentionAnalysis {
  lang: string | null;
  sentiment: Sentiment | null;
  sentimentConfidence: number | null;
  /**
   * Calibrated probability of each class (what sentiment share estimates add up); absent or
   * null for analyses made before they were kept, and where there is no sentiment.
   */
  sentimentProbabilities?: Record<Sentiment, number> | null;
  /** Which group of posts share estimates correct this one with ('vi:feedback', 'en' …). */
  shareGroup?: string | null;
  keywords: string[];
  /**
   * Places the text is about, in today's structure (src/places); absent for analyses made
   * before places were tagged.
   */
  places?: MentionPlace[];
  /** Public-service sectors (src/analysis/sectors), strongest first; absent as for places. */
  sectors?: MentionSector[];
}

/** One place a mention is about, read in the structure in force since 1 July 2025. */
export interface MentionPlace {
  /** Today's province code (two digits). */
  province: string;
  /** Today's ward or commune code; null for a province, city or former district. */
  ward: string | null;
  level: 'province' | 'city' | 'district' | 'ward' | 'commune';
  /** The tagged unit's code: a former district's own code, else the province's or ward's. */
  code: string;
  confidence: number;
}

export interface MentionSector {
  /** Sector id of src/analysis/sectors/taxonomy.json ('traffic', 'flooding' … 'other'). */
  sector: string;
  confidence: number;
}

/** A mention as stored. */
export interface Mention {
  id: number;
  platform: Platform;
  canonicalUrl: string | null;
  externalId: string;
  author: Author | null;
  publishedAt: string | null;
  collectedAt: string;
  language: string | null;
  title: string | null;
  text: string;
  html: string | null;
  categories: string[];
  engagement: Engagement;
  parentId: number | null;
  /** The post that starts its conversation; null for a post that is its own root (or unknown yet). */
  threadRootId: number | null;
  /** ISO 8601 UTC of the last edit the platform reported. */
  updatedAt: string | null;
  /** When the platform reported it deleted; its text, title and html are then empty. */
  deletedAt: string | null;
  /** Ids of every source this mention was reached through. */
  sourceIds: number[];
  analysis: MentionAnalysis | null;
}

/** What the store needs to insert a mention: collected data after canonicalisation. */
export interface MentionInput {
  platform: Platform;
  canonicalUrl: string | null;
  externalId: string;
  author: Author | null;
  publishedAt: string | null;
  collectedAt: string;
  language: string | null;
  title: string | null;
  text: string;
  html: string | null;
  categories: string[];
  engagement: Engagement;
  parentExternalId: string | null;
  /** External id of the post that starts the conversation; absent or null for a root. */
  threadRootExternalId?: string | null;
  /** A later edit replaces the stored text only when this is later than what is stored. */
  updatedAt?: string | null;
  /** The platform reports it deleted: the stored text, title, html and raw are removed. */
  deleted?: boolean;
  raw: unknown;
  analysis: MentionAnalysis | null;
  /**
   * The home province of the source it came from (`settings.province`: a code or a name):
   * context for place tagging, not stored.
   */
  homeProvince?: string | null;
}

// ---------------------------------------------------------------- feed parsing

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface FeedEnclosure {
  url: string;
  type: string | null;
  length: number | null;
}

/** One entry of a parsed feed; the shape `nghe feed parse --json` prints. */
export interface FeedItem {
  id: string | null;
  title: string | null;
  link: string | null;
  published: string | null;
  updated: string | null;
  author: string | null;
  summary: string | null;
  content: string | null;
  categories: string[];
  enclosures: FeedEnclosure[];
}

export interface ParsedFeed {
  format: FeedFormat;
  version: string | null;
  title: string | null;
  link: string | null;
  description: string | null;
  language: string | null;
  encoding: string;
  warnings: string[];
  items: FeedItem[];
}

// ---------------------------------------------------------------- search

export interface SearchOptions {
  /** Free text; accent-insensitive unless `exactDiacritics`. */
  query: string;
  exactDiacritics?: boolean;
  since?: string;
  until?: string;
  limit?: number;
  /** Opaque cursor returned by the previous page. */
  cursor?: string;
}

export interface SearchHit {
  mention: Mention;
  /** Short excerpt around the match, plain text. */
  snippet: string;
  rank: number;
}

export interface SearchPage {
  hits: SearchHit[];
  nextCursor: string | null;
}
