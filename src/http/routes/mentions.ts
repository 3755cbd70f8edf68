// Mentions: the drill-down list behind every figure, and single mentions.
import { publicMention } from '../../privacy/public-mention.js';
import type { ListMentionsOptions } from '../../store/listening-store.js';
import { type ApiDeps, toMentionFilter } from '../api-deps.js';
import { HttpError, notFound } from '../api-error.js';
import type { MentionPage } from '../api-types.js';
import { isEngagementCursor, listByEngagement } from '../engagement-order.js';
import { requireValidQuery } from '../query-check.js';
import { mentionPageSchema, mentionSchema } from '../response-schemas.js';
import { defineRoute, type Route } from '../route.js';
import { idParams, mentionsQuery } from '../schemas.js';

export function mentionRoutes({ reads }: ApiDeps): Route[] {
  return [
    defineRoute({
      id: 'listMentions',
      method: 'get',
      path: '/api/mentions',
      summary: 'Mentions matching the filters and query, one page at a time',
      tag: 'mentions',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topic', withoutId: 'search' },
      query: mentionsQuery,
      responses: {
        200: {
          description: 'one page; pass nextCursor as cursor for the next',
          schema: mentionPageSchema,
        },
        400: { description: 'ApiError; a malformed q carries position and expected' },
      },
      async handle({ c, query, audit }) {
        const q = query.q?.trim() || undefined;
        if (q !== undefined) requireValidQuery(q, 'q');
        const byEngagement = query.sort === 'engagement';
        const options: ListMentionsOptions = {
          ...toMentionFilter(query),
          sort: query.sort === 'oldest' ? 'oldest' : 'newest',
          limit: query.limit,
        };
        if (q !== undefined) options.query = q;
        if (query.cursor !== undefined) options.cursor = query.cursor;
        if (byEngagement && query.cursor !== undefined && !isEngagementCursor(query.cursor)) {
          throw new HttpError(400, 'cursor: not a cursor from this API', { field: 'cursor' });
        }
        // Stores refuse a cursor they did not issue with a RangeError naming it.
        const badCursor = (error: unknown): never => {
          if (options.cursor !== undefined && error instanceof RangeError) {
            throw new HttpError(400, 'cursor: not a cursor from this API', { field: 'cursor' });
          }
          throw error;
        };
        const { cursor: _cursor, ...asked } = options;
        if (!byEngagement) {
          // The page comes as its JSON text, made where it was read (mention-page-body.ts).
          const page = await reads.listMentionsBody(options).catch(badCursor);
          await audit(asked, page.count);
          return c.body(page.json, 200, { 'Content-Type': 'application/json' });
        }
        const page = await listByEngagement(reads, options).catch(badCursor);
        await audit({ ...asked, sort: 'engagement' }, page.mentions.length);
        return c.json({
          mentions: page.mentions.map(publicMention),
          nextCursor: page.nextCursor,
        } satisfies MentionPage);
      },
    }),
    defineRoute({
      id: 'getMention',
      method: 'get',
      path: '/api/mentions/:id',
      summary: 'One mention',
      tag: 'mentions',
      access: { allow: 'read', resource: 'mention' },
      params: idParams,
      responses: {
        200: { description: 'the mention', schema: mentionSchema },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, audit }) {
        const mention = await reads.getMention(params.id);
        if (!mention) throw notFound('mention');
        await audit({ id: params.id }, 1);
        return c.json(publicMention(mention));
      },
    }),
  ];
}
