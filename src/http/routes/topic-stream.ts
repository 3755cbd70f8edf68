// Live mentions of one topic as Server-Sent Events: `event: mention` with the Mention JSON for
// each mention tagged after the client connected, and a comment line now and then so proxies
// keep the connection open. The streams themselves (one serialisation per event, caps, slow
// clients dropped with a reason) are the hub's (sse-hub.ts).
import type { ApiDeps } from '../api-deps.js';
import { HttpError, notFound } from '../api-error.js';
import { defineRoute, type Route } from '../route.js';
import { idParams } from '../schemas.js';
import { clientKey } from '../server-guards.js';

export function topicStreamRoutes(deps: ApiDeps): Route[] {
  const { store, streams } = deps;
  return [
    defineRoute({
      id: 'streamTopic',
      method: 'get',
      path: '/api/topics/:id/stream',
      summary: 'Mentions newly tagged with this topic, as text/event-stream',
      tag: 'topics',
      access: { allow: 'read', resource: 'topic' },
      params: idParams,
      responses: {
        200: {
          description: '`event: mention` with Mention JSON data; comment lines as heartbeat',
          contentType: 'text/event-stream',
        },
        404: { description: 'ApiError' },
        429: { description: 'ApiError: this token has its limit of streams open' },
        503: { description: 'ApiError: the server has its limit of streams open' },
      },
      async handle({ c, params, audit }) {
        const topic = await store.getTopic(params.id);
        if (!topic) throw notFound('topic');
        if (!streams) throw new HttpError(503, 'live events are not available on this server');
        // Opening checks the caps before anything is recorded.
        const body = streams.open(topic.id, clientKey(c) ?? 'anonymous', c.req.raw.signal);
        await audit({ topic: topic.id }, null);
        return c.body(body, 200, {
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-cache',
          Connection: 'keep-alive',
        });
      },
    }),
  ];
}
