// Live mentions of one topic as Server-Sent Events: `event: mention` with the Mention JSON for
// each mention tagged after the client connected, and a comment line now and then so proxies
// keep the connection open.
import { streamSSE } from 'hono/streaming';
import type { Mention } from '../../model.js';
import type { ApiDeps } from '../api-deps.js';
import { HttpError, notFound } from '../api-error.js';
import { defineRoute, type Route } from '../route.js';
import { idParams } from '../schemas.js';

/** Client reconnect delay suggested in the stream (ms). */
const RETRY_MS = 5000;
/** A client this far behind is dropped rather than buffered without bound. */
const MAX_QUEUED_EVENTS = 1000;

export function topicStreamRoutes(deps: ApiDeps): Route[] {
  const { store, events } = deps;
  return [
    defineRoute({
      id: 'streamTopic',
      method: 'get',
      path: '/api/topics/:id/stream',
      summary: 'Mentions newly tagged with this topic, as text/event-stream',
      tag: 'topics',
      params: idParams,
      responses: {
        200: {
          description: '`event: mention` with Mention JSON data; comment lines as heartbeat',
          contentType: 'text/event-stream',
        },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, audit }) {
        const topic = await store.getTopic(params.id);
        if (!topic) throw notFound('topic');
        if (!events) throw new HttpError(503, 'live events are not available on this server');
        await audit({ topic: topic.id }, null);
        return streamSSE(c, async (stream) => {
          let queued = 0;
          let writing: Promise<void> = stream.writeSSE({
            event: 'ready',
            data: '{}',
            retry: RETRY_MS,
          });
          const enqueue = (write: () => Promise<void>) => {
            if (queued >= MAX_QUEUED_EVENTS) {
              stream.abort();
              return;
            }
            queued++;
            writing = writing
              .then(write)
              .catch(() => stream.abort())
              .finally(() => {
                queued--;
              });
          };
          const unsubscribe = events.onTagged((mention: Mention, topicIds: number[]) => {
            if (!topicIds.includes(topic.id) || stream.aborted) return;
            enqueue(() =>
              stream.writeSSE({
                event: 'mention',
                id: String(mention.id),
                data: JSON.stringify(mention),
              }),
            );
          });
          const heartbeat = setInterval(
            () => enqueue(() => stream.write(': keep-alive\n\n').then(() => {})),
            deps.heartbeatMs,
          );
          await new Promise<void>((done) => {
            let finished = false;
            const finish = () => {
              if (finished) return;
              finished = true;
              clearInterval(heartbeat);
              unsubscribe();
              done();
            };
            if (stream.aborted || c.req.raw.signal.aborted) finish();
            stream.onAbort(finish);
            c.req.raw.signal.addEventListener('abort', () => {
              stream.abort();
            });
          });
        });
      },
    }),
  ];
}
