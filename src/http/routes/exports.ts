// Exports: the mentions list and each chart's data as CSV or XLSX, written on the server so
// every export is in the audit log; a chart image is drawn by the dashboard and logged here.
import { z } from 'zod';
import { smallGroupRuleFor } from '../../privacy/small-group-rule-for.js';
import {
  protectBreakdown,
  protectSeries,
  protectShare,
  protectTerms,
} from '../../privacy/small-groups.js';
import type { EstimatedSeriesPoint } from '../../store/listening-store.js';
import { estimateSentiment } from '../../store/share-estimate.js';
import { publicVoicesFor } from '../../store/sqlite/public-voices.js';
import { type ApiDeps, toMentionFilter } from '../api-deps.js';
import { HttpError } from '../api-error.js';
import { listByEngagement } from '../engagement-order.js';
import { EXPORT_TYPES, type ExportTable, writeTable } from '../export-table.js';
import {
  breakdownTable,
  comparisonTable,
  mentionsTable,
  sentimentTable,
  seriesTable,
  termsTable,
  trendingTable,
  voicesTable,
} from '../export-tables.js';
import { comparePeriods } from '../period-comparison.js';
import { protectComparison } from '../protected-comparison.js';
import { requireValidQuery } from '../query-check.js';
import { defineRoute, type Route } from '../route.js';
import { filterQuery, mentionsQuery, seriesQuery } from '../schemas.js';
import { seriesOptions } from '../series-options.js';
import { trendingTerms } from '../trending-terms.js';

export const MAX_EXPORT_MENTIONS = 10_000;
const PAGE = 500;
const INTERVAL_MS = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;

export const CHARTS = [
  'series',
  'sentiment',
  'sources',
  'platforms',
  'languages',
  'terms',
  'trending',
  'voices',
  'compare',
] as const;

const format = z.enum(['csv', 'xlsx']).default('csv');
const locale = z.enum(['vi', 'en']).default('vi').describe('language of the column titles');

const mentionsExportQuery = filterQuery.extend({
  q: mentionsQuery.shape.q,
  sort: mentionsQuery.shape.sort,
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_EXPORT_MENTIONS)
    .default(MAX_EXPORT_MENTIONS)
    .describe(`rows at most, 1..${MAX_EXPORT_MENTIONS}`),
  format,
  locale,
});

const chartExportQuery = seriesQuery.extend({
  chart: z.enum(CHARTS),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('rows of ranked charts'),
  format,
  locale,
});

const imageBody = z.strictObject({
  chart: z.string().regex(/^[a-z][a-z-]{0,39}$/),
  format: z.literal('png'),
  topic: z.number().int().min(1).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
});

function fileResponse(body: Buffer, kind: 'csv' | 'xlsx', stem: string): Response {
  const name = `${stem}-${new Date().toISOString().slice(0, 10)}.${kind}`;
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': EXPORT_TYPES[kind],
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    },
  });
}

const fileDoc = {
  description:
    'the file, as an attachment: CSV (UTF-8 with a byte-order mark) or, with format=xlsx, an XLSX workbook',
  contentType: 'text/csv',
};

