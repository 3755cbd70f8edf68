// One worker of the fleet: enqueues the sources that are due (every worker does; the queue
// keeps one job per source), takes collection and back-fill jobs, and announces what it tagged
// to the API processes. Collection of one source is the collector's, unchanged; around it the
// worker waits for the host's turn and, for platforms with credentials, holds the platform's
// lock, so politeness and quotas hold across machines.

import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { connectors } from '../connectors/registry.js';
import type { App } from '../jobs/app.js';
import type { CollectorEvent } from '../jobs/collector.js';
import type { Logger } from '../ops/logger.js';
import { metrics } from '../ops/metrics.js';
import { reportDepsFor } from '../reports/report-jobs.js';
import { reportMailerFromEnv } from '../reports/report-mailer.js';
import type { Store } from '../store/store.js';
import { retryingWrites, whileDatabaseReturns } from './database-faults.js';
import {
  BACKFILL_QUEUE,
  type BackfillJob,
  COLLECT_QUEUE,
  type CollectJob,
  enqueueCollections,
  openFleetQueue,
  queueProbe,
} from './fleet-queue.js';
import { createHostTurns, waitForHostTurn } from './host-turns.js';
import { withPlatformLock } from './platform-lock.js';
import { retagUnchanged } from './retag-unchanged.js';
import { startScheduledJobs } from './scheduled-jobs.js';
import { announceTagged } from './tagged-relay.js';

/** The collector's writes that carry fetched work: retried while the database is away. */
const BATCH_WRITES = [
  'saveMentions',
  'saveSourceBatch',
  'updateSource',
  'quarantineResponse',
  'findCanonicalUrls',
] as const;

export interface FleetWorkerOptions {
  app: App;
  url: string;
  log: Logger;
  /** Jobs run at once by this worker. */
  concurrency: number;
  leaseSeconds: number;
  /** How often this worker looks for due sources. */
  scheduleEveryMs: number;
  maintenanceSeconds?: number;
  signal: AbortSignal;
}

export async function runFleetWorker(options: FleetWorkerOptions): Promise<void> {
  const { app, log, signal } = options;
  if (!('pool' in app.store)) throw new Error('nghe worker needs the PostgreSQL store');
  const pool = (app.store as unknown as { pool: pg.Pool }).pool;
  await whileDatabaseReturns('create fleet tables', () => createHostTurns(pool), { log });
  const boss = await whileDatabaseReturns(
    'start queue',
    () =>
      openFleetQueue(options.url, {
        leaseSeconds: options.leaseSeconds,
        maintenanceSeconds: options.maintenanceSeconds,
        log,
      }),
    { log },
  );
  const stopAnnouncing = announceTagged(app.events, pool, log);
  const removeProbe = metrics().addQueueProbe(queueProbe(pool));
  const collector = app.createCollector(logCollection(log), (store: Store) =>
    retryingWrites(store, BATCH_WRITES, { log }),
  );
  // A job run again (its worker died, or it failed) also tags what an earlier run stored.
  const retryCollector = app.createCollector(logCollection(log), (store: Store) =>
    retagUnchanged(retryingWrites(store, BATCH_WRITES, { log }), (saved) =>
      app.tagger.tagSaved(saved),
    ),
  );

  const collect = async (job: PgBoss.JobWithMetadata<CollectJob>) => {
    const source = await app.store.getSource(job.data.sourceId);
    // Another worker may have collected it since it was enqueued (a retried or doubled job).
    if (!source?.enabled || Date.parse(source.schedule.nextFetchAt) > Date.now()) {
      return { skipped: true };
    }
    await waitForHostTurn(pool, source.url, app.config.perHostMinIntervalMs, signal);
    const run = () => (job.retryCount > 0 ? retryCollector : collector).collectOne(source, signal);
    const summary = connectors.get(source.kind)?.credential
      ? await withPlatformLock(pool, source.kind, run)
      : await run();
    return summary;
  };

  const backfill = async (job: PgBoss.JobWithMetadata<BackfillJob>) => {
    app.backfills.startBackfill(job.data.topicId, { reset: job.data.reset });
    await app.backfills.idle();
    return { topicId: job.data.topicId };
  };

  const handler =
    <T>(queue: string, work: (job: PgBoss.JobWithMetadata<T>) => Promise<unknown>) =>
    async (jobs: PgBoss.JobWithMetadata<T>[]) => {
      for (const job of jobs) {
        try {
          const output = await work(job);
          metrics().jobsDone.inc({ queue, outcome: 'done' });
          return output;
        } catch (error) {
          metrics().jobsDone.inc({ queue, outcome: 'failed' });
          log.warn('job failed; the queue retries it', {
            queue,
            jobId: job.id,
            data: job.data,
            error,
          });
          throw error;
        }
      }
      return undefined;
    };

  for (let i = 0; i < Math.max(1, options.concurrency); i++) {
    await boss.work<CollectJob>(
      COLLECT_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true },
      handler(COLLECT_QUEUE, collect),
    );
  }
  await boss.work<BackfillJob>(
    BACKFILL_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 2, includeMetadata: true },
    handler(BACKFILL_QUEUE, backfill),
  );
  // Report schedules and alert evaluation, once across the fleet.
  const scheduled = await startScheduledJobs({
    boss,
    reports: reportDepsFor(app.store),
    mailer: reportMailerFromEnv(process.env),
    alerts: app.alerts,
    log,
    leaseSeconds: options.leaseSeconds,
  });
  log.info('worker started', {
    concurrency: options.concurrency,
    leaseSeconds: options.leaseSeconds,
  });

  while (!signal.aborted) {
    try {
      const due = await app.store.listSources({ dueBefore: new Date().toISOString(), limit: 1000 });
      await enqueueCollections(
        boss,
        due.filter((s) => s.enabled).map((s) => s.id),
      );
      await scheduled.enqueueDue();
    } catch (error) {
      log.warn('cannot enqueue due sources; trying again', { error });
    }
    await sleep(options.scheduleEveryMs, signal);
  }

  log.info('worker stopping: finishing the jobs it holds');
  await boss.stop({ graceful: true, wait: true, timeout: 60_000 });
  stopAnnouncing();
  removeProbe();
}

function logCollection(log: Logger) {
  return (event: CollectorEvent) => {
    const fields = { sourceId: event.source.id, kind: event.source.kind };
    if (event.type === 'source-done') {
      log.info('collected', { ...fields, items: event.itemCount, new: event.newCount });
    } else if (event.type === 'source-failed') {
      log.warn('collection failed', { ...fields, error: event.error });
    } else if (event.type === 'source-paused') {
      log.info('collection paused', { ...fields, reason: event.reason, until: event.until });
    }
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
