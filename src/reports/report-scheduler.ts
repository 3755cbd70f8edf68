// Runs report configurations when they are due (by default Monday 07:00 Asia/Ho_Chi_Minh):
// generates, archives and mails each, then moves its next run to the next scheduled time after
// now, so runs missed while nghe was down are made up once, not once per missed week.
import type { ReportMailer } from './report-mailer.js';
import { archive, generateFromConfig, mailReport } from './report-service.js';
import type { ArchivedReportSummary } from './report-types.js';
import type { WeeklyDeps } from './weekly/weekly-report.js';
import { nextWeeklyRun } from './zoned-time.js';

export const REPORT_CHECK_MS = 60_000;

export interface SchedulerRun {
  configId: number;
  report: ArchivedReportSummary | null;
  error: string | null;
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
    for (const config of this.deps.reports.dueConfigs(this.deps.now().toISOString())) {
      const ranAt = this.deps.now();
      const next = nextWeeklyRun(ranAt, config.schedule).toISOString();
      try {
        const report = await generateFromConfig(this.deps, config);
        const archived = archive(this.deps, report, config.id);
        const mailError = await mailReport(
          this.deps,
          this.mailer,
          archived,
          report,
          config.recipients,
        );
        this.deps.reports.recordRun(config.id, ranAt.toISOString(), next, mailError);
        runs.push({ configId: config.id, report: archived, error: mailError });
      } catch (error) {
        const message = (error as Error).message.split('\n')[0]!;
        this.deps.reports.recordRun(config.id, ranAt.toISOString(), next, message);
        runs.push({ configId: config.id, report: null, error: message });
      }
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
