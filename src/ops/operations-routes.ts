// /healthz, /readyz and /metrics on a Hono app: outside /api, unauthenticated, meant for the
// load balancer and the Prometheus scraper on the operator's network (README: Operations).
import type { Hono, MiddlewareHandler } from 'hono';
import { answerReadiness, type ReadinessCheck } from './health.js';
import type { Metrics } from './metrics.js';

export interface OperationsOptions {
  ready: ReadinessCheck;
  metrics: Metrics;
}

// biome-ignore lint/suspicious/noExplicitAny: any Hono environment serves these routes
export function mountOperations(app: Hono<any>, options: OperationsOptions): void {
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    const answer = await answerReadiness(options.ready);
    return c.json(answer.body, answer.status);
  });
  app.get('/metrics', async (c) => {
    const { body, contentType } = await options.metrics.exposition();
    return c.body(body, 200, { 'Content-Type': contentType });
  });
}

/** Times each answer of one declared route into the API latency histogram. */
export function routeTiming(metrics: Metrics, label: string): MiddlewareHandler {
  return async (c, next) => {
    const stop = metrics.httpDuration.startTimer({ route: label, method: c.req.method });
    try {
      await next();
    } finally {
      stop({ status: String(c.res.status) });
    }
  };
}
