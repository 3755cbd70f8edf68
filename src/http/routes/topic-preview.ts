// What a topic's query would match before it is saved: an exact count (up to a cap) and the
// newest matches, narrowed by the same languages, platforms and sources a topic takes.
import { z } from 'zod';
import type { ListMentionsOptions } from '../../store/listening-store.js';
import type { ApiDeps } from '../api-deps.js';
import { countMentions } from '../mention-count.js';
import { requireValidQuery } from '../query-check.js';
import { mentionSchema } from '../response-schemas.js';
import { defineRoute, type Route } from '../route.js';
import { newTopicBody } from '../schemas.js';

/** Matches counted at most for a preview: enough to judge a query, quick to answer. */
export const PREVIEW_COUNT_CAP = 50_000;

const previewBody = z.strictObject({
  query: newTopicBody.shape.query,
  langs: newTopicBody.shape.langs,
  platforms: newTopicBody.shape.platforms,
  sourceIds: newTopicBody.shape.sourceIds,
  limit: z.number().int().min(1).max(50).default(10),
});

const previewSchema = z.object({
  total: z.number(),
  exact: z.boolean(),
  mentions: z.array(mentionSchema),
});

export function topicPreviewRoutes({ reads }: ApiDeps): Route[] {
  return [
    defineRoute({
      id: 'previewTopic',
      method: 'post',
      path: '/api/topics/preview',
      summary: 'How many stored mentions a topic query matches, and the newest of them',
      tag: 'topics',
      access: { allow: 'search', resource: 'none' },
      body: previewBody,
      responses: {
        200: {
          description: 'the count (exact unless past the cap) and the newest matches',
          schema: previewSchema,
        },
        400: { description: 'ApiError; a malformed query carries position and expected' },
      },
      async handle({ c, body, audit }) {
        requireValidQuery(body.query, 'query');
        const options: ListMentionsOptions = { query: body.query };
        if (body.langs) options.langs = body.langs;
        if (body.platforms) options.platforms = body.platforms;
        if (body.sourceIds) options.sourceIds = body.sourceIds;
        const [count, page] = await Promise.all([
          countMentions(reads, options, PREVIEW_COUNT_CAP),
          reads.listMentions({ ...options, sort: 'newest', limit: body.limit }),
        ]);
        await audit(options, count.total);
        return c.json({ ...count, mentions: page.mentions });
      },
    }),
  ];
}
