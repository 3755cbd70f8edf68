// One worker of the fleet: takes collection, analysis and back-fill jobs, and announces what it
// tagged to the API processes. Collection of one source is the collector's; around it the
// worker waits for the host's turn and, for platforms with credentials, holds the platform's
// lock, so politeness and quotas hold across machines. Collection stores what it fetched and
// enqueues an `analyse` job per stored batch (analyse-job.ts), which any worker takes.
// Looking for due sources and scheduled jobs is the work of one worker at a time (a lease), and
// so is assigning stories to what the analysis jobs stored (story-leader.ts);
// pollers wake on NOTIFY when jobs are enqueued and poll slowly otherwise (job-wakeups.ts).

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { connectors } from '../connectors/registry.js';
import { createMentionAnalyzer } from '../jobs/analyze-mentions.js';
import type { App } from '../jobs/app.js';
import type { CollectorEvent } from '../jobs/collector.js';
import { timedAnalysis } from '../ops/collection-metrics.js';
import type { Logger } from '../ops/logger.js';
import { metrics } from '../ops/metrics.js';
import { reportDepsFor } from '../reports/report-jobs.js';
import { reportMailerFromEnv } from '../reports/report-mailer.js';
import { storyWaitingList } from '../store/postgres/story-waiting.js';
import type { Store } from '../store/store.js';
import { type AnalyseJob, analyseStored } from './analyse-job.js';
import { retryingWrites, whileDatabaseReturns } from './database-faults.js';
import { enqueueAnalysisAfterWrites } from './enqueue-analysis.js';
import { createFleetLeases, holdLease, releaseLease } from './fleet-lease.js';
import {
  ANALYSE_QUEUE,
  BACKFILL_QUEUE,
  type BackfillJob,
  COLLECT_QUEUE,
  type CollectJob,
  enqueueAnalysis,
  enqueueCollections,
  openFleetQueue,
  queueProbe,
} from './fleet-queue.js';
import { createHostTurns, waitForHostTurn } from './host-turns.js';
import { JOBS_CHANNEL, type JobWakeups, listenForJobs } from './job-wakeups.js';
import { withPlatformLock } from './platform-lock.js';
import { startScheduledJobs } from './scheduled-jobs.js';
import { runStoryLeader } from './story-leader.js';
import { announceTagged } from './tagged-relay.js';

const DUE_LEASE = 'due-sources';
/** Report schedules and alert periods are looked for this often (they are due by the minute). */
const SCHEDULED_EVERY_MS = 5_000;

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
  /** How often the fleet looks for due sources (one worker at a time, under a lease). */
  scheduleEveryMs: number;
  /** How often an idle poller asks for jobs when no wake-up came (default 10 s). */
  pollSeconds?: number;
  /** Analysis jobs run at once by this worker (default 2). */
  analyseConcurrency?: number;
  /**
   * Analysis jobs one poller takes at once when several wait (default 3): analysed, written
   * and tagged together, in one transaction each. More makes fewer commits but leaves the
   * other pollers idle while one writes a long batch (the server-mode bench measured 8 slower
   * than 3 with two workers).
   */
  analyseBatch?: number;
  maintenanceSeconds?: number;
  signal: AbortSignal;
}

export async function runFleetWorker(options: FleetWorkerOptions): Promise<void> {
  const { app, log } = options;
  if (!('pool' in app.store)) throw new Error('nghe worker needs the PostgreSQL store');
  const pool = (app.store as unknown as { pool: pg.Pool }).pool;
  await whileDatabaseReturns(
    'create fleet tables',
    async () => {
      await createHostTurns(pool);
      await createFleetLeases(pool);
    },
    { log },
  );
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
  const wakeups = listenForJobs(options.url, boss, log);
  try {
    await work(options, pool, boss, wakeups);
  } finally {
    // After a failed start: no poller may outlive the store it writes through (after a
    // stop, already graceful, this does nothing).
    await boss.stop({ graceful: false, wait: true, timeout: 5_000 });
    await wakeups.close();
  }
}

