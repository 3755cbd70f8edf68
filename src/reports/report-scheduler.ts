// Runs report configurations when they are due (by default Monday 07:00 Asia/Ho_Chi_Minh):
// generates, archives and mails each, then moves its next run to the next scheduled time after
// now, so runs missed while nghe was down are made up once, not once per missed week.
// A run is for a slot, the configuration's next run time when it fell due: the archive keeps
// one report per slot, so processes (or fleet workers, src/fleet/report-queue.ts) that run the
// same slot at once, or a run retried after a failure, archive and mail it once.
import type { ReportMailer } from './report-mailer.js';
import { archiveEntry, generateFromConfig, mailReport } from './report-service.js';
import type { ArchivedReportSummary, ReportConfig } from './report-types.js';
import type { WeeklyDeps } from './weekly/weekly-report.js';
import { nextWeeklyRun } from './zoned-time.js';

export const REPORT_CHECK_MS = 60_000;

export interface SchedulerRun {
  configId: number;
  report: ArchivedReportSummary | null;
  error: string | null;
  /** The slot had its report already (another process made it): nothing was generated. */
  skipped?: boolean;
}

/**
 * Generates, archives and mails the report of `config`'s slot (its nextRunAt as read when it
 * was due) unless the slot has one, and moves the configuration past the slot. A failure is
 * recorded and the slot moved past when `final`; otherwise it is thrown, for a retry.
 */
export async function runScheduledReport(
  deps: WeeklyDeps,
  mailer: ReportMailer | null,
  config: ReportConfig,
  options: { final: boolean } = { final: true },
): Promise<SchedulerRun> {
  const slot = config.nextRunAt;
  const ranAt = deps.now();
  const next = nextWeeklyRun(ranAt, config.schedule).toISOString();
  const done = await deps.reports.scheduledReport(config.id, slot);
  if (done) {
    await deps.reports.recordRun(config.id, ranAt.toISOString(), next, null, slot);
    return { configId: config.id, report: done, error: null, skipped: true };
  }
  try {
    const report = await generateFromConfig(deps, config);
    const archived = await deps.reports.archiveScheduled(
      { ...archiveEntry(report, config.id), configId: config.id },
      slot,
    );
    if (!archived) {
      return {
        configId: config.id,
        report: await deps.reports.scheduledReport(config.id, slot),
        error: null,
        skipped: true,
      };
    }
    const mailError = await mailReport(deps, mailer, archived, report, config.recipients);
    await deps.reports.recordRun(config.id, ranAt.toISOString(), next, mailError, slot);
    return { configId: config.id, report: archived, error: mailError };
  } catch (error) {
    if (!options.final) throw error;
    const message = (error as Error).message.split('\n')[0]!;
    await deps.reports.recordRun(config.id, ranAt.toISOString(), next, message, slot);
    return { configId: config.id, report: null, error: message };
  }
}

export class ReportScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SchedulerRun[]> | null = null;

  constructor(
    private readonly deps: WeeklyDeps,
    private readonly mailer: ReportMailer | null,
  ) {}

  /** Runs what is due now; concurrent calls share one round. */
  runDue(): Promise<SchedulerRun[]> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(): Promise<SchedulerRun[]> {
    const runs: SchedulerRun[] = [];
    for (const config of await this.deps.reports.dueConfigs(this.deps.now().toISOString())) {
      runs.push(await runScheduledReport(this.deps, this.mailer, config));
    }
    return runs;
  }

  start(intervalMs = REPORT_CHECK_MS): void {
    this.stop();
    this.timer = setInterval(() => {
      this.runDue().catch((error: Error) => console.error(`reports: ${error.message}`));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }
}
