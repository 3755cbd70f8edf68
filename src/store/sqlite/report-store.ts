// Policies, report configurations, the report archive and per-source collection activity over
// the SQLite file of the main store (reports-schema.ts).
import type Database from 'better-sqlite3';
import * as Decoded from '../../reports/report-rows.js';
import {
  type ArchivedReport,
  DEFAULT_POLICY_WINDOW_DAYS,
  DEFAULT_SCHEDULE,
  type NewArchivedReport,
  type NewReportConfig,
  type ReportArea,
  type ReportStore,
  type SourceActivity,
} from '../../reports/report-types.js';
import { firstKeyAt } from './search-key.js';

/** The rows as the SQLite file holds them: lists and the area as JSON text, flags as 0 or 1. */
type PolicyRow = Omit<Decoded.PolicyRow, 'places' | 'sectors'> & {
  places: string;
  sectors: string;
};
type ConfigRow = Omit<Decoded.ConfigRow, 'area' | 'recipients' | 'enabled'> & {
  area: string | null;
  recipients: string;
  enabled: number;
};
type ReportRow = Omit<Decoded.ReportRow, 'has_pdf' | 'mailed_to'> & {
  has_pdf: number;
  mailed_to: string;
};

const policyFromRow = (row: PolicyRow) =>
  Decoded.policyFromRow({
    ...row,
    places: JSON.parse(row.places) as string[],
    sectors: JSON.parse(row.sectors) as string[],
  });

const configFromRow = (row: ConfigRow) =>
  Decoded.configFromRow({
    ...row,
    area: row.area === null ? null : (JSON.parse(row.area) as ReportArea),
    recipients: JSON.parse(row.recipients) as string[],
    enabled: row.enabled === 1,
  });

const summaryFromRow = (row: ReportRow) =>
  Decoded.summaryFromRow({
    ...row,
    has_pdf: row.has_pdf === 1,
    mailed_to: JSON.parse(row.mailed_to) as string[],
  });

/** The first search key (mention_topics.sort_key) of the second holding `iso`. */
const keyAt = (iso: string) => firstKeyAt(Date.parse(iso));

const SUMMARY_COLUMNS = `id, config_id, kind, title, period_from, period_to, generated_at,
  pdf IS NOT NULL AS has_pdf, mailed_to, mail_error`;

function reportColumns(report: NewArchivedReport) {
  return {
    configId: report.configId,
    kind: report.kind,
    title: report.title,
    periodFrom: report.periodFrom,
    periodTo: report.periodTo,
    generatedAt: report.generatedAt,
    body: JSON.stringify(report.body),
    pdf: report.pdf,
  };
}

