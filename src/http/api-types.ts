// The JSON shapes of nghe's HTTP API, shared by the server (src/http) and the dashboard (web/),
// so the two cannot drift apart. Type-only: no runtime code here.
//
// Every route is under /api and needs `Authorization: Bearer TOKEN`, except GET /api/openapi.json
// and GET /api/docs. Errors are always `ApiError` with a 4xx/5xx status.
//
//   GET    /api/health                         -> Health
//   GET    /api/sources                        -> { sources: Source[] }
//   POST   /api/sources        NewSourceBody   -> Source (201) | ApiError
//   POST   /api/sources/import (text/csv or OPML body) -> ImportResult
//   GET    /api/sources/:id                    -> Source
//   PATCH  /api/sources/:id     { enabled?, title? } -> Source
//   DELETE /api/sources/:id                    -> 204
//   GET    /api/topics                         -> { topics: TopicSummary[] }   (overview page)
//   POST   /api/topics          NewTopicBody   -> Topic (201) | ApiError (query errors carry position)
//   GET    /api/topics/:id                     -> Topic
//   PATCH  /api/topics/:id      TopicUpdateBody -> Topic
//   DELETE /api/topics/:id                     -> 204
//   POST   /api/topics/:id/backfill            -> Topic (202)
//   GET    /api/topics/:id/stream              -> text/event-stream of `event: mention` / data: Mention JSON
//   GET    /api/mentions?FILTER&q=&sort=newest|oldest&limit=&cursor= -> MentionPage
//   GET    /api/mentions/:id                   -> Mention
//   GET    /api/mentions/:id/thread?limit=     -> Thread (its root with comments and replies as a tree)
//   GET    /api/mentions/:id/engagement?limit= -> EngagementSeries (counts over time, oldest first)
//   POST   /api/query/check     { query }      -> QueryCheck
//   GET    /api/analytics/series?FILTER&interval=hour|day|week&tz=  -> { points: SeriesPoint[] }
//   GET    /api/analytics/sentiment?FILTER     -> SentimentShare
//   GET    /api/analytics/breakdown?FILTER&by=platform|lang|sentiment|source&limit= -> { rows: CountRow[] }
//   GET    /api/analytics/terms?FILTER&limit=  -> { terms: TermRow[] }
//   GET    /api/analytics/trending?FILTER&limit= -> { terms: TrendingTerm[], baseline: {from,to}, current: {from,to} }
//   GET    /api/analytics/spikes?FILTER&interval=&metric=volume|negative -> { spikes: Spike[], method: string }
//   GET    /api/analytics/share-of-voice?topics=1,2,3&from=&to= -> { rows: ShareOfVoiceRow[] }
//   GET    /api/audit?limit=&before=           -> AuditPage (newest first)
//   GET    /api/credentials                    -> { credentials: CredentialSummary[] } (never a secret)
//   GET    /api/platforms                      -> { platforms: PlatformInfo[] }
//   GET    /api/platforms/recognise?url=       -> RecognisedSource (what adding that URL would follow)
//
// FILTER (query string, all optional): topic=ID, from=ISO, to=ISO, platform=web,x (comma list),
// lang=vi,en, sentiment=positive,negative, source=1,2.
import type { CredentialStatus, Mention, Platform, Source, SourceKind } from '../model.js';
import type { ProtectedSentimentShare } from '../privacy/small-groups.js';
import type {
  AuditEntry,
  CountRow,
  SentimentShare,
  SeriesPoint,
  TermRow,
  Topic,
} from '../store/listening-store.js';
import type { EngagementSnapshot, Thread, ThreadNode } from '../store/store.js';
import type { ApiErrorCode } from './error-codes.js';

export type {
  AuditEntry,
  CountRow,
  EngagementSnapshot,
  Mention,
  SentimentShare,
  SeriesPoint,
  Source,
  TermRow,
  Thread,
  ThreadNode,
  Topic,
};

export interface EngagementSeries {
  mentionId: number;
  points: EngagementSnapshot[];
}

export interface ApiError {
  error: {
    status: number;
    message: string;
    /** For query-language errors: 0-based character offset and what was expected there. */
    position?: number;
    expected?: string;
    /** For validation errors: the offending field. */
    field?: string;
    /** Stable reason, declared in error-codes.ts, with the values its sentence uses. */
    code: ApiErrorCode;
    params: Record<string, string | number>;
  };
}

