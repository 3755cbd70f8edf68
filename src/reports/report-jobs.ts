// The wiring of reports over one SQLite store: report and issue stores on its connection, the
// figures and sources it serves, the mailer from the environment, and the scheduler.
import type Database from 'better-sqlite3';
import { smallGroupRuleFor } from '../privacy/small-group-rule-for.js';
import type { ListeningStore } from '../store/listening-store.js';
import { openIssueStore } from '../store/sqlite/issue-store.js';
import type { Store } from '../store/store.js';
import { type ReportMailer, reportMailerFromEnv } from './report-mailer.js';
import { ReportScheduler } from './report-scheduler.js';
import { reportStoreFor } from './report-store-for.js';
import type { WeeklyDeps } from './weekly/weekly-report.js';

const issueStores = new WeakMap<Database.Database, ReturnType<typeof openIssueStore>>();

/** Null for a store without a SQLite connection (no reports there). */
export function reportDepsFor(
  store: Store & ListeningStore,
  now: () => Date = () => new Date(),
): WeeklyDeps | null {
  const reports = reportStoreFor(store);
  const db = (store as { db?: Database.Database }).db;
  if (!reports || !db) return null;
  let issues = issueStores.get(db);
  if (!issues) {
    issues = openIssueStore(db);
    issueStores.set(db, issues);
  }
  return {
    figures: store,
    listSources: () => store.listSources(),
    getMention: (id) => store.getMention(id),
    reports,
    issues,
    now,
    smallGroups: smallGroupRuleFor(store),
  };
}

export interface ReportJobs {
  scheduler: ReportScheduler | null;
  stop(): Promise<void>;
}

export function startReportJobs(options: {
  store: Store & ListeningStore;
  env?: NodeJS.ProcessEnv;
  mailer?: ReportMailer | null;
  now?: () => Date;
  timers?: boolean;
}): ReportJobs {
  const deps = reportDepsFor(options.store, options.now);
  if (!deps) return { scheduler: null, stop: async () => undefined };
  const mailer =
    options.mailer === undefined ? reportMailerFromEnv(options.env ?? process.env) : options.mailer;
  const scheduler = new ReportScheduler(deps, mailer);
  if (options.timers !== false) scheduler.start();
  return {
    scheduler,
    async stop() {
      scheduler.stop();
      await scheduler.idle();
    },
  };
}