export function exportRoutes(deps: ApiDeps): Route[] {
  const { store, reads } = deps;
  return [
    defineRoute({
      id: 'exportMentions',
      method: 'get',
      path: '/api/exports/mentions',
      summary: 'The mentions list as CSV or XLSX (persons as "a person", never named)',
      tag: 'exports',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topic', withoutId: 'search' },
      query: mentionsExportQuery,
      responses: { 200: fileDoc, 400: { description: 'ApiError' } },
      async handle({ query, audit }) {
        const q = query.q?.trim() || undefined;
        if (q !== undefined) requireValidQuery(q, 'q');
        const filter = toMentionFilter(query);
        const options = { ...filter, ...(q === undefined ? {} : { query: q }) };
        const mentions =
          query.sort === 'engagement'
            ? (await listByEngagement(reads, { ...options, limit: query.limit })).mentions
            : [];
        let cursor: string | undefined;
        while (query.sort !== 'engagement' && mentions.length < query.limit) {
          const page = await reads.listMentions({
            ...options,
            sort: query.sort === 'oldest' ? 'oldest' : 'newest',
            limit: Math.min(PAGE, query.limit - mentions.length),
            ...(cursor === undefined ? {} : { cursor }),
          });
          mentions.push(...page.mentions);
          if (page.nextCursor === null) break;
          cursor = page.nextCursor;
        }
        const titles = new Map(
          (await store.listSources()).map((s) => [s.id, s.title ?? s.url] as const),
        );
        const table = mentionsTable(mentions, (id) => titles.get(id) ?? `#${id}`, query.locale);
        const body = await writeTable(table, query.format);
        await audit(
          { ...options, sort: query.sort, format: query.format, export: 'mentions' },
          mentions.length,
        );
        return fileResponse(body, query.format, stem(query.topic, 'mentions'));
      },
    }),
    defineRoute({
      id: 'exportChart',
      method: 'get',
      path: '/api/exports/chart',
      summary: "A chart's data as CSV or XLSX: the same figures the analytics routes give",
      tag: 'exports',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topic', withoutId: 'search' },
      query: chartExportQuery,
      responses: { 200: fileDoc, 400: { description: 'ApiError' } },
      async handle({ query, audit }) {
        const filter = toMentionFilter(query);
        const table = await chartTable(query.chart, filter, query);
        const body = await writeTable(table, query.format);
        await audit(
          { ...filter, chart: query.chart, format: query.format, export: 'chart' },
          table.rows.length,
        );
        return fileResponse(body, query.format, stem(query.topic, query.chart));
      },
    }),
    defineRoute({
      id: 'exportImage',
      method: 'post',
      path: '/api/exports/image',
      summary: 'Record that a chart image was saved from the dashboard (drawn in the browser)',
      tag: 'exports',
      access: { allow: 'read', resource: 'none' },
      body: imageBody,
      responses: { 204: { description: 'recorded in the audit log' } },
      async handle({ c, body, audit }) {
        await audit({ ...body, export: 'image' }, null);
        return c.body(null, 204);
      },
    }),
  ];

  async function chartTable(
    chart: (typeof CHARTS)[number],
    filter: ReturnType<typeof toMentionFilter>,
    query: z.output<typeof chartExportQuery>,
  ): Promise<ExportTable> {
    // The same small-group rule as the analytics routes: an export shows no more than they do.
    const rule = smallGroupRuleFor(store);
    const breakdown = async (by: 'source' | 'platform' | 'lang') =>
      (await protectBreakdown(rule, by, filter, await reads.breakdown(by, filter, query.limit)))
        .rows;
    switch (chart) {
      case 'series': {
        const options = seriesOptions(filter, query, deps.now());
        const [counts, statistics] = await Promise.all([
          reads.series(options),
          reads.shareSeries(options),
        ]);
        const points: EstimatedSeriesPoint[] = counts.map((point, index) => ({
          ...point,
          sentiment: estimateSentiment(statistics[index]?.statistics ?? { groups: {} }),
        }));
        const now = deps.now().getTime();
        const open = points.find(
          (p) => Date.parse(p.t) <= now && Date.parse(p.t) + INTERVAL_MS[query.interval] > now,
        );
        const shown = await protectSeries(rule, filter, points, null);
        return seriesTable(shown, open?.t ?? null, query.locale);
      }
      case 'sentiment':
        return sentimentTable(
          await protectShare(rule, filter, await reads.sentimentShare(filter)),
          query.locale,
        );
      case 'sources':
        return breakdownTable('sources', await breakdown('source'), query.locale);
      case 'platforms':
        return breakdownTable('platforms', await breakdown('platform'), query.locale);
      case 'languages':
        return breakdownTable('languages', await breakdown('lang'), query.locale);
      case 'terms':
        return termsTable(
          await protectTerms(rule, filter, await reads.topTerms(filter, query.limit)),
          query.locale,
        );
      case 'trending': {
        const report = await trendingTerms(reads, filter, query.limit, deps.now());
        const current = { ...filter, ...report.current };
        return trendingTable(await protectTerms(rule, current, report.terms), query.locale);
      }
      case 'voices': {
        // Public accounts only: no person is among them, so no group to protect.
        const reader = publicVoicesFor(store);
        if (!reader) throw new HttpError(503, 'public voices are not available on this store');
        return voicesTable(reader.publicVoices(filter, query.limit), query.locale);
      }
      case 'compare': {
        const { from, to } = filter;
        if (from === undefined || to === undefined)
          throw new HttpError(400, 'from: a comparison needs both from and to', { field: 'from' });
        const comparison = await comparePeriods(
          reads,
          { ...filter, from, to },
          Math.min(query.limit, 50),
        );
        return comparisonTable(await protectComparison(rule, filter, comparison), query.locale);
      }
    }
  }
}

function stem(topic: number | undefined, what: string): string {
  return topic === undefined ? `nghe-${what}` : `nghe-topic-${topic}-${what}`;
}
