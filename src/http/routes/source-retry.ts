// Fetch a source again at the next collection round instead of waiting out its backoff.
import type { ApiDeps } from '../api-deps.js';
import { notFound } from '../api-error.js';
import { sourceSchema } from '../response-schemas.js';
import { defineRoute, type Route } from '../route.js';
import { idParams } from '../schemas.js';

export function sourceRetryRoutes({ store, now }: ApiDeps): Route[] {
  return [
    defineRoute({
      id: 'retrySource',
      method: 'post',
      path: '/api/sources/:id/retry',
      summary: 'Make a source due now (collection picks it up on its next round); enables it',
      tag: 'sources',
      access: { allow: 'manage', resource: 'source' },
      params: idParams,
      responses: {
        200: { description: 'the source, due now', schema: sourceSchema },
        404: { description: 'ApiError' },
      },
      async handle({ c, params }) {
        const source = await store.getSource(params.id);
        if (!source) throw notFound('source');
        await store.updateSource(params.id, {
          enabled: true,
          schedule: { ...source.schedule, nextFetchAt: now().toISOString() },
        });
        return c.json(await store.getSource(params.id));
      },
    }),
  ];
}
