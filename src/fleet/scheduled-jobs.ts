// Scheduled work of the fleet as queue jobs: report schedules and alert evaluation. Every
// worker looks for what is due and enqueues it; the queue keeps one job per key (a report
// configuration's slot, a spike-evaluation period), a job is leased to one worker, retried with
// backoff when it fails and released to another worker when its holder dies. The report store
// archives one report per slot whatever happens (src/reports/report-scheduler.ts), so a slot
// enqueued twice, or run again after a worker died between archiving and acknowledging,
// neither generates a second report nor mails twice.
import type PgBoss from 'pg-boss';
import type { AlertJobs } from '../alerts/alert-jobs.js';
import type { Logger } from '../ops/logger.js';
import { metrics } from '../ops/metrics.js';
import type { ReportMailer } from '../reports/report-mailer.js';
import { runScheduledReport, type SchedulerRun } from '../reports/report-scheduler.js';
import type { WeeklyDeps } from '../reports/weekly/weekly-report.js';
import { retryDeadlocks } from '../store/postgres/connection.js';
import { wake } from './fleet-queue.js';
import type { JobWakeups } from './job-wakeups.js';

/** One job per report configuration and schedule slot. */
export const REPORT_QUEUE = 'report';
/** One job per spike-evaluation period: spike rules judged and due deliveries sent. */
export const ALERT_QUEUE = 'alerts';

export interface ReportJob {
  configId: number;
  /** The configuration's nextRunAt when it fell due. */
  slot: string;
}

export interface AlertJob {
  /** Start of the period, ISO 8601. */
  period: string;
}

export interface ScheduledJobsOptions {
  boss: PgBoss;
  /** Reports' dependencies (null: no reports here). */
  reports: WeeklyDeps | null;
  mailer: ReportMailer | null;
  /** Alert evaluation and delivery (null: none here). */
  alerts: Pick<AlertJobs, 'service' | 'deliverer'> | null;
  log: Logger;
  /** How long a job stays leased to a worker that neither finishes nor fails it. */
  leaseSeconds: number;
  retryLimit?: number;
  /** First retry delay; each later one doubles it (pg-boss's backoff). */
  retryDelaySeconds?: number;
  /** Spike rules are judged once per period of this length, across the fleet. */
  alertPeriodMs?: number;
  pollingIntervalSeconds?: number;
  /** Wakes this worker's pollers when jobs are enqueued (job-wakeups.ts). */
  wakeups?: JobWakeups;
  now?: () => Date;
}

export interface ScheduledJobs {
  /** Enqueues the reports and the alert period due now (every worker calls it; keys dedupe). */
  enqueueDue(): Promise<void>;
  /** Report runs this worker finished, for tests and logs. */
  readonly runs: SchedulerRun[];
}

export const DEFAULT_ALERT_PERIOD_MS = 5 * 60_000;
/** How long a period's key stays taken (pg-boss's throttle slot, at most its archive interval). */
const ALERT_KEY_SECONDS = 12 * 3_600;

export async function startScheduledJobs(options: ScheduledJobsOptions): Promise<ScheduledJobs> {
  const { boss, log } = options;
  const now = options.now ?? (() => new Date());
  const retryLimit = options.retryLimit ?? 5;
  const queue = {
    policy: 'stately' as const,
    retryLimit,
    retryDelay: options.retryDelaySeconds ?? 30,
    retryBackoff: true,
    expireInSeconds: options.leaseSeconds,
  };
  // Workers starting together may deadlock creating the same queue: created again then.
  await retryDeadlocks(() => boss.createQueue(REPORT_QUEUE, { name: REPORT_QUEUE, ...queue }));
  await retryDeadlocks(() => boss.createQueue(ALERT_QUEUE, { name: ALERT_QUEUE, ...queue }));
  const runs: SchedulerRun[] = [];
  const polling = { batchSize: 1, includeMetadata: true as const };
  const every = options.pollingIntervalSeconds ?? 2;
  const alertPeriod = options.alertPeriodMs ?? DEFAULT_ALERT_PERIOD_MS;

  const counted = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    try {
      const output = await work();
      metrics().jobsDone.inc({ queue: name, outcome: 'done' });
      return output;
    } catch (error) {
      metrics().jobsDone.inc({ queue: name, outcome: 'failed' });
      throw error;
    }
  };

  const deps = options.reports;
  if (deps) {
    const id = await boss.work<ReportJob>(
      REPORT_QUEUE,
      { ...polling, pollingIntervalSeconds: every },
      async ([job]) => {
        if (!job) return undefined;
        return counted(REPORT_QUEUE, async () => {
          const config = await deps.reports.getConfig(job.data.configId);
          // Gone, paused, or moved past this slot by another worker since it was enqueued.
          if (!config?.enabled || config.nextRunAt !== job.data.slot) return { skipped: true };
          const final = job.retryCount >= retryLimit;
          try {
            const run = await runScheduledReport(deps, options.mailer, config, { final });
            runs.push(run);
            log.info('report run', { ...job.data, report: run.report?.id, skipped: run.skipped });
            return { report: run.report?.id ?? null, skipped: run.skipped ?? false };
          } catch (error) {
            log.warn('report failed; the queue retries it', { ...job.data, error });
            throw error;
          }
        });
      },
    );
    options.wakeups?.watch(REPORT_QUEUE, id);
  }
  const alerts = options.alerts;
  if (alerts) {
    const id = await boss.work<AlertJob>(
      ALERT_QUEUE,
      { ...polling, pollingIntervalSeconds: every },
      async ([job]) => {
        if (!job) return undefined;
        return counted(ALERT_QUEUE, async () => {
          const fired = await alerts.service.evaluateSpikes();
          const delivered = await alerts.deliverer.runDue();
          return { fired: fired.length, ...delivered };
        });
      },
    );
    options.wakeups?.watch(ALERT_QUEUE, id);
  }
  let alertPeriodAsked: string | null = null;

  return {
    runs,
    async enqueueDue() {
      const at = now();
      if (deps) {
        for (const config of await deps.reports.dueConfigs(at.toISOString())) {
          const data: ReportJob = { configId: config.id, slot: config.nextRunAt };
          const sent = await boss.send(REPORT_QUEUE, data, {
            singletonKey: `report:${config.id}:${config.nextRunAt}`,
          });
          if (sent !== null) await wake(boss, REPORT_QUEUE);
        }
      }
      if (alerts) {
        const period = new Date(Math.floor(at.getTime() / alertPeriod) * alertPeriod).toISOString();
        // One job per period however many workers ask, finished ones included: the key names
        // the period and the queue keeps a key once within a throttle slot (12 hours, pg-boss's
        // most). A period straddling two slots may be judged twice: alerts stay once per window.
        // Asked once per period by this worker; the key keeps it once across the fleet.
        if (period !== alertPeriodAsked) {
          const sent = await boss.send(ALERT_QUEUE, { period } satisfies AlertJob, {
            singletonKey: `alerts:${period}`,
            singletonSeconds: ALERT_KEY_SECONDS,
          });
          alertPeriodAsked = period;
          if (sent !== null) await wake(boss, ALERT_QUEUE);
        }
      }
    },
  };
}
