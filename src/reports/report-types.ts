// What reports keep: policies (a query promulgated on a date, assessed before and after),
// report configurations (what to generate, for which area, when and for whom) and the archive
// of generated reports. The store behind them is src/store/sqlite/report-store.ts.

/** A policy whose public reception is assessed. */
export interface Policy {
  id: number;
  name: string;
  /** In the query language of src/query. */
  query: string;
  /** The day it was promulgated, YYYY-MM-DD (local, Asia/Ho_Chi_Minh unless the config says). */
  promulgatedOn: string;
  /** Place names or codes the policy concerns (empty: anywhere). */
  places: string[];
  /** Sector ids of src/analysis/sectors (empty: any). */
  sectors: string[];
  /** The organisational unit that owns it, once units exist; null until then. */
  unitId: number | null;
  /** The standing query (topic) that tags its mentions as they arrive. */
  topicId: number | null;
  /** Days in each window before and after the promulgation day. */
  daysBefore: number;
  daysAfter: number;
  createdAt: string;
}

export interface NewPolicy {
  name: string;
  query: string;
  promulgatedOn: string;
  places?: string[];
  sectors?: string[];
  unitId?: number | null;
  daysBefore?: number;
  daysAfter?: number;
}

export const DEFAULT_POLICY_WINDOW_DAYS = 14;

/** The area a weekly report covers: a province, a ward, or a department's sectors. */
export interface ReportArea {
  level: 'province' | 'ward' | 'sectors';
  /** Province or ward name (or code) as the gazetteer knows it; for 'sectors', optional. */
  place?: string;
  sectors?: string[];
}

export type ReportKind = 'weekly' | 'policy';

/** Weekly schedule in a time zone: default Monday 07:00 Asia/Ho_Chi_Minh. */
export interface WeeklySchedule {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** HH:MM, 24 hours. */
  time: string;
  timeZone: string;
}

export const DEFAULT_SCHEDULE: WeeklySchedule = {
  weekday: 1,
  time: '07:00',
  timeZone: 'Asia/Ho_Chi_Minh',
};

export interface ReportConfig {
  id: number;
  name: string;
  kind: ReportKind;
  unitId: number | null;
  /** For 'weekly'. */
  area: ReportArea | null;
  /** For 'policy'. */
  policyId: number | null;
  schedule: WeeklySchedule;
  recipients: string[];
  enabled: boolean;
  /** ISO 8601 UTC of the next scheduled run. */
  nextRunAt: string;
  lastRunAt: string | null;
  lastError: string | null;
  createdAt: string;
}

export interface NewReportConfig {
  name: string;
  kind: ReportKind;
  unitId?: number | null;
  area?: ReportArea | null;
  policyId?: number | null;
  schedule?: Partial<WeeklySchedule>;
  recipients?: string[];
  enabled?: boolean;
}

export interface ArchivedReportSummary {
  id: number;
  configId: number | null;
  kind: ReportKind;
  title: string;
  /** ISO 8601 UTC, from inclusive, to exclusive. */
  periodFrom: string;
  periodTo: string;
  generatedAt: string;
  hasPdf: boolean;
  /** Recipients the PDF was mailed to, and the last mailing error. */
  mailedTo: string[];
  mailError: string | null;
}

export interface ArchivedReport extends ArchivedReportSummary {
  /** The report as the API serves it (WeeklyReport or PolicyAssessment). */
  body: unknown;
}

export interface NewArchivedReport {
  configId: number | null;
  kind: ReportKind;
  title: string;
  periodFrom: string;
  periodTo: string;
  generatedAt: string;
  body: unknown;
  pdf: Buffer | null;
}

/** Mentions first seen by one source in a window, per hour (for coverage and gaps). */
export interface SourceActivity {
  sourceId: number;
  /** Hour starts (ISO 8601 UTC) with at least one new mention, and how many. */
  hours: { hour: string; count: number }[];
}

/**
 * Where policies, configurations and the archive are kept: the SQLite file
 * (src/store/sqlite/report-store.ts) or PostgreSQL in server mode
 * (src/store/postgres/report-store.ts), the same cases for both
 * (src/store/report-store.conformance.ts).
 */
export interface ReportStore {
  createPolicy(policy: NewPolicy & { topicId: number | null }): Promise<Policy>;
  getPolicy(id: number): Promise<Policy | null>;
  listPolicies(): Promise<Policy[]>;
  deletePolicy(id: number): Promise<boolean>;

