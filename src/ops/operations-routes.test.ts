import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';
import { mountOperations, routeTiming } from './operations-routes.js';

function appWith(ready: () => Promise<void>, m = new Metrics({ defaultMetrics: false })) {
  const app = new Hono();
  mountOperations(app, { ready, metrics: m });
  app.get('/api/things', routeTiming(m, 'GET /api/things'), (c) => c.json([]));
  return { app, m };
}

describe('operations routes', () => {
  it('answers /healthz and /readyz while the store answers', async () => {
    const { app } = appWith(async () => {});
    expect((await app.request('/healthz')).status).toBe(200);
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
  });

  it('answers /readyz 503 with the reason when the store does not answer', async () => {
    const { app } = appWith(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    });
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      ready: false,
      error: 'connect ECONNREFUSED 127.0.0.1:5432',
    });
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('times routes by their declared path and serves them at /metrics', async () => {
    const { app } = appWith(async () => {});
    await app.request('/api/things');
    await app.request('/api/things');
    const scraped = await app.request('/metrics');
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await scraped.text()).toContain(
      'nghe_http_request_duration_seconds_count{route="GET /api/things",method="GET",status="200"} 2',
    );
  });
});
