// Reports: the week's most pressing issues of an area (generated on demand or by schedule),
// the archive with each report's JSON, PDF and CSV exports, and the schedules that generate
// and mail them. Weekly reports read every stored mention of an area, not one topic: they need
// the search capability.
import { z } from 'zod';
import { isClockTime, isTimeZone } from '../../alerts/local-time.js';
import { figuresCsv, mentionsCsv, reportMentions } from '../../reports/export/report-export.js';
import type { PolicyAssessment } from '../../reports/policy/assess-policy.js';
import { reportDepsFor } from '../../reports/report-jobs.js';
import { archive, generateWeekly } from '../../reports/report-service.js';
import type { ArchivedReport, ReportArea } from '../../reports/report-types.js';
import { AreaError, resolveArea } from '../../reports/weekly/weekly-area.js';
import type { WeeklyReport } from '../../reports/weekly/weekly-report.js';
import { nextWeeklyRun } from '../../reports/zoned-time.js';
import type { ApiDeps } from '../api-deps.js';
import { HttpError } from '../api-error.js';
import { defineRoute, type Route } from '../route.js';
import { idParams } from '../schemas.js';

export const areaSchema = z.strictObject({
  level: z.enum(['province', 'ward', 'sectors']),
  place: z.string().trim().min(1).max(200).optional().describe('name, alias or code'),
  sectors: z.array(z.string().max(40)).max(20).optional(),
});

const summarySchema = z.object({
  id: z.number(),
  configId: z.number().nullable(),
  kind: z.enum(['weekly', 'policy']),
  title: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  generatedAt: z.string(),
  hasPdf: z.boolean(),
  mailedTo: z.array(z.string()),
  mailError: z.string().nullable(),
});

const configSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['weekly', 'policy']),
  unitId: z.number().nullable(),
  area: areaSchema.nullable(),
  policyId: z.number().nullable(),
  schedule: z.object({ weekday: z.number(), time: z.string(), timeZone: z.string() }),
  recipients: z.array(z.string()),
  enabled: z.boolean(),
  nextRunAt: z.string(),
  lastRunAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});

const newConfigBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['weekly', 'policy']),
  area: areaSchema.optional(),
  policyId: z.number().int().min(1).optional(),
  weekday: z.number().int().min(1).max(7).default(1).describe('ISO weekday, 1 = Monday'),
  time: z.string().default('07:00').describe('HH:MM'),
  timeZone: z.string().default('Asia/Ho_Chi_Minh'),
  recipients: z.array(z.email()).max(50).default([]),
});

const weeklyBody = z.strictObject({
  area: areaSchema,
  week: z
    .string()
    .regex(/^\d{4}-W\d{2}$/)
    .optional()
    .describe('ISO week; default the last complete one'),
  timeZone: z.string().default('Asia/Ho_Chi_Minh'),
  language: z.enum(['vi', 'en']).default('vi'),
});

const SEARCH = { allow: 'search', resource: 'none' } as const;
const WRITE = { allow: 'write', resource: 'none' } as const;

function checkedArea(area: ReportArea): ReportArea {
  try {
    resolveArea(area);
    return area;
  } catch (error) {
    if (error instanceof AreaError)
      throw new HttpError(400, `area: ${error.message}`, { field: 'area' });
    throw error;
  }
}

function file(body: string | Buffer, type: string, name: string): Response {
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': type,
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    },
  });
}

