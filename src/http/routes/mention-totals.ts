// The exact number of mentions a list holds, for the filters and query the list was asked with.
import { z } from 'zod';
import { type ApiDeps, toMentionFilter } from '../api-deps.js';
import { countMentions } from '../mention-count.js';
import { requireValidQuery } from '../query-check.js';
import { defineRoute, type Route } from '../route.js';
import { filterQuery, mentionsQuery } from '../schemas.js';

const countQuery = filterQuery.extend({ q: mentionsQuery.shape.q });

export function mentionTotalRoutes({ reads }: ApiDeps): Route[] {
  return [
    defineRoute({
      id: 'countMentions',
      method: 'get',
      path: '/api/mentions/count',
      summary: 'How many mentions match the filters and query',
      tag: 'mentions',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topic', withoutId: 'search' },
      query: countQuery,
      responses: {
        200: {
          description: 'exact unless past 200,000, where `exact` is false',
          schema: z.object({ total: z.number(), exact: z.boolean() }),
        },
        400: { description: 'ApiError; a malformed q carries position and expected' },
      },
      async handle({ c, query, audit }) {
        const q = query.q?.trim() || undefined;
        if (q !== undefined) requireValidQuery(q, 'q');
        const options = { ...toMentionFilter(query), ...(q === undefined ? {} : { query: q }) };
        const total = await countMentions(reads, options);
        await audit(options, total.total);
        return c.json(total);
      },
    }),
  ];
}
