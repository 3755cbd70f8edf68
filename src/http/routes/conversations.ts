// Conversations: a mention's thread (its root with comments and replies) and its engagement
// over time.

import { z } from 'zod';
import { publicThreadNode } from '../../privacy/public-mention.js';
import type { ApiDeps } from '../api-deps.js';
import { notFound } from '../api-error.js';
import type { EngagementSeries, Thread, ThreadNode } from '../api-types.js';
import { engagementSeriesSchema, threadSchema } from '../response-schemas.js';
import { defineRoute, type Route } from '../route.js';
import { idParams } from '../schemas.js';

const MAX_THREAD = 5000;
const MAX_POINTS = 10_000;

const threadQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_THREAD)
    .default(500)
    .describe(`comments and replies returned, oldest first: 1..${MAX_THREAD}`),
});

const engagementQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_POINTS)
    .default(1000)
    .describe(`latest observations returned, oldest first: 1..${MAX_POINTS}`),
});

function countNodes(nodes: ThreadNode[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countNodes(node.replies), 0);
}

export function conversationRoutes({ store }: ApiDeps): Route[] {
  return [
    defineRoute({
      id: 'getThread',
      method: 'get',
      path: '/api/mentions/:id/thread',
      summary: 'The conversation a mention is part of: its root with comments and replies',
      tag: 'mentions',
      access: { allow: 'read', resource: 'mention' },
      params: idParams,
      query: threadQuery,
      responses: {
        200: {
          description:
            'the tree, oldest first at each level, each mention with its sentiment and latest engagement',
          schema: threadSchema,
        },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, query, audit }) {
        const thread = await store.getThread(params.id, { limit: query.limit });
        if (!thread) throw notFound('mention');
        const count = countNodes(thread.root ? [thread.root] : []) + countNodes(thread.unattached);
        await audit({ id: params.id, limit: query.limit }, count);
        return c.json({
          ...thread,
          root: thread.root && publicThreadNode(thread.root),
          unattached: thread.unattached.map(publicThreadNode),
        } satisfies Thread);
      },
    }),
    defineRoute({
      id: 'getEngagement',
      method: 'get',
      path: '/api/mentions/:id/engagement',
      summary: 'A mention’s likes, comments, shares and views as observed over time',
      tag: 'mentions',
      access: { allow: 'read', resource: 'mention' },
      params: idParams,
      query: engagementQuery,
      responses: {
        200: {
          description: 'observations oldest first; null where the platform did not report a count',
          schema: engagementSeriesSchema,
        },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, query, audit }) {
        const points = await store.engagementHistory(params.id, query.limit);
        if (!points) throw notFound('mention');
        await audit({ id: params.id, limit: query.limit }, points.length);
        return c.json({ mentionId: params.id, points } satisfies EngagementSeries);
      },
    }),
  ];
}
