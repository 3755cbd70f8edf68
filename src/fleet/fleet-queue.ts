// The fleet's job queue: pg-boss in its own schema of the store's database. Jobs are leased
// with FOR UPDATE SKIP LOCKED; a failed job is retried with exponential backoff; a job whose
// worker died stays leased until its expiry, then is retried by another worker.

import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from '../ops/logger.js';
import type { QueueFigure } from '../ops/metrics.js';
import { retryDeadlocks } from '../store/postgres/connection.js';
import type { AnalyseJob } from './analyse-job.js';
import { JOBS_CHANNEL } from './job-wakeups.js';

export const QUEUE_SCHEMA = 'nghe_queue';
/** One job per due source: fetch and store; what it stored is analysed by an `analyse` job. */
export const COLLECT_QUEUE = 'collect';
/** One job per stored batch: analysis, places, sectors and stories in one transaction, then tags. */
export const ANALYSE_QUEUE = 'analyse';
/** One job per topic back-fill asked for through the API. */
export const BACKFILL_QUEUE = 'backfill';

export interface CollectJob {
  sourceId: number;
}

export interface BackfillJob {
  topicId: number;
  reset: boolean;
}

export interface FleetQueueOptions {
  /** How long a job stays leased to a worker that neither finishes nor fails it. */
  leaseSeconds: number;
  /** How often expired leases are looked for (pg-boss maintenance). */
  maintenanceSeconds?: number;
  retryLimit?: number;
  /** Whether this process also releases expired leases and archives (workers do; the API tier need not). */
  supervise?: boolean;
  log: Logger;
}

export async function openFleetQueue(url: string, options: FleetQueueOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    max: 4,
    application_name: 'nghe-queue',
    maintenanceIntervalSeconds: options.maintenanceSeconds ?? 30,
    monitorStateIntervalSeconds: 60,
    supervise: options.supervise ?? true,
    schedule: false,
  });
  boss.on('error', (error) => options.log.warn('queue error', { error }));
  await boss.start();
  const retries = {
    retryLimit: options.retryLimit ?? 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: options.leaseSeconds,
  };
  // `stately`: per singleton key (the source, the topic) at most one job waiting and one
  // running, so workers that enqueue the same due source at once add it once.
  try {
    // Workers starting together create the same queues (each one's table): PostgreSQL may
    // abort one of them as a deadlock, and it is created again (it exists then, unchanged).
    await retryDeadlocks(() =>
      boss.createQueue(COLLECT_QUEUE, { name: COLLECT_QUEUE, policy: 'stately', ...retries }),
    );
    await retryDeadlocks(() =>
      boss.createQueue(BACKFILL_QUEUE, { name: BACKFILL_QUEUE, policy: 'stately', ...retries }),
    );
    await retryDeadlocks(() =>
      boss.createQueue(ANALYSE_QUEUE, { name: ANALYSE_QUEUE, policy: 'standard', ...retries }),
    );
  } catch (error) {
    await boss.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => {});
    throw error;
  }
  return boss;
}

/** Adds a collection job for each source (none for a source that already has one waiting). */
export async function enqueueCollections(
  boss: PgBoss,
  sourceIds: readonly number[],
): Promise<void> {
  if (sourceIds.length === 0) return;
  await boss.insert(
    sourceIds.map((sourceId) => ({
      name: COLLECT_QUEUE,
      data: { sourceId } satisfies CollectJob,
      singletonKey: `source:${sourceId}`,
    })),
  );
  await wake(boss, COLLECT_QUEUE);
}

/** Wakes the workers listening for jobs of `queue` (job-wakeups.ts). */
export async function wake(boss: PgBoss, queue: string): Promise<void> {
  await boss.getDb().executeSql('SELECT pg_notify($1, $2)', [JOBS_CHANNEL, queue]);
}

export async function enqueueAnalysis(boss: PgBoss, job: AnalyseJob): Promise<void> {
  await boss.send(ANALYSE_QUEUE, job);
  await wake(boss, ANALYSE_QUEUE);
}

export async function enqueueBackfill(boss: PgBoss, job: BackfillJob): Promise<void> {
  await boss.send(BACKFILL_QUEUE, job, { singletonKey: `topic:${job.topicId}` });
  await wake(boss, BACKFILL_QUEUE);
}

/**
 * Waiting jobs and the age of the oldest, for /metrics, per queue created in the fleet's schema
 * (here and in scheduled-jobs.ts): the queues are read from pg-boss's own list, so a queue
 * created anywhere is reported, with depth 0 while nothing waits, without being named here.
 */
export function queueProbe(pool: Pick<pg.Pool, 'query'>) {
  return async (): Promise<QueueFigure[]> => {
    const { rows } = await pool.query<{ name: string; depth: number; age: number | null }>(
      `SELECT q.name, count(j.id)::int AS depth,
              extract(epoch FROM now() - min(j.created_on))::float8 AS age
         FROM ${QUEUE_SCHEMA}.queue AS q
         LEFT JOIN ${QUEUE_SCHEMA}.job AS j ON j.name = q.name AND j.state IN ('created', 'retry')
        GROUP BY q.name ORDER BY q.name`,
    );
    return rows.map((r) => ({
      queue: r.name,
      depth: r.depth,
      oldestAgeSeconds: Math.max(0, r.age ?? 0),
    }));
  };
}
