// The HTTP face of nghe. Routes are thin: parse, call the store, answer JSON.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Store } from '../store/store.js';

export interface HttpAppOptions {
  store: Store;
  version: string;
}

export function createHttpApp({ store, version }: HttpAppOptions): Hono {
  const app = new Hono();

  // Aggregate counts only: health says nothing about any mention or author.
  app.get('/api/health', async (c) => {
    const [mentions, sources] = await Promise.all([store.countMentions(), store.listSources()]);
    const failing = sources.filter((s) => s.health.consecutiveFailures > 0).length;
    return c.json({
      status: 'ok',
      version,
      mentions,
      sources: sources.length,
      failingSources: failing,
    });
  });

  app.notFound((c) =>
    c.json({ error: { status: 404, message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError((error, c) => {
    console.error(`http: ${c.req.method} ${c.req.path}: ${error.message}`);
    return c.json({ error: { status: 500, message: 'internal error' } }, 500);
  });
  return app;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export function startHttpServer(app: Hono, host: string, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      const shownHost = info.address.includes(':') ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
    server.once('error', reject);
  });
}
