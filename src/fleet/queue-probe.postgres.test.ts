// /metrics reports the depth and age of every queue of the fleet: the ones opened with the
// queue, the scheduled reports and alert checks, and a queue created later, with no list of
// queue names to extend.
import pg from 'pg';
import type PgBoss from 'pg-boss';
import { expect, it } from 'vitest';
import { createLogger } from '../ops/logger.js';
import { Metrics } from '../ops/metrics.js';
import { describePostgres } from '../store/postgres/test-database.js';
import {
  ANALYSE_QUEUE,
  BACKFILL_QUEUE,
  COLLECT_QUEUE,
  openFleetQueue,
  queueProbe,
} from './fleet-queue.js';
import { ALERT_QUEUE, REPORT_QUEUE, startScheduledJobs } from './scheduled-jobs.js';
import { createQueueTestDatabase } from './test-support/queue-database.js';

const quiet = createLogger({ level: 'error' });

describePostgres('queue figures for /metrics', () => {
  it('reports every queue created, the scheduled ones and one added later included', async () => {
    const database = await createQueueTestDatabase('nghe_probe');
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    let boss: PgBoss | undefined;
    try {
      boss = await openFleetQueue(database.url, { leaseSeconds: 60, log: quiet, supervise: false });
      // Creates the report and alert queues; no worker of either runs here.
      await startScheduledJobs({
        boss,
        reports: null,
        mailer: null,
        alerts: null,
        log: quiet,
        leaseSeconds: 60,
      });
      const probe = queueProbe(pool);
      const initial = await probe();
      expect(initial.map((f) => f.queue).sort()).toEqual(
        [ALERT_QUEUE, ANALYSE_QUEUE, BACKFILL_QUEUE, COLLECT_QUEUE, REPORT_QUEUE].sort(),
      );
      for (const f of initial) expect(f).toMatchObject({ depth: 0, oldestAgeSeconds: 0 });

      await boss.send(REPORT_QUEUE, { configId: 1, slot: '2025-09-08T00:00:00Z' });
      await boss.send(ALERT_QUEUE, { period: '2025-09-08T00:00:00Z' });
      await boss.send(ALERT_QUEUE, { period: '2025-09-08T00:05:00Z' }, { singletonKey: 'b' });
      // A queue this code does not name shows up too.
      await boss.createQueue('later', { name: 'later' });
      await boss.send('later', {});
      // Jobs waited a while: their age is measured from their creation.
      await pool.query(
        `UPDATE nghe_queue.job SET created_on = now() - interval '90 seconds' WHERE name = $1`,
        [ALERT_QUEUE],
      );
      const figures = new Map((await probe()).map((f) => [f.queue, f]));
      expect(figures.get(REPORT_QUEUE)?.depth).toBe(1);
      expect(figures.get(ALERT_QUEUE)?.depth).toBe(2);
      expect(figures.get(ALERT_QUEUE)?.oldestAgeSeconds).toBeGreaterThanOrEqual(90);
      expect(figures.get('later')?.depth).toBe(1);
      expect(figures.get(COLLECT_QUEUE)?.depth).toBe(0);

      const metrics = new Metrics();
      metrics.addQueueProbe(probe);
      const { body } = await metrics.exposition();
      expect(body).toContain(`nghe_queue_depth{queue="${REPORT_QUEUE}"} 1`);
      expect(body).toContain(`nghe_queue_depth{queue="${ALERT_QUEUE}"} 2`);
      expect(body).toContain('nghe_queue_depth{queue="later"} 1');
      expect(body).toMatch(
        new RegExp(`nghe_queue_oldest_age_seconds\\{queue="${ALERT_QUEUE}"\\} (9\\d|1\\d\\d)`),
      );
    } finally {
      await boss?.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => {});
      await pool.end();
      await database.drop();
    }
  });
});
