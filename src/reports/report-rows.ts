// Policy, report configuration and archived report rows as both stores read them back, decoded
// (arrays, booleans, the area object), and their mapping to the report types. The SQL that
// reads them stays with each store.
import type {
  ArchivedReportSummary,
  Policy,
  ReportArea,
  ReportConfig,
  ReportKind,
} from './report-types.js';

export interface PolicyRow {
  id: number;
  name: string;
  query: string;
  promulgated_on: string;
  places: string[];
  sectors: string[];
  unit_id: number | null;
  topic_id: number | null;
  days_before: number;
  days_after: number;
  created_at: string;
}

export interface ConfigRow {
  id: number;
  name: string;
  kind: string;
  unit_id: number | null;
  area: ReportArea | null;
  policy_id: number | null;
  weekday: number;
  time: string;
  time_zone: string;
  recipients: string[];
  enabled: boolean;
  next_run_at: string;
  last_run_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface ReportRow {
  id: number;
  config_id: number | null;
  kind: string;
  title: string;
  period_from: string;
  period_to: string;
  generated_at: string;
  has_pdf: boolean;
  mailed_to: string[];
  mail_error: string | null;
  body?: string;
}

export function policyFromRow(row: PolicyRow): Policy {
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    promulgatedOn: row.promulgated_on,
    places: row.places,
    sectors: row.sectors,
    unitId: row.unit_id,
    topicId: row.topic_id,
    daysBefore: row.days_before,
    daysAfter: row.days_after,
    createdAt: row.created_at,
  };
}

export function configFromRow(row: ConfigRow): ReportConfig {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ReportKind,
    unitId: row.unit_id,
    area: row.area,
    policyId: row.policy_id,
    schedule: { weekday: row.weekday, time: row.time, timeZone: row.time_zone },
    recipients: row.recipients,
    enabled: row.enabled,
    nextRunAt: row.next_run_at,
    lastRunAt: row.last_run_at,
    lastError: row.last_error,
    createdAt: row.created_at,
  };
}

export function summaryFromRow(row: ReportRow): ArchivedReportSummary {
  return {
    id: row.id,
    configId: row.config_id,
    kind: row.kind as ReportKind,
    title: row.title,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    generatedAt: row.generated_at,
    hasPdf: row.has_pdf,
    mailedTo: row.mailed_to,
    mailError: row.mail_error,
  };
}
