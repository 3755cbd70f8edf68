// The report and policy routes of the API, as the dashboard calls them.
import type { PolicyAssessment } from '../../../src/reports/policy/assess-policy.js';
import type {
  ArchivedReportSummary,
  Policy,
  ReportArea,
} from '../../../src/reports/report-types.js';
import type { WeeklyReport } from '../../../src/reports/weekly/weekly-report.js';
import { saveBlob } from '../analyst/analyst-api.js';
import type { ApiClient } from '../api/api-client.js';

export type { ArchivedReportSummary, Policy, PolicyAssessment, ReportArea, WeeklyReport };

const JSON_TYPE = 'application/json';

export function listReports(api: ApiClient) {
  return api.request<{ reports: ArchivedReportSummary[] }>('GET', '/api/reports?limit=100');
}

export function getReport(api: ApiClient, id: number) {
  return api.request<ArchivedReportSummary & { body: WeeklyReport | PolicyAssessment }>(
    'GET',
    `/api/reports/${id}`,
  );
}

export function generateWeekly(api: ApiClient, area: ReportArea, week?: string) {
  return api.request<ArchivedReportSummary & { body: WeeklyReport }>(
    'POST',
    '/api/reports/weekly',
    JSON.stringify({ area, ...(week ? { week } : {}) }),
    JSON_TYPE,
  );
}

export function listPolicies(api: ApiClient) {
  return api.request<{ policies: Policy[] }>('GET', '/api/policies');
}

export function addPolicy(
  api: ApiClient,
  body: { name: string; query: string; promulgatedOn: string },
) {
  return api.request<Policy>('POST', '/api/policies', JSON.stringify(body), JSON_TYPE);
}

export function assessPolicy(api: ApiClient, id: number) {
  return api.request<PolicyAssessment>('GET', `/api/policies/${id}/assessment`);
}

/** Downloads a report's PDF or export through the API (audited there). */
export async function downloadReport(
  api: ApiClient,
  id: number,
  what: 'pdf' | 'figures' | 'mentions',
): Promise<void> {
  const path =
    what === 'pdf' ? `/api/reports/${id}/pdf` : `/api/reports/${id}/export?what=${what}&format=csv`;
  const res = await api.open(path, new AbortController().signal);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  saveBlob(
    await res.blob(),
    what === 'pdf' ? `nghe-report-${id}.pdf` : `nghe-report-${id}-${what}.csv`,
  );
}
