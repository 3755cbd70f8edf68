// What keeps one client or one request from taking the server down, put together for
// createHttpApp: reads behind their bounds and (when given a pool) off the main thread, event
// streams through one hub with caps, per-client request rates, audit rows that survive a full
// disk (written, for a SQLite file served with a read pool, by a thread of their own), and
// storage failures answered in plain words.
import type Database from 'better-sqlite3';
import type { Context, MiddlewareHandler } from 'hono';
import { type ServerLimits, serverLimits } from '../config/server-limits.js';
import type { ListeningEvents } from '../jobs/listening-events.js';
import type { ListeningStore } from '../store/listening-store.js';
import { type UsageLogWriter, usageLogWriterFor } from '../store/sqlite/usage-log-writer.js';
import type { Store } from '../store/store.js';
import { HttpError } from './api-error.js';
import { AuditQueue } from './audit-queue.js';
import { RateLimiter } from './rate-limit.js';
import { guardedReads } from './read-pool/guarded-reads.js';
import { directReads, type ReadStore } from './read-pool/read-store.js';
import type { HttpEnv } from './route.js';
import { SseHub } from './sse-hub.js';
import { storageFailure } from './storage-errors.js';

export interface ServerGuardOptions {
  store: Store & ListeningStore;
  /** Reads off the main thread (read-pool.ts); default: the store's own, on this thread. */
  reads?: ReadStore;
  events: ListeningEvents | null;
  heartbeatMs: number;
  limits?: Partial<ServerLimits>;
  /** The database file, named in storage errors; default the store's file where it has one. */
  databasePath?: string;
  /**
   * Audit rows written by a thread of their own, on its own connection (usage-log-writer.ts),
   * where the store is a SQLite file (not PostgreSQL with a SQLite file beside it). Default: when `reads` are given (a server that already
   * keeps its heavy work off the main thread).
   */
  auditThread?: boolean;
}

export interface ServerGuards {
  limits: ServerLimits;
  reads: ReadStore;
  streams: SseHub | null;
  audit: AuditQueue;
  rateLimit: MiddlewareHandler<HttpEnv>;
  /** The answer to a storage failure (full disk, I/O error), or null for other errors. */
  storageError(error: unknown): HttpError | null;
  /** The audit thread, where rows are written by one. */
  auditWriter: UsageLogWriter | null;
  /** Writes the audit rows still waiting and ends the audit thread. */
  close(): Promise<void>;
}

interface Identified {
  principal?: { token: { id: number } | null; user: { id: number } } | null;
  token?: { id: number } | null;
}

/** The least time between two commits of read audit rows (audit-queue.ts). */
const AUDIT_COMMIT_INTERVAL_MS = 10;

/** Who a request counts against: its token, or the signed-in user; null before sign-in. */
export function clientKey(c: Context<HttpEnv>): string | null {
  const vars = c.var as Identified;
  const principal = vars.principal;
  if (principal)
    return principal.token ? `token:${principal.token.id}` : `user:${principal.user.id}`;
  return vars.token ? `token:${vars.token.id}` : null;
}

export function createServerGuards(options: ServerGuardOptions): ServerGuards {
  const limits = serverLimits(options.limits);
  const path =
    options.databasePath ??
    (options.store as { db?: { name?: string } }).db?.name ??
    'the database';
  const limiter = new RateLimiter({
    ratePerSecond: limits.requestsPerSecond,
    burst: limits.requestBurst,
  });
  // With a PostgreSQL pool, `db` is the SQLite file beside it, whose usage log is not the
  // store's: audit rows go to PostgreSQL through the store, as they always did.
  const { db, pool } = options.store as { db?: Database.Database; pool?: unknown };
  const writer =
    (options.auditThread ?? options.reads !== undefined) && db && !pool
      ? usageLogWriterFor(db)
      : null;
  const appendMany = writer
    ? (entries: Parameters<UsageLogWriter['appendMany']>[0]) => writer.appendMany(entries)
    : options.store.appendAudits?.bind(options.store);
  const audit = new AuditQueue(
    // One at a time only after a full disk (the waiting rows, retried in order).
    writer
      ? (entry) => writer.appendMany([entry], { afterFull: true })
      : (entry) => options.store.appendAudit(entry),
    path,
    {
      ...(appendMany
        ? {
            appendMany,
            // At most about 100 commits a second however many reads there are.
            minCommitIntervalMs: AUDIT_COMMIT_INTERVAL_MS,
          }
        : {}),
    },
  );
  return {
    limits,
    reads: guardedReads(options.reads ?? directReads(options.store)),
    streams: options.events
      ? new SseHub({
          events: options.events,
          heartbeatMs: options.heartbeatMs,
          streamsPerKey: limits.streamsPerToken,
          streamsTotal: limits.streamsTotal,
          maxQueuedBytes: limits.streamQueueBytes,
        })
      : null,
    audit,
    auditWriter: writer,
    async close() {
      await audit.close();
      await writer?.close();
    },
    rateLimit: async (c, next) => {
      const key = clientKey(c);
      if (key === null) return next();
      const decision = limiter.take(key);
      if (!decision.allowed) {
        c.header('Retry-After', String(decision.retryAfterSeconds));
        throw new HttpError(
          429,
          `too many requests: the limit is ${limits.requestsPerSecond} a second (bursts of ${limits.requestBurst}) per token; retry after ${decision.retryAfterSeconds} s`,
          {
            code: 'rate_limited',
            params: {
              perSecond: limits.requestsPerSecond,
              burst: limits.requestBurst,
              retryAfter: decision.retryAfterSeconds,
            },
          },
        );
      }
      return next();
    },
    storageError: (error) => storageFailure(error, path),
  };
}
