// What the routes need from the rest of nghe, handed in by whoever builds the server.
import type { ListeningEvents } from '../jobs/listening-events.js';
import type { ListeningStore, MentionFilter } from '../store/listening-store.js';
import type { Store } from '../store/store.js';
import type { AuditQueue } from './audit-queue.js';
import { placeCodesOfFilter, sectorIdsOfFilter } from './place-sector-filter.js';
import { checkDateRange } from './read-pool/read-limits.js';
import type { ReadStore } from './read-pool/read-store.js';
import type { FilterQuery } from './schemas.js';
import type { SseHub } from './sse-hub.js';

/** Topic work that runs beside the server (matching history, the live matcher). */
export interface TopicJobs {
  /** Start tagging stored mentions with this topic; `reset` clears its old tags first. Returns at once. */
  startBackfill(topicId: number, options: { reset: boolean }): void;
  /** Topics were created, edited, paused or deleted: the live matcher must reload them. */
  topicsChanged(): void;
}

export interface ApiDeps {
  store: Store & ListeningStore;
  /** Searches, analytics and other heavy reads: bounded, and off the main thread when pooled. */
  reads: ReadStore;
  /** Live topic streams; null without an event source. */
  streams: SseHub | null;
  /** Audit rows, queued while the disk is full. */
  auditQueue: AuditQueue;
  version: string;
  events: ListeningEvents | null;
  topicJobs: TopicJobs | null;
  /** Milliseconds between keep-alive comments on event streams. */
  heartbeatMs: number;
  now: () => Date;
  /** Whether sources may point at private addresses now (config.json reloads may change it). */
  allowPrivateAddresses?: () => boolean;
}

export function toMentionFilter(query: FilterQuery): MentionFilter {
  const filter: MentionFilter = {};
  if (query.topic !== undefined) filter.topicId = query.topic;
  if (query.from !== undefined) filter.from = query.from;
  if (query.to !== undefined) filter.to = query.to;
  if (query.platform !== undefined) filter.platforms = query.platform;
  if (query.lang !== undefined) filter.langs = query.lang;
  if (query.sentiment !== undefined) filter.sentiments = query.sentiment;
  if (query.source !== undefined) filter.sourceIds = query.source;
  if (query.place !== undefined) filter.places = placeCodesOfFilter(query.place);
  if (query.sector !== undefined) filter.sectors = sectorIdsOfFilter(query.sector);
  checkDateRange(filter);
  return filter;
}
