// Analytics: figures from the store's roll-ups, all narrowed by the same filter.
import { z } from 'zod';
import { shareOfVoice } from '../../analysis/trends.js';
import { smallGroupRuleFor } from '../../privacy/small-group-rule-for.js';
import {
  protectBreakdown,
  protectCount,
  protectSeries,
  protectShare,
  protectTerms,
} from '../../privacy/small-groups.js';
import type { MentionFilter } from '../../store/listening-store.js';
import { type ApiDeps, toMentionFilter } from '../api-deps.js';
import { HttpError } from '../api-error.js';
import type { ShareOfVoiceRow } from '../api-types.js';
import {
  protectedBreakdownSchema,
  protectedSeriesPointSchema,
  protectedShareSchema,
} from '../protected-schemas.js';
import {
  shareOfVoiceRowSchema,
  spikeSchema,
  termRowSchema,
  trendingSchema,
} from '../response-schemas.js';
import { defineRoute, type Route } from '../route.js';
import {
  breakdownQuery,
  filterQuery,
  seriesQuery,
  shareOfVoiceQuery,
  spikesQuery,
  termsQuery,
} from '../schemas.js';
import { seriesOptions } from '../series-options.js';
import { detectSpikes } from '../spike-figures.js';
import { suppressedBuckets } from '../suppressed-buckets.js';
import { trendingTerms } from '../trending-terms.js';

/** Breakdown rows read past a page's limit, to merge into `other`. */
const BREAKDOWN_BEYOND = 1_000;