async function work(
  options: FleetWorkerOptions,
  pool: pg.Pool,
  boss: PgBoss,
  wakeups: JobWakeups,
): Promise<void> {
  const { app, log, signal } = options;
  const stopAnnouncing = announceTagged(app.events, pool, log);
  const removeProbe = metrics().addQueueProbe(queueProbe(pool));
  const enqueue = (job: AnalyseJob) =>
    whileDatabaseReturns('enqueue analysis', () => enqueueAnalysis(boss, job), { log });
  const collectorFor = (includeUnchanged: boolean) =>
    app.createCollector(
      logCollection(log),
      (store: Store) =>
        enqueueAnalysisAfterWrites(retryingWrites(store, BATCH_WRITES, { log }), enqueue, {
          includeUnchanged,
        }),
      { storeOnly: true },
    );
  const collector = collectorFor(false);
  // A job run again (its worker died, or it failed) may find its batch stored by the earlier
  // run, which died before enqueueing its analysis: it enqueues the unchanged mentions too.
  const retryCollector = collectorFor(true);
  const analyze = timedAnalysis(metrics(), createMentionAnalyzer());
  // Analysed mentions wait for their stories, which one worker of the fleet assigns for all
  // (story-leader.ts): no worker indexes the texts another one stored.
  const stories = storyWaitingList(JOBS_CHANNEL);

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

  // Jobs waiting together are one analysis, one write and one tagging: every commit of the
  // fleet's writers recounts the same few roll-up rows (a topic's day, term, place) and holds
  // them locked to its end, so the commits, not the mentions in them, are what the workers
  // take turns at. Under a backlog a poller thus takes several jobs; alone, one.
  const analyse = async (jobs: PgBoss.JobWithMetadata<AnalyseJob>[]) => {
    const outcome = await analyseStored(
      { pool, stories, analyze },
      { mentions: jobs.flatMap((job) => job.data.mentions) },
    );
    await app.tagger.tagSaved(outcome.saved);
    return { analysed: outcome.analysed, storied: outcome.storied };
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

  /**
   * Jobs run as one. When that fails, each runs alone, and only those that fail again are
   * failed (and retried): one bad job does not take the others through its retries.
   */
  const batchHandler =
    <T>(queue: string, work: (jobs: PgBoss.JobWithMetadata<T>[]) => Promise<unknown>) =>
    async (jobs: PgBoss.JobWithMetadata<T>[]) => {
      if (jobs.length === 0) return undefined;
      const failed = (jobIds: string[], error: unknown) => {
        metrics().jobsDone.inc({ queue, outcome: 'failed' }, jobIds.length);
        log.warn('job failed; the queue retries it', { queue, jobIds, error });
      };
      try {
        const output = await work(jobs);
        metrics().jobsDone.inc({ queue, outcome: 'done' }, jobs.length);
        return output;
      } catch (error) {
        if (jobs.length === 1) {
          failed([jobs[0]!.id], error);
          throw error;
        }
      }
      for (const job of jobs) {
        try {
          await work([job]);
          metrics().jobsDone.inc({ queue, outcome: 'done' });
        } catch (error) {
          failed([job.id], error);
          // Its batch completes: this one is failed on its own (pg-boss completes only jobs
          // still active).
          await boss.fail(queue, job.id, { message: String(error) });
        }
      }
      return undefined;
    };

  const pollSeconds = options.pollSeconds ?? 10;
  /**
   * `count` pollers of `queue`, each taking up to `batchSize` jobs at once: woken by NOTIFY,
   * and again at once after each batch they ran.
   */
  const poll = async <T>(
    queue: string,
    count: number,
    run: (jobs: PgBoss.JobWithMetadata<T>[]) => Promise<unknown>,
    batchSize = 1,
  ) => {
    for (let i = 0; i < Math.max(1, count); i++) {
      let id = '';
      id = await boss.work<T>(
        queue,
        { batchSize, pollingIntervalSeconds: pollSeconds, includeMetadata: true },
        async (jobs) => {
          const output = await run(jobs);
          if (jobs.length > 0) wakeups.again(id);
          return output;
        },
      );
      wakeups.watch(queue, id);
    }
  };
  await poll<CollectJob>(COLLECT_QUEUE, options.concurrency, handler(COLLECT_QUEUE, collect));
  await poll<AnalyseJob>(
    ANALYSE_QUEUE,
    options.analyseConcurrency ?? 2,
    batchHandler(ANALYSE_QUEUE, analyse),
    Math.max(1, options.analyseBatch ?? 3),
  );
  await poll<BackfillJob>(BACKFILL_QUEUE, 1, handler(BACKFILL_QUEUE, backfill));
  // Report schedules and alert evaluation, once across the fleet.
  const scheduled = await startScheduledJobs({
    boss,
    reports: reportDepsFor(app.store),
    mailer: reportMailerFromEnv(process.env),
    alerts: app.alerts,
    log,
    leaseSeconds: options.leaseSeconds,
    pollingIntervalSeconds: pollSeconds,
    wakeups,
  });
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const storyLeader = runStoryLeader({
    pool,
    log,
    holder,
    wakeups,
    signal,
    pollMs: pollSeconds * 1000,
    // A dead holder's waiting mentions wait no longer than its jobs would.
    leaseMs: Math.min(30_000, options.leaseSeconds * 1000),
  });
  log.info('worker started', {
    concurrency: options.concurrency,
    leaseSeconds: options.leaseSeconds,
  });

  // One worker at a time looks for due sources and scheduled jobs; the others try for the
  // lease now and then, and one of them takes it within a lease of its holder's death.
  const leaseMs = Math.max(4 * options.scheduleEveryMs, 2_000);
  let heldUntil = 0;
  const enqueued = new Map<number, { due: string; at: number }>();
  let scheduledAt = 0;
  while (!signal.aborted) {
    let held = false;
    try {
      // Renewed when a third of it is left: not a write per look.
      if (Date.now() < heldUntil - leaseMs / 3) held = true;
      else {
        const asked = Date.now();
        held = await holdLease(pool, DUE_LEASE, holder, leaseMs);
        // Taken anew: what another holder enqueued is unknown here (the queue dedupes it).
        if (held && heldUntil === 0) enqueued.clear();
        heldUntil = held ? asked + leaseMs : 0;
      }
      if (held) {
        const due = await app.store.listSources({
          dueBefore: new Date().toISOString(),
          limit: 1000,
        });
        // A source still due at the moment it was enqueued for has its job waiting or running:
        // it is not enqueued (nor the pollers woken) again until its lease could have expired.
        const now = Date.now();
        const fresh = due.filter((s) => {
          const asked = enqueued.get(s.id);
          return (
            s.enabled &&
            (asked === undefined ||
              asked.due !== s.schedule.nextFetchAt ||
              now - asked.at > options.leaseSeconds * 1000)
          );
        });
        await enqueueCollections(
          boss,
          fresh.map((s) => s.id),
        );
        if (enqueued.size > 10_000) enqueued.clear();
        for (const s of fresh) enqueued.set(s.id, { due: s.schedule.nextFetchAt, at: now });
        if (Date.now() - scheduledAt >= SCHEDULED_EVERY_MS) {
          scheduledAt = Date.now();
          await scheduled.enqueueDue();
        }
      }
    } catch (error) {
      log.warn('cannot enqueue due sources; trying again', { error });
    }
    await sleep(held ? options.scheduleEveryMs : leaseMs / 2, signal);
  }

  log.info('worker stopping: finishing the jobs it holds');
  await boss.stop({ graceful: true, wait: true, timeout: 60_000 });
  await releaseLease(pool, DUE_LEASE, holder).catch(() => {});
  await storyLeader;
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