export function reportRoutes(deps: ApiDeps): Route[] {
  const { store } = deps;
  const reportDeps = () => {
    const found = reportDepsFor(store, deps.now);
    if (!found) throw new HttpError(503, 'reports are not available with this store');
    return found;
  };
  const reportOr404 = async (id: number): Promise<ArchivedReport> => {
    const report = await reportDeps().reports.getReport(id);
    if (!report) throw new HttpError(404, `no report ${id}`);
    return report;
  };
  return [
    defineRoute({
      id: 'listReportConfigs',
      method: 'get',
      path: '/api/reports/configs',
      summary: 'Report schedules: what is generated, for which area or policy, when, for whom',
      tag: 'reports',
      access: SEARCH,
      responses: {
        200: { description: 'schedules', schema: z.object({ configs: z.array(configSchema) }) },
      },
      async handle({ c }) {
        return c.json({ configs: await reportDeps().reports.listConfigs() });
      },
    }),
    defineRoute({
      id: 'createReportConfig',
      method: 'post',
      path: '/api/reports/configs',
      summary: 'Schedule a report (default Monday 07:00 Asia/Ho_Chi_Minh), e-mailed as PDF',
      tag: 'reports',
      access: WRITE,
      body: newConfigBody,
      responses: {
        201: { description: 'the schedule', schema: configSchema },
        400: { description: 'ApiError' },
      },
      async handle({ c, body, principal }) {
        const r = reportDeps();
        if (!isClockTime(body.time)) throw new HttpError(400, 'time: not HH:MM', { field: 'time' });
        if (!isTimeZone(body.timeZone))
          throw new HttpError(400, 'timeZone: unknown', { field: 'timeZone' });
        if (body.kind === 'weekly' && !body.area)
          throw new HttpError(400, 'area: a weekly report needs one', { field: 'area' });
        if (
          body.kind === 'policy' &&
          (!body.policyId || !(await r.reports.getPolicy(body.policyId)))
        ) {
          throw new HttpError(400, 'policyId: no such policy', { field: 'policyId' });
        }
        const schedule = { weekday: body.weekday, time: body.time, timeZone: body.timeZone };
        const config = await r.reports.createConfig(
          {
            name: body.name,
            kind: body.kind,
            unitId: principal?.unit.id ?? null,
            area: body.area ? checkedArea(body.area) : null,
            policyId: body.policyId ?? null,
            schedule,
            recipients: body.recipients,
          },
          nextWeeklyRun(deps.now(), schedule).toISOString(),
        );
        return c.json(config, 201);
      },
    }),
    defineRoute({
      id: 'deleteReportConfig',
      method: 'delete',
      path: '/api/reports/configs/:id',
      summary: 'Stop a report schedule (its archived reports stay)',
      tag: 'reports',
      access: WRITE,
      params: idParams,
      responses: { 204: { description: 'deleted' }, 404: { description: 'ApiError' } },
      async handle({ c, params }) {
        if (!(await reportDeps().reports.deleteConfig(params.id)))
          throw new HttpError(404, `no report schedule ${params.id}`);
        return c.body(null, 204);
      },
    }),
    defineRoute({
      id: 'generateWeeklyReport',
      method: 'post',
      path: '/api/reports/weekly',
      summary: "Generate and archive the week's most pressing issues of an area",
      tag: 'reports',
      access: SEARCH,
      body: weeklyBody,
      responses: {
        201: { description: 'the archived report with its figures' },
        400: { description: 'ApiError' },
      },
      async handle({ c, body, audit }) {
        const r = reportDeps();
        if (!isTimeZone(body.timeZone))
          throw new HttpError(400, 'timeZone: unknown', { field: 'timeZone' });
        const area = checkedArea(body.area);
        const generated = await generateWeekly(r, area, {
          week: body.week,
          timeZone: body.timeZone,
          language: body.language,
        });
        const archived = await archive(r, generated, null);
        const report = generated.body as WeeklyReport;
        await audit({ area, week: report.week }, report.issues.length);
        return c.json({ ...archived, body: report }, 201);
      },
    }),
    defineRoute({
      id: 'listReports',
      method: 'get',
      path: '/api/reports',
      summary: 'Archived reports, newest first',
      tag: 'reports',
      access: SEARCH,
      query: z.strictObject({
        kind: z.enum(['weekly', 'policy']).optional(),
        config: z.coerce.number().int().min(1).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      responses: {
        200: { description: 'reports', schema: z.object({ reports: z.array(summarySchema) }) },
      },
      async handle({ c, query }) {
        return c.json({
          reports: await reportDeps().reports.listReports({
            kind: query.kind,
            configId: query.config,
            limit: query.limit,
          }),
        });
      },
    }),
    defineRoute({
      id: 'getReport',
      method: 'get',
      path: '/api/reports/:id',
      summary: 'One archived report with its figures (WeeklyReport or PolicyAssessment)',
      tag: 'reports',
      access: SEARCH,
      params: idParams,
      responses: { 200: { description: 'the report' }, 404: { description: 'ApiError' } },
      async handle({ c, params, audit }) {
        const report = await reportOr404(params.id);
        await audit({ report: params.id }, null);
        return c.json(report);
      },
    }),
    defineRoute({
      id: 'getReportPdf',
      method: 'get',
      path: '/api/reports/:id/pdf',
      summary: 'The PDF of an archived report',
      tag: 'reports',
      access: SEARCH,
      params: idParams,
      responses: {
        200: { description: 'the PDF', contentType: 'application/pdf' },
        404: { description: 'ApiError' },
      },
      async handle({ params, audit }) {
        const pdf = await reportDeps().reports.getReportPdf(params.id);
        if (!pdf) throw new HttpError(404, `no PDF for report ${params.id}`);
        await audit({ report: params.id, format: 'pdf' }, null);
        return file(pdf, 'application/pdf', `nghe-report-${params.id}.pdf`);
      },
    }),
    defineRoute({
      id: 'exportReport',
      method: 'get',
      path: '/api/reports/:id/export',
      summary: "A report's figures or the mentions it shows, as CSV or JSON (no person named)",
      tag: 'reports',
      access: SEARCH,
      params: idParams,
      query: z.strictObject({
        what: z.enum(['figures', 'mentions']).default('figures'),
        format: z.enum(['csv', 'json']).default('csv'),
      }),
      responses: {
        200: { description: 'the file', contentType: 'text/csv or application/json' },
        404: { description: 'ApiError' },
      },
      async handle({ params, query, audit }) {
        const body = (await reportOr404(params.id)).body as WeeklyReport | PolicyAssessment;
        await audit({ report: params.id, what: query.what, format: query.format }, null);
        const name = `nghe-report-${params.id}-${query.what}.${query.format}`;
        if (query.what === 'mentions') {
          const mentions = reportMentions(body);
          return query.format === 'csv'
            ? file(mentionsCsv(mentions), 'text/csv; charset=utf-8', name)
            : file(JSON.stringify(mentions), 'application/json', name);
        }
        return query.format === 'csv'
          ? file(figuresCsv(body), 'text/csv; charset=utf-8', name)
          : file(JSON.stringify(body), 'application/json', name);
      },
    }),
  ];
}
