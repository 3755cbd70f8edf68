// The pages, channels and outlets that drive a topic. Persons never appear.
import { z } from 'zod';
import { publicVoicesFor } from '../../store/sqlite/public-voices.js';
import { type ApiDeps, toMentionFilter } from '../api-deps.js';
import { HttpError } from '../api-error.js';
import { defineRoute, type Route } from '../route.js';
import { filterQuery } from '../schemas.js';

export const voicesQuery = filterQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(20).describe('1..200'),
});

export const publicVoiceSchema = z.object({
  name: z.string(),
  kind: z.enum(['page', 'channel', 'outlet']),
  platform: z.string(),
  mentions: z.number(),
  likes: z.number(),
  comments: z.number(),
  shares: z.number(),
  views: z.number(),
  reach: z.number().describe('likes + comments + shares the platforms reported'),
  positive: z.number(),
  neutral: z.number(),
  negative: z.number(),
});

export function voiceRoutes({ store }: ApiDeps): Route[] {
  return [
    defineRoute({
      id: 'analyticsVoices',
      method: 'get',
      path: '/api/analytics/voices',
      summary: 'Public accounts (pages, channels, outlets) by mentions, reach and sentiment',
      tag: 'analytics',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topic', withoutId: 'search' },
      query: voicesQuery,
      responses: {
        200: {
          description: 'most mentions first; persons are never listed',
          schema: z.object({ voices: z.array(publicVoiceSchema) }),
        },
        503: { description: 'ApiError: this store cannot group mentions by author' },
      },
      async handle({ c, query, audit }) {
        const reader = publicVoicesFor(store);
        if (!reader) throw new HttpError(503, 'public voices are not available on this store');
        const filter = toMentionFilter(query);
        const voices = reader.publicVoices(filter, query.limit);
        await audit(filter, voices.length);
        return c.json({ voices });
      },
    }),
  ];
}