export function analyticsRoutes(deps: ApiDeps): Route[] {
  const { store, reads } = deps;
  return [
    defineRoute({
      id: 'analyticsSeries',
      method: 'get',
      path: '/api/analytics/series',
      summary: 'Mentions per hour, day or week, with classified counts and estimated shares',
      tag: 'analytics',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topic', withoutId: 'search' },
      query: seriesQuery,
      responses: {
        200: {
          description:
            'one point per bucket; `sentiment` holds the estimated shares of its mentions',
          schema: z.object({ points: z.array(protectedSeriesPointSchema) }),
        },
      },
      async handle({ c, query, audit }) {
        const filter = toMentionFilter(query);
        const options = seriesOptions(filter, query, deps.now());
        const points = await reads.estimatedSeries(options);
        await audit({ ...filter, interval: query.interval, tz: query.tz }, sumTotals(points));
        return c.json({
          points: await protectSeries(smallGroupRuleFor(store), filter, points, null),
        });
      },
    }),
    defineRoute({
      id: 'analyticsSentiment',
      method: 'get',
      path: '/api/analytics/sentiment',
      summary: 'Estimated sentiment shares and net sentiment with intervals; classified counts',
      tag: 'analytics',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topic', withoutId: 'search' },
      query: filterQuery,
      responses: {
        200: {
          description: 'shares estimated with their interval, and counts of predicted labels',
          schema: protectedShareSchema,
        },
      },
      async handle({ c, query, audit }) {
        const filter = toMentionFilter(query);
        const share = await reads.sentimentShare(filter);
        await audit(filter, share.total);
        return c.json(await protectShare(smallGroupRuleFor(store), filter, share));
      },
    }),
    defineRoute({
      id: 'analyticsBreakdown',
      method: 'get',
      path: '/api/analytics/breakdown',
      summary: 'Counts by platform, language, sentiment or source',
      tag: 'analytics',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topic', withoutId: 'search' },
      query: breakdownQuery,
      responses: {
        200: {
          description:
            'largest first; by sentiment the rows are classified counts, and `sentiment` holds the estimated shares',
          schema: protectedBreakdownSchema,
        },
      },
      async handle({ c, query, audit }) {
        const filter = toMentionFilter(query);
        // Rows past the limit are read too: they fold into `other` (src/privacy/small-groups.ts).
        const all = await reads.breakdown(query.by, filter, query.limit + BREAKDOWN_BEYOND);
        const rows = all.slice(0, query.limit);
        await audit(
          { ...filter, by: query.by },
          rows.reduce((sum, row) => sum + row.count, 0),
        );
        const rule = smallGroupRuleFor(store);
        const shown = await protectBreakdown(rule, query.by, filter, rows, all.slice(query.limit));
        if (query.by === 'sentiment') {
          const share = await reads.sentimentShare(filter);
          return c.json({ ...shown, sentiment: await protectShare(rule, filter, share) });
        }
        return c.json(shown);
      },
    }),
    defineRoute({
      id: 'analyticsTerms',
      method: 'get',
      path: '/api/analytics/terms',
      summary: 'Most frequent keywords',
      tag: 'analytics',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topic', withoutId: 'search' },
      query: termsQuery,
      responses: {
        200: {
          description: 'most frequent first',
          schema: z.object({ terms: z.array(termRowSchema) }),
        },
      },
      async handle({ c, query, audit }) {
        const filter = toMentionFilter(query);
        const terms = await reads.topTerms(filter, query.limit);
        await audit(filter, terms.length);
        return c.json({ terms: await protectTerms(smallGroupRuleFor(store), filter, terms) });
      },
    }),
    defineRoute({
      id: 'analyticsTrending',
      method: 'get',
      path: '/api/analytics/trending',
      summary: 'Keywords unusually frequent now against the preceding window',
      tag: 'analytics',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topic', withoutId: 'search' },
      query: termsQuery,
      responses: {
        200: { description: 'terms with the windows compared', schema: trendingSchema },
      },
      async handle({ c, query, audit }) {
        const filter = toMentionFilter(query);
        const report = await trendingTerms(reads, filter, query.limit, deps.now());
        await audit(filter, report.terms.length);
        const current = { ...filter, ...report.current };
        return c.json({
          ...report,
          terms: await protectTerms(smallGroupRuleFor(store), current, report.terms),
        });
      },
    }),
    defineRoute({
      id: 'analyticsSpikes',
      method: 'get',
      path: '/api/analytics/spikes',
      summary: 'Buckets where volume or the negative share jumped',
      tag: 'analytics',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topic', withoutId: 'search' },
      query: spikesQuery,
      responses: {
        200: {
          description: 'spikes and how they were found',
          schema: z.object({ spikes: z.array(spikeSchema), method: z.string() }),
        },
      },
      async handle({ c, query, audit }) {
        const filter = toMentionFilter(query);
        const points = await reads.series(seriesOptions(filter, query, null));
        const report = detectSpikes(points, query.metric);
        await audit(
          { ...filter, interval: query.interval, metric: query.metric },
          report.spikes.length,
        );
        // A spike is a bucket's figure: none is reported where the bucket is suppressed.
        const hidden = await suppressedBuckets(smallGroupRuleFor(store), filter, points);
        return c.json({ ...report, spikes: report.spikes.filter((spike) => !hidden.has(spike.t)) });
      },
    }),
    defineRoute({
      id: 'analyticsShareOfVoice',
      method: 'get',
      path: '/api/analytics/share-of-voice',
      summary: 'How the volume divides between topics',
      tag: 'analytics',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topics', withoutId: 'search' },
      query: shareOfVoiceQuery,
      responses: {
        200: {
          description: 'one row per topic',
          schema: z.object({ rows: z.array(shareOfVoiceRowSchema) }),
        },
      },
      async handle({ c, query, audit }) {
        const ids = [...new Set(query.topics)];
        const range = (topicId: number): MentionFilter => ({
          topicId,
          ...(query.from === undefined ? {} : { from: query.from }),
          ...(query.to === undefined ? {} : { to: query.to }),
        });
        const volumes = await Promise.all(
          ids.map(async (topicId) => {
            const topic = await store.getTopic(topicId);
            if (!topic)
              throw new HttpError(400, `topics: no topic ${topicId}`, { field: 'topics' });
            const share = await reads.sentimentShare(range(topicId));
            const count = await protectCount(smallGroupRuleFor(store), range(topicId), share.total);
            return { topicId, name: topic.name, count };
          }),
        );
        // A topic whose volume would single out a group is left out of the division.
        const shown = volumes.filter(
          (row): row is typeof row & { count: number } => row.count !== null,
        );
        const rows: ShareOfVoiceRow[] = shareOfVoice(shown);
        const total = shown.reduce((sum, row) => sum + row.count, 0);
        await audit({ topics: ids, from: query.from, to: query.to }, total);
        return c.json({ rows });
      },
    }),
  ];
}

function sumTotals(points: { total: number }[]): number {
  return points.reduce((sum, point) => sum + point.total, 0);
}