  createConfig(config: NewReportConfig, nextRunAt: string): Promise<ReportConfig>;
  getConfig(id: number): Promise<ReportConfig | null>;
  listConfigs(): Promise<ReportConfig[]>;
  deleteConfig(id: number): Promise<boolean>;
  /** Enabled configurations whose next run is at or before `now`. */
  dueConfigs(now: string): Promise<ReportConfig[]>;
  /**
   * Records a run and moves the next one. With `slot`, only while the next run is still that
   * slot (a run of a slot another process already moved past records nothing); whether it did.
   */
  recordRun(
    id: number,
    ranAt: string,
    nextRunAt: string,
    error: string | null,
    slot?: string,
  ): Promise<boolean>;

  archiveReport(report: NewArchivedReport): Promise<ArchivedReportSummary>;
  /**
   * Archives the report of a configuration's scheduled slot (its nextRunAt when it was due);
   * null when that slot already has one, which is kept.
   */
  archiveScheduled(
    report: NewArchivedReport & { configId: number },
    slot: string,
  ): Promise<ArchivedReportSummary | null>;
  /** The report archived for a configuration's slot, if any. */
  scheduledReport(configId: number, slot: string): Promise<ArchivedReportSummary | null>;
  listReports(options?: {
    kind?: ReportKind;
    configId?: number;
    limit?: number;
  }): Promise<ArchivedReportSummary[]>;
  getReport(id: number): Promise<ArchivedReport | null>;
  getReportPdf(id: number): Promise<Buffer | null>;
  recordMailing(id: number, recipients: string[], error: string | null): Promise<void>;

  /** New mentions per source and hour in [from, to), from when each source first saw them. */
  sourceActivity(from: string, to: string): Promise<SourceActivity[]>;
  /** Distinct authors of a topic's mentions published in [from, to). */
  topicAuthors(topicId: number, from: string, to: string): Promise<number>;
  /**
   * The same per local day (YYYY-MM-DD), days cut at midnight `offsetMinutes` east of UTC;
   * days without a mention are absent.
   */
  topicAuthorsByDay(
    topicId: number,
    from: string,
    to: string,
    offsetMinutes: number,
  ): Promise<Map<string, number>>;
}

// ---------------------------------------------------------------- weekly issues

/** Which mentions an area holds: any of these place codes, any of these sectors (empty: any). */
export interface IssueScope {
  places: string[];
  sectors: string[];
}

export interface IssueWindow {
  /** The week, ISO 8601 UTC, from inclusive, to exclusive. */
  from: string;
  to: string;
  /** Start of the baseline: the weeks before `from` the area's own past is read from. */
  baselineFrom: string;
  /** Minutes east of UTC that local days are cut at. */
  offsetMinutes: number;
}

export type IssueKey =
  | { kind: 'story'; storyId: number }
  | { kind: 'group'; sector: string; province: string; ward: string };

export interface IssueCandidate {
  key: IssueKey;
  /** Distinct authors in the week, reprints (near-duplicate copies) left out. */
  authors: number;
  /**
   * Distinct persons among the week's mentions, reprints included, as the small-group rule
   * counts them (src/privacy): authors of kind person, and authorless posts outside news.
   */
  persons: number;
  /** Distinct authors of the same issue in the baseline weeks, reprints left out. */
  baselineAuthors: number;
  /** Mentions in the week, and those that are not reprints. */
  mentions: number;
  originals: number;
  /** Mentions with a sentiment, and those labelled negative, reprints left out. */
  rated: number;
  negative: number;
  /** Null here: a story's title comes with its details (IssueDetail). */
  title: string | null;
}

export interface IssueDetail {
  /** For a story: its earliest mention's title or opening words. */
  title: string | null;
  /** Share statistics of the week's mentions (reprints left out), by group and label. */
  statistics: import('../analysis/quantify/index.js').ShareStatistics;
  /** Distinct authors per local day of the week, reprints left out. */
  dailyAuthors: { day: string; authors: number }[];
  sources: { id: number; title: string; mentions: number }[];
  /** Ids of candidate mentions to show: public authors first, then by engagement. */
  mentionIds: number[];
}

export interface IssueStore {
  /** Candidate issues of a scope and week with at least `minAuthors` distinct authors. */
  issueCandidates(
    scope: IssueScope,
    window: IssueWindow,
    minAuthors: number,
  ): Promise<IssueCandidate[]>;
  /** Details of the given issues, in their order, from one pass over the week. */
  issueDetails(scope: IssueScope, window: IssueWindow, keys: IssueKey[]): Promise<IssueDetail[]>;
}