export interface Health {
  status: 'ok';
  version: string;
  mentions: number;
  sources: number;
  failingSources: number;
}

export interface NewSourceBody {
  url: string;
  /** Read from the URL when absent: platform pages are recognised, other URLs are feeds. */
  kind?: SourceKind;
  title?: string;
}

export interface ImportResult {
  added: number;
  existing: number;
  rejected: { line: number; reason: string }[];
}

export interface NewTopicBody {
  name: string;
  query: string;
  description?: string;
  langs?: string[];
  platforms?: string[];
  sourceIds?: number[];
}

export type TopicUpdateBody = Partial<NewTopicBody> & { status?: 'active' | 'paused' };

/** A topic with the figures the overview page shows, over the last 7 days by default. */
export interface TopicSummary {
  topic: Topic;
  /** null when the week's mentions come from fewer than k persons (see `suppressed`). */
  volume: number | null;
  sentiment: ProtectedSentimentShare;
  /** Daily totals, oldest first, for the sparkline; null for a day from fewer than k persons. */
  sparkline: (number | null)[];
  /** The week's mentions come from fewer than k persons: volume and sentiment are hidden. */
  suppressed: boolean;
  /** Active spikes (in the last 24 h) first in the list. */
  activeSpikes: number;
}

export interface MentionPage {
  mentions: Mention[];
  nextCursor: string | null;
}

export type QueryCheck =
  | { ok: true; normalized: string }
  | {
      ok: false;
      message: string;
      position: number;
      expected: string;
      /** The refusal's code and values (src/query/syntax-codes.ts), for saying it in other words. */
      code?: string;
      params?: Record<string, string | number>;
    };

export interface TrendingTerm {
  term: string;
  current: number;
  baseline: number;
  /** How unusual the current count is against the baseline (a z-like score). */
  score: number;
}

export interface Spike {
  /** Bucket start, ISO UTC. */
  t: string;
  metric: 'volume' | 'negative';
  value: number;
  /** Baseline the value is compared with, and the threshold it crossed. */
  baseline: number;
  threshold: number;
}

export interface ShareOfVoiceRow {
  topicId: number;
  name: string;
  count: number;
  share: number;
}

/** Audit entries newest first; pass `nextBefore` as `before` for the older ones. */
export interface AuditPage {
  entries: AuditEntry[];
  nextBefore: number | null;
}

/** A platform credential as the API shows it: status and quota, never a secret. */
export interface CredentialSummary {
  id: number;
  platform: string;
  label: string;
  status: CredentialStatus;
  /** Quota as of now: each accounted bucket, the platform's own rate window, a reported pause. */
  quota: {
    buckets: {
      name: string;
      used: number;
      limit: number | null;
      remaining: number | null;
      /** ISO 8601 UTC when the bucket renews; null when nothing is spent in this window. */
      resetAt: string | null;
    }[];
    rate: { remaining: number; limit: number | null; resetAt: string } | null;
    /** The platform said the quota is spent: no use before this time. */
    exhaustedUntil: string | null;
  };
  lastError: string | null;
  createdAt: string;
}

/** A social platform: what its official interface lets a self-hosted user collect. */
export interface PlatformInfo {
  platform: Platform;
  /** One paragraph, in English. */
  eligibility: string;
  /** In one line each, in English: what its interface lets nghe see, and what it cannot. */
  sees: string;
  cannotSee: string;
  /** The source kind that follows it, or null where nothing collects it yet. */
  sourceKind: SourceKind | null;
  /** Whether this version of nghe collects it (otherwise its posts arrive by import only). */
  collects: boolean;
  /** What a credential holds (field names only) and where to get one; null when none is taken. */
  credential: { fields: { name: string; secret: boolean }[]; help: string } | null;
}

/** What a URL given to "add source" would follow, as source creation reads it. */
export interface RecognisedSource {
  kind: SourceKind;
  platform: Platform;
  /** The URL stored for the source. */
  url: string;
  /** What is followed (channel, video, subreddit, hashtag, search …); null for a web address. */
  follow: string | null;
  /** The parameters of the follow, e.g. { handle } or { tag }. */
  settings: Record<string, unknown>;
}
