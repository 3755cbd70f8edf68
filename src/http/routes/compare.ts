// A range compared with the previous period of the same length.
import { z } from 'zod';
import { smallGroupRuleFor } from '../../privacy/small-group-rule-for.js';
import { type ApiDeps, toMentionFilter } from '../api-deps.js';
import { HttpError } from '../api-error.js';
import { comparePeriods } from '../period-comparison.js';
import { protectComparison } from '../protected-comparison.js';
import { protectedShareSchema } from '../protected-schemas.js';
import { countRowSchema, termRowSchema } from '../response-schemas.js';
import { defineRoute, type Route } from '../route.js';
import { filterQuery } from '../schemas.js';

export const compareQuery = filterQuery.extend({
  limit: z.coerce.number().int().min(1).max(50).default(10).describe('terms and sources, 1..50'),
});

const periodSchema = z.object({
  from: z.string(),
  to: z.string(),
  volume: z.number().nullable().describe('null: from fewer than k persons'),
  sentiment: protectedShareSchema,
  terms: z.array(termRowSchema),
  sources: z.array(countRowSchema),
});

export function compareRoutes({ store, reads }: ApiDeps): Route[] {
  return [
    defineRoute({
      id: 'analyticsCompare',
      method: 'get',
      path: '/api/analytics/compare',
      summary: 'Volume, sentiment shares, top terms and sources against the previous period',
      tag: 'analytics',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topic', withoutId: 'search' },
      query: compareQuery,
      responses: {
        200: {
          description: 'the range asked and the period of the same length before it',
          schema: z.object({
            current: periodSchema,
            previous: periodSchema,
            volumeChange: z.number().nullable(),
          }),
        },
        400: { description: 'ApiError: from and to are both needed, from before to' },
      },
      async handle({ c, query, audit }) {
        const filter = toMentionFilter(query);
        const { from, to } = filter;
        if (from === undefined || to === undefined) {
          throw new HttpError(400, 'from: a comparison needs both from and to', { field: 'from' });
        }
        if (Date.parse(from) >= Date.parse(to)) {
          throw new HttpError(400, 'to: must be after from', { field: 'to' });
        }
        const comparison = await comparePeriods(reads, { ...filter, from, to }, query.limit);
        await audit(filter, comparison.current.volume + comparison.previous.volume);
        return c.json(await protectComparison(smallGroupRuleFor(store), filter, comparison));
      },
    }),
  ];
}