export function openReportStore(db: Database.Database, now = () => new Date()): ReportStore {
  const s = {
    insertPolicy: db.prepare(
      `INSERT INTO policies (name, query, promulgated_on, places, sectors, unit_id, topic_id,
         days_before, days_after, created_at)
       VALUES (@name, @query, @promulgatedOn, @places, @sectors, @unitId, @topicId, @daysBefore,
         @daysAfter, @createdAt)`,
    ),
    policyById: db.prepare<[number], PolicyRow>('SELECT * FROM policies WHERE id = ?'),
    policies: db.prepare<[], PolicyRow>('SELECT * FROM policies ORDER BY id'),
    deletePolicy: db.prepare<[number]>('DELETE FROM policies WHERE id = ?'),
    insertConfig: db.prepare(
      `INSERT INTO report_configs (name, kind, unit_id, area, policy_id, weekday, time, time_zone,
         recipients, enabled, next_run_at, created_at)
       VALUES (@name, @kind, @unitId, @area, @policyId, @weekday, @time, @timeZone, @recipients,
         @enabled, @nextRunAt, @createdAt)`,
    ),
    configById: db.prepare<[number], ConfigRow>('SELECT * FROM report_configs WHERE id = ?'),
    configs: db.prepare<[], ConfigRow>('SELECT * FROM report_configs ORDER BY id'),
    deleteConfig: db.prepare<[number]>('DELETE FROM report_configs WHERE id = ?'),
    due: db.prepare<[string], ConfigRow>(
      `SELECT * FROM report_configs WHERE enabled = 1 AND next_run_at <= ?
       ORDER BY next_run_at, id`,
    ),
    recordRun: db.prepare<[string, string, string | null, number]>(
      'UPDATE report_configs SET last_run_at = ?, next_run_at = ?, last_error = ? WHERE id = ?',
    ),
    recordSlotRun: db.prepare<[string, string, string | null, number, string]>(
      `UPDATE report_configs SET last_run_at = ?, next_run_at = ?, last_error = ?
       WHERE id = ? AND next_run_at = ?`,
    ),
    insertScheduled: db.prepare(
      `INSERT INTO reports (config_id, kind, title, period_from, period_to, generated_at, body, pdf,
         slot)
       VALUES (@configId, @kind, @title, @periodFrom, @periodTo, @generatedAt, @body, @pdf, @slot)
       ON CONFLICT (config_id, slot) WHERE slot IS NOT NULL DO NOTHING`,
    ),
    bySlot: db.prepare<[number, string], ReportRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM reports WHERE config_id = ? AND slot = ?`,
    ),
    insertReport: db.prepare(
      `INSERT INTO reports (config_id, kind, title, period_from, period_to, generated_at, body, pdf)
       VALUES (@configId, @kind, @title, @periodFrom, @periodTo, @generatedAt, @body, @pdf)`,
    ),
    reportSummary: db.prepare<[number], ReportRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM reports WHERE id = ?`,
    ),
    reportFull: db.prepare<[number], ReportRow>(
      `SELECT ${SUMMARY_COLUMNS}, body FROM reports WHERE id = ?`,
    ),
    reportPdf: db.prepare<[number], { pdf: Buffer | null }>('SELECT pdf FROM reports WHERE id = ?'),
    recordMailing: db.prepare<[string, string | null, number]>(
      'UPDATE reports SET mailed_to = ?, mail_error = ? WHERE id = ?',
    ),
    activity: db.prepare<[string, string], { source_id: number; hour: string; n: number }>(
      `SELECT source_id, substr(first_seen_at, 1, 13) AS hour, count(*) AS n
       FROM mention_sources WHERE first_seen_at >= ? AND first_seen_at < ?
       GROUP BY source_id, hour ORDER BY source_id, hour`,
    ),
    topicAuthors: db.prepare<[number, number, number], { n: number }>(
      `SELECT count(DISTINCT coalesce(m.author_key, 'm' || m.id)) AS n
       FROM mention_topics AS mt JOIN mentions AS m ON m.id = mt.mention_id
       WHERE mt.topic_id = ? AND mt.sort_key >= ? AND mt.sort_key < ?`,
    ),
    topicAuthorsByDay: db.prepare<[number, number, number, number], { day: string; n: number }>(
      `SELECT date((mt.sort_key >> 20) + ?, 'unixepoch') AS day,
         count(DISTINCT coalesce(m.author_key, 'm' || m.id)) AS n
       FROM mention_topics AS mt JOIN mentions AS m ON m.id = mt.mention_id
       WHERE mt.topic_id = ? AND mt.sort_key >= ? AND mt.sort_key < ?
       GROUP BY day`,
    ),
  };

  return {
    async createPolicy(policy) {
      const info = s.insertPolicy.run({
        name: policy.name,
        query: policy.query,
        promulgatedOn: policy.promulgatedOn,
        places: JSON.stringify(policy.places ?? []),
        sectors: JSON.stringify(policy.sectors ?? []),
        unitId: policy.unitId ?? null,
        topicId: policy.topicId,
        daysBefore: policy.daysBefore ?? DEFAULT_POLICY_WINDOW_DAYS,
        daysAfter: policy.daysAfter ?? DEFAULT_POLICY_WINDOW_DAYS,
        createdAt: now().toISOString(),
      });
      return policyFromRow(s.policyById.get(Number(info.lastInsertRowid))!);
    },
    async getPolicy(id) {
      const row = s.policyById.get(id);
      return row ? policyFromRow(row) : null;
    },
    async listPolicies() {
      return s.policies.all().map(policyFromRow);
    },
    async deletePolicy(id) {
      return s.deletePolicy.run(id).changes > 0;
    },

    async createConfig(config: NewReportConfig, nextRunAt: string) {
      const schedule = { ...DEFAULT_SCHEDULE, ...config.schedule };
      const info = s.insertConfig.run({
        name: config.name,
        kind: config.kind,
        unitId: config.unitId ?? null,
        area: config.area ? JSON.stringify(config.area) : null,
        policyId: config.policyId ?? null,
        weekday: schedule.weekday,
        time: schedule.time,
        timeZone: schedule.timeZone,
        recipients: JSON.stringify(config.recipients ?? []),
        enabled: config.enabled === false ? 0 : 1,
        nextRunAt,
        createdAt: now().toISOString(),
      });
      return configFromRow(s.configById.get(Number(info.lastInsertRowid))!);
    },
    async getConfig(id) {
      const row = s.configById.get(id);
      return row ? configFromRow(row) : null;
    },
    async listConfigs() {
      return s.configs.all().map(configFromRow);
    },
    async deleteConfig(id) {
      return s.deleteConfig.run(id).changes > 0;
    },
    async dueConfigs(at) {
      return s.due.all(at).map(configFromRow);
    },
    async recordRun(id, ranAt, nextRunAt, error, slot) {
      const result =
        slot === undefined
          ? s.recordRun.run(ranAt, nextRunAt, error, id)
          : s.recordSlotRun.run(ranAt, nextRunAt, error, id, slot);
      return result.changes > 0;
    },

    async archiveReport(report: NewArchivedReport) {
      const info = s.insertReport.run(reportColumns(report));
      return summaryFromRow(s.reportSummary.get(Number(info.lastInsertRowid))!);
    },
    async archiveScheduled(report, slot) {
      const info = s.insertScheduled.run({ ...reportColumns(report), slot });
      if (info.changes === 0) return null;
      return summaryFromRow(s.reportSummary.get(Number(info.lastInsertRowid))!);
    },
    async scheduledReport(configId, slot) {
      const row = s.bySlot.get(configId, slot);
      return row ? summaryFromRow(row) : null;
    },
    async listReports(options = {}) {
      const conditions: string[] = [];
      const params: Record<string, string | number> = { limit: options.limit ?? 50 };
      if (options.kind) {
        conditions.push('kind = @kind');
        params.kind = options.kind;
      }
      if (options.configId !== undefined) {
        conditions.push('config_id = @configId');
        params.configId = options.configId;
      }
      const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
      return db
        .prepare<Record<string, string | number>, ReportRow>(
          `SELECT ${SUMMARY_COLUMNS} FROM reports ${where} ORDER BY id DESC LIMIT @limit`,
        )
        .all(params)
        .map(summaryFromRow);
    },
    async getReport(id): Promise<ArchivedReport | null> {
      const row = s.reportFull.get(id);
      return row ? { ...summaryFromRow(row), body: JSON.parse(row.body!) as unknown } : null;
    },
    async getReportPdf(id) {
      return s.reportPdf.get(id)?.pdf ?? null;
    },
    async recordMailing(id, recipients, error) {
      s.recordMailing.run(JSON.stringify(recipients), error, id);
    },

    async sourceActivity(from, to): Promise<SourceActivity[]> {
      const out: SourceActivity[] = [];
      for (const row of s.activity.all(from, to)) {
        let last = out[out.length - 1];
        if (!last || last.sourceId !== row.source_id) {
          last = { sourceId: row.source_id, hours: [] };
          out.push(last);
        }
        last.hours.push({ hour: `${row.hour}:00:00.000Z`, count: row.n });
      }
      return out;
    },
    async topicAuthors(topicId, from, to) {
      return s.topicAuthors.get(topicId, keyAt(from), keyAt(to))?.n ?? 0;
    },
    async topicAuthorsByDay(topicId, from, to, offsetMinutes) {
      return new Map(
        s.topicAuthorsByDay
          .all(offsetMinutes * 60, topicId, keyAt(from), keyAt(to))
          .map((r) => [r.day, r.n] as const),
      );
    },
  };
}
