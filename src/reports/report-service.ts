// Generating a report from its configuration: the figures (weekly issues or a policy's
// assessment), the PDF, the archive entry, and the e-mail to the configuration's recipients.
import type { ReportLanguage } from './pdf/pdf-labels.js';
import { renderPolicyPdf } from './pdf/render-policy-pdf.js';
import { renderWeeklyPdf } from './pdf/render-weekly-pdf.js';
import { assessPolicy, type PolicyAssessment } from './policy/assess-policy.js';
import type { ReportMailer } from './report-mailer.js';
import type { ArchivedReportSummary, ReportConfig } from './report-types.js';
import { type WeeklyDeps, type WeeklyReport, weeklyReport } from './weekly/weekly-report.js';

export interface GeneratedReport {
  body: WeeklyReport | PolicyAssessment;
  title: string;
  periodFrom: string;
  periodTo: string;
  pdf: Buffer;
}

export async function generateWeekly(
  deps: WeeklyDeps,
  area: Parameters<typeof weeklyReport>[1],
  options: Parameters<typeof weeklyReport>[2] & { language?: ReportLanguage } = {},
): Promise<GeneratedReport> {
  const body = await weeklyReport(deps, area, options);
  return {
    body,
    title: `${body.area.label}: ${body.week}`,
    periodFrom: body.from,
    periodTo: body.to,
    pdf: await renderWeeklyPdf(body, options.language),
  };
}

export async function generatePolicy(
  deps: WeeklyDeps,
  policyId: number,
  language?: ReportLanguage,
): Promise<GeneratedReport> {
  const policy = await deps.reports.getPolicy(policyId);
  if (!policy) throw new Error(`no policy #${policyId}`);
  const body = await assessPolicy(deps, policy);
  return {
    body,
    title: `${policy.name}: ${body.before.firstDay} – ${body.after.lastDay}`,
    periodFrom: body.before.from,
    periodTo: body.after.to,
    pdf: await renderPolicyPdf(body, language),
  };
}

export async function generateFromConfig(
  deps: WeeklyDeps,
  config: ReportConfig,
): Promise<GeneratedReport> {
  if (config.kind === 'weekly') {
    if (!config.area) throw new Error(`report configuration #${config.id} has no area`);
    return generateWeekly(deps, config.area, { timeZone: config.schedule.timeZone });
  }
  if (config.policyId === null) throw new Error(`report configuration #${config.id} has no policy`);
  return generatePolicy(deps, config.policyId);
}

/** The archive entry of a generated report. */
export function archiveEntry(report: GeneratedReport, configId: number | null) {
  return {
    configId,
    kind: report.body.kind,
    title: report.title,
    periodFrom: report.periodFrom,
    periodTo: report.periodTo,
    generatedAt: report.body.generatedAt,
    body: report.body,
    pdf: report.pdf,
  };
}

export function archive(
  deps: WeeklyDeps,
  report: GeneratedReport,
  configId: number | null,
): Promise<ArchivedReportSummary> {
  return deps.reports.archiveReport(archiveEntry(report, configId));
}

function fileName(report: GeneratedReport): string {
  const base =
    report.body.kind === 'weekly'
      ? `nghe-${report.body.week}`
      : `nghe-policy-${report.body.policy.id}`;
  return `${base}.pdf`;
}

/** Mails an archived report; records who got it, or why it failed. Never throws. */
export async function mailReport(
  deps: WeeklyDeps,
  mailer: ReportMailer | null,
  archived: ArchivedReportSummary,
  report: GeneratedReport,
  recipients: string[],
): Promise<string | null> {
  if (recipients.length === 0) return null;
  if (!mailer) {
    const error = 'no SMTP server: set NGHE_SMTP_URL';
    await deps.reports.recordMailing(archived.id, [], error);
    return error;
  }
  try {
    await mailer.send({
      to: recipients,
      subject: `[nghe] ${report.body.kind === 'weekly' ? 'Báo cáo tuần' : 'Phản hồi chính sách'}: ${report.title}`,
      text: `${report.title}\n\nBáo cáo đính kèm (PDF). The report is attached as a PDF.\n`,
      pdf: { filename: fileName(report), content: report.pdf },
    });
    await deps.reports.recordMailing(archived.id, recipients, null);
    return null;
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!;
    await deps.reports.recordMailing(archived.id, [], message);
    return message;
  }
}
