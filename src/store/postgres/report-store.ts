// Policies, report configurations, the report archive and per-source collection activity in
// PostgreSQL (reports-schema.ts), the same cases as the SQLite file's
// (src/store/report-store.conformance.ts). Every API process and worker shares them, so a
// schedule slot is archived once (the unique slot) and moved on once (a conditional UPDATE).
import type pg from 'pg';
import {
  type ConfigRow,
  configFromRow,
  type PolicyRow,
  policyFromRow,
  type ReportRow,
  summaryFromRow,
} from '../../reports/report-rows.js';
import {
  type ArchivedReport,
  DEFAULT_POLICY_WINDOW_DAYS,
  DEFAULT_SCHEDULE,
  type NewArchivedReport,
  type ReportStore,
  type SourceActivity,
} from '../../reports/report-types.js';

const SUMMARY_COLUMNS = `id, config_id, kind, title, period_from, period_to, generated_at,
  pdf IS NOT NULL AS has_pdf, mailed_to, mail_error`;

/** The first millisecond of the second holding `iso`: windows start on whole seconds, as in SQLite. */
const secondOf = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;

function reportValues(report: NewArchivedReport) {
  return [
    report.configId,
    report.kind,
    report.title,
    report.periodFrom,
    report.periodTo,
    report.generatedAt,
    JSON.stringify(report.body),
    report.pdf,
  ];
}

/**
 * `ready`: resolves when the schema is in place (the store's migrations, run in the
 * background by connectPostgresStore); every call waits for it.
 */
