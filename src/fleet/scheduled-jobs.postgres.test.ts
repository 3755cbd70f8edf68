// Scheduled work as queue jobs on PostgreSQL with two workers: each slot of a report schedule
// is generated, archived and mailed once, a failed run is retried with backoff, and the next
// slot is another report; spike rules are judged once per period.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type PgBoss from 'pg-boss';
import { expect, it } from 'vitest';
import type { AlertJobs } from '../alerts/alert-jobs.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../ops/logger.js';
import { reportDepsFor } from '../reports/report-jobs.js';
import type { ReportMail } from '../reports/report-mailer.js';
import { type OpenedStore, openStore } from '../store/open-store.js';
import { describePostgres } from '../store/postgres/test-database.js';
import { openFleetQueue } from './fleet-queue.js';
import { type ScheduledJobs, startScheduledJobs } from './scheduled-jobs.js';
import { createQueueTestDatabase } from './test-support/queue-database.js';

const quiet = createLogger({ level: 'error' });

async function until(check: () => Promise<boolean>, ms = 45_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describePostgres('scheduled reports in the worker fleet', () => {
  it('generates each schedule slot once across two workers, retrying a failed run', async () => {
    const database = await createQueueTestDatabase('nghe_sched');
    const dirs: string[] = [];
    const stores: OpenedStore[] = [];
    const bosses: PgBoss[] = [];
    let clock = new Date('2025-09-08T00:00:30Z');
    const mails: ReportMail[] = [];
    let generations = 0;
    let failures = 1;
    try {
      const workers: ScheduledJobs[] = [];
      for (let i = 0; i < 2; i++) {
        const dir = mkdtempSync(join(tmpdir(), `nghe-sched-${i}-`));
        dirs.push(dir);
        const config = loadConfig({ NGHE_DATA_DIR: dir, NGHE_DATABASE_URL: database.url }, dir);
        const store = openStore(config);
        stores.push(store);
        await (store as { ready?: Promise<void> }).ready;
        const deps = reportDepsFor(store, () => clock)!;
        // Every generation reads the sources once; the first one fails.
        const listSources = deps.listSources;
        deps.listSources = async () => {
          generations++;
          if (failures-- > 0) throw new Error('database went away');
          return listSources();
        };
        const boss = await openFleetQueue(database.url, { leaseSeconds: 60, log: quiet });
        bosses.push(boss);
        workers.push(
          await startScheduledJobs({
            boss,
            reports: deps,
            mailer: { send: async (mail) => void mails.push(mail) },
            alerts: null,
            log: quiet,
            leaseSeconds: 60,
            retryDelaySeconds: 1,
            pollingIntervalSeconds: 0.5,
            now: () => clock,
          }),
        );
      }
      const reports = reportDepsFor(stores[0]!)!.reports;
      const config = await reports.createConfig(
        {
          name: 'TP.HCM hằng tuần',
          kind: 'weekly',
          area: { level: 'province', place: 'TP.HCM' },
          recipients: ['ubnd@hcm.example'],
        },
        '2025-09-08T00:00:00.000Z',
      );
      // Both workers look for due work, several times, as their loops do.
      const enqueueRounds = async (rounds: number) => {
        for (let round = 0; round < rounds; round++) {
          await Promise.all(workers.map((w) => w.enqueueDue()));
          await new Promise((r) => setTimeout(r, 300));
        }
      };
      await enqueueRounds(3);
      await until(
        async () => (await reports.getConfig(config.id))?.nextRunAt === '2025-09-15T00:00:00.000Z',
      );
      await enqueueRounds(3);
      const firstWeek = await reports.listReports({ configId: config.id });
      expect(firstWeek).toHaveLength(1);
      expect(firstWeek[0]!.mailedTo).toEqual(['ubnd@hcm.example']);
      expect(mails).toHaveLength(1);
      // One failed run, retried once: one generation that produced the report.
      expect(generations).toBe(2);
      expect((await reports.getConfig(config.id))?.lastError).toBeNull();

      // The next week's slot is another report, again once.
      clock = new Date('2025-09-15T00:01:00Z');
      await enqueueRounds(3);
      await until(
        async () => (await reports.getConfig(config.id))?.nextRunAt === '2025-09-22T00:00:00.000Z',
      );
      await enqueueRounds(2);
      expect(await reports.listReports({ configId: config.id })).toHaveLength(2);
      expect(mails).toHaveLength(2);
      expect(generations).toBe(3);
      const weeks = workers.flatMap((w) => w.runs.filter((r) => !r.skipped)).length;
      expect(weeks).toBe(2);
    } finally {
      for (const boss of bosses) await boss.stop({ graceful: false, wait: true, timeout: 5_000 });
      for (const store of stores) await store.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      await database.drop();
    }
  });

  it('judges spike rules once per period across two workers', async () => {
    const database = await createQueueTestDatabase('nghe_sched');
    const bosses: PgBoss[] = [];
    let clock = new Date('2026-12-02T10:01:00Z');
    let evaluations = 0;
    let rounds = 0;
    try {
      const workers: ScheduledJobs[] = [];
      for (let i = 0; i < 2; i++) {
        const boss = await openFleetQueue(database.url, { leaseSeconds: 60, log: quiet });
        bosses.push(boss);
        workers.push(
          await startScheduledJobs({
            boss,
            reports: null,
            mailer: null,
            alerts: {
              service: {
                evaluateSpikes: async () => {
                  evaluations++;
                  return [];
                },
              } as unknown as AlertJobs['service'],
              deliverer: {
                runDue: async () => {
                  rounds++;
                  return { sent: 0, retrying: 0, failed: 0 };
                },
              } as unknown as AlertJobs['deliverer'],
            },
            log: quiet,
            leaseSeconds: 60,
            alertPeriodMs: 5 * 60_000,
            pollingIntervalSeconds: 0.5,
            now: () => clock,
          }),
        );
      }
      const enqueue = async (times: number) => {
        for (let i = 0; i < times; i++) {
          await Promise.all(workers.map((w) => w.enqueueDue()));
          await new Promise((r) => setTimeout(r, 300));
        }
      };
      await enqueue(4);
      await until(async () => evaluations >= 1);
      await enqueue(3);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(evaluations).toBe(1);
      expect(rounds).toBe(1);
      // The next period: once more.
      clock = new Date('2026-12-02T10:06:00Z');
      await enqueue(4);
      await until(async () => evaluations >= 2);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(evaluations).toBe(2);
    } finally {
      for (const boss of bosses) await boss.stop({ graceful: false, wait: true, timeout: 5_000 });
      await database.drop();
    }
  });
});
