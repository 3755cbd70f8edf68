// The wiring of reports over a store of either kind: report and issue stores on its connection
// (PostgreSQL in server mode, else its SQLite file), the figures and sources it serves, the
// mailer from the environment, and the scheduler.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { smallGroupRuleFor } from '../privacy/small-group-rule-for.js';
import type { ListeningStore } from '../store/listening-store.js';
import { postgresIssueStore } from '../store/postgres/issue-store.js';
import { openIssueStore } from '../store/sqlite/issue-store.js';
import type { Store } from '../store/store.js';
import { type ReportMailer, reportMailerFromEnv } from './report-mailer.js';
import { ReportScheduler } from './report-scheduler.js';
import { reportStoreFor } from './report-store-for.js';
import type { IssueStore } from './report-types.js';
import type { WeeklyDeps } from './weekly/weekly-report.js';

const issueStores = new WeakMap<object, IssueStore>();

/** Null for a store without a SQLite connection (no reports there). */
export function reportDepsFor(
  store: Store & ListeningStore,
  now: () => Date = () => new Date(),
): WeeklyDeps | null {
  const reports = reportStoreFor(store);
  const { db, pool, ready } = store as {
    db?: Database.Database;
    pool?: pg.Pool;
    ready?: Promise<void>;
  };
  const key = pool ?? db;
  if (!reports || !key) return null;
  let issues = issueStores.get(key);
  if (!issues) {
    issues = pool ? postgresIssueStore(pool, ready) : openIssueStore(db!);
    issueStores.set(key, issues);
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