export function postgresReportStore(
  pool: pg.Pool,
  ready: Promise<void> = Promise.resolve(),
  now = () => new Date(),
): ReportStore {
  const query = async <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) => {
    await ready;
    return pool.query<R>(sql, values);
  };
  const one = async <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) =>
    (await query<R>(sql, values)).rows[0] ?? null;

  return {
    async createPolicy(policy) {
      const row = await one<PolicyRow>(
        `INSERT INTO policies (name, query, promulgated_on, places, sectors, unit_id, topic_id,
           days_before, days_after, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [
          policy.name,
          policy.query,
          policy.promulgatedOn,
          JSON.stringify(policy.places ?? []),
          JSON.stringify(policy.sectors ?? []),
          policy.unitId ?? null,
          policy.topicId,
          policy.daysBefore ?? DEFAULT_POLICY_WINDOW_DAYS,
          policy.daysAfter ?? DEFAULT_POLICY_WINDOW_DAYS,
          now().toISOString(),
        ],
      );
      return policyFromRow(row!);
    },
    async getPolicy(id) {
      const row = await one<PolicyRow>('SELECT * FROM policies WHERE id = $1', [id]);
      return row ? policyFromRow(row) : null;
    },
    async listPolicies() {
      return (await query<PolicyRow>('SELECT * FROM policies ORDER BY id')).rows.map(policyFromRow);
    },
    async deletePolicy(id) {
      return ((await query('DELETE FROM policies WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },

    async createConfig(config, nextRunAt) {
      const schedule = { ...DEFAULT_SCHEDULE, ...config.schedule };
      const row = await one<ConfigRow>(
        `INSERT INTO report_configs (name, kind, unit_id, area, policy_id, weekday, time,
           time_zone, recipients, enabled, next_run_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
        [
          config.name,
          config.kind,
          config.unitId ?? null,
          config.area ? JSON.stringify(config.area) : null,
          config.policyId ?? null,
          schedule.weekday,
          schedule.time,
          schedule.timeZone,
          JSON.stringify(config.recipients ?? []),
          config.enabled !== false,
          nextRunAt,
          now().toISOString(),
        ],
      );
      return configFromRow(row!);
    },
    async getConfig(id) {
      const row = await one<ConfigRow>('SELECT * FROM report_configs WHERE id = $1', [id]);
      return row ? configFromRow(row) : null;
    },
    async listConfigs() {
      return (await query<ConfigRow>('SELECT * FROM report_configs ORDER BY id')).rows.map(
        configFromRow,
      );
    },
    async deleteConfig(id) {
      return ((await query('DELETE FROM report_configs WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
    async dueConfigs(at) {
      const { rows } = await query<ConfigRow>(
        `SELECT * FROM report_configs WHERE enabled AND next_run_at <= $1
         ORDER BY next_run_at, id`,
        [at],
      );
      return rows.map(configFromRow);
    },
    async recordRun(id, ranAt, nextRunAt, error, slot) {
      const result =
        slot === undefined
          ? await query(
              `UPDATE report_configs SET last_run_at = $1, next_run_at = $2, last_error = $3
               WHERE id = $4`,
              [ranAt, nextRunAt, error, id],
            )
          : await query(
              `UPDATE report_configs SET last_run_at = $1, next_run_at = $2, last_error = $3
               WHERE id = $4 AND next_run_at = $5`,
              [ranAt, nextRunAt, error, id, slot],
            );
      return (result.rowCount ?? 0) > 0;
    },

    async archiveReport(report) {
      const row = await one<ReportRow>(
        `INSERT INTO reports (config_id, kind, title, period_from, period_to, generated_at, body,
           pdf)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SUMMARY_COLUMNS}`,
        reportValues(report),
      );
      return summaryFromRow(row!);
    },
    async archiveScheduled(report, slot) {
      const row = await one<ReportRow>(
        `INSERT INTO reports (config_id, kind, title, period_from, period_to, generated_at, body,
           pdf, slot)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (config_id, slot) WHERE slot IS NOT NULL DO NOTHING
         RETURNING ${SUMMARY_COLUMNS}`,
        [...reportValues(report), slot],
      );
      return row ? summaryFromRow(row) : null;
    },
    async scheduledReport(configId, slot) {
      const row = await one<ReportRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM reports WHERE config_id = $1 AND slot = $2`,
        [configId, slot],
      );
      return row ? summaryFromRow(row) : null;
    },
    async listReports(options = {}) {
      const conditions: string[] = [];
      const values: unknown[] = [];
      if (options.kind) {
        values.push(options.kind);
        conditions.push(`kind = $${values.length}`);
      }
      if (options.configId !== undefined) {
        values.push(options.configId);
        conditions.push(`config_id = $${values.length}`);
      }
      values.push(options.limit ?? 50);
      const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
      const { rows } = await query<ReportRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM reports ${where} ORDER BY id DESC LIMIT $${values.length}`,
        values,
      );
      return rows.map(summaryFromRow);
    },
    async getReport(id): Promise<ArchivedReport | null> {
      const row = await one<ReportRow>(
        `SELECT ${SUMMARY_COLUMNS}, body FROM reports WHERE id = $1`,
        [id],
      );
      return row ? { ...summaryFromRow(row), body: JSON.parse(row.body!) as unknown } : null;
    },
    async getReportPdf(id) {
      return (
        (await one<{ pdf: Buffer | null }>('SELECT pdf FROM reports WHERE id = $1', [id]))?.pdf ??
        null
      );
    },
    async recordMailing(id, recipients, error) {
      await query('UPDATE reports SET mailed_to = $1, mail_error = $2 WHERE id = $3', [
        JSON.stringify(recipients),
        error,
        id,
      ]);
    },

    async sourceActivity(from, to): Promise<SourceActivity[]> {
      const { rows } = await query<{ source_id: number; hour: string; n: number }>(
        `SELECT source_id, substr(first_seen_at, 1, 13) AS hour, count(*)::int AS n
         FROM mention_sources WHERE first_seen_at >= $1 AND first_seen_at < $2
         GROUP BY source_id, hour ORDER BY source_id, hour`,
        [from, to],
      );
      const out: SourceActivity[] = [];
      for (const row of rows) {
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
      const row = await one<{ n: number }>(
        `SELECT count(DISTINCT coalesce(m.author_key, 'm' || m.id))::int AS n
         FROM mention_topics AS mt JOIN mentions AS m ON m.id = mt.mention_id
         WHERE mt.topic_id = $1 AND mt.sort_ms >= $2 AND mt.sort_ms < $3`,
        [topicId, secondOf(from), secondOf(to)],
      );
      return row?.n ?? 0;
    },
    async topicAuthorsByDay(topicId, from, to, offsetMinutes) {
      const { rows } = await query<{ day: string; n: number }>(
        `SELECT to_char(to_timestamp(mt.sort_ms / 1000 + $4) AT TIME ZONE 'UTC', 'YYYY-MM-DD')
             AS day,
           count(DISTINCT coalesce(m.author_key, 'm' || m.id))::int AS n
         FROM mention_topics AS mt JOIN mentions AS m ON m.id = mt.mention_id
         WHERE mt.topic_id = $1 AND mt.sort_ms >= $2 AND mt.sort_ms < $3
         GROUP BY day`,
        [topicId, secondOf(from), secondOf(to), offsetMinutes * 60],
      );
      return new Map(rows.map((r) => [r.day, r.n] as const));
    },
  };
}
