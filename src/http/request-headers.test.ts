// Headers read from and set on the Node request and response give what the Fetch objects gave:
// a request field's value as `Headers` joins and trims it, and every API answer carries the
// same security headers on a real server as through app.request, a handler's own winning.
import type { Context } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createListeningEvents } from '../jobs/listening-events.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { requestHeader } from './request-headers.js';
import { createHttpApp, type RunningServer, startHttpServer } from './server.js';
import { hashApiToken } from './token-auth.js';

const TOKEN = 'nghe_headers-test-token-0123456789abcdefghijklmnopq';

/** A context as Hono's Node adapter makes it, over raw request fields. */
function nodeContext(raw: string[]): Context {
  return {
    env: { incoming: { rawHeaders: raw } },
    req: {
      header: () => {
        throw new Error('the Fetch headers were read');
      },
    },
  } as unknown as Context;
}

describe('request headers from the Node request', () => {
  const cases: string[][] = [
    ['Authorization', 'Bearer abc', 'Host', 'x'],
    ['authorization', '  Bearer abc \t', 'host', 'x'],
    ['AUTHORIZATION', 'Bearer a', 'Accept', '*/*', 'Authorization', 'Bearer b'],
    ['X-Forwarded-Proto', 'https', 'x-forwarded-proto', 'http'],
    ['Host', 'x'],
    ['Authorization', ''],
  ];
  it.each(cases)('gives what Fetch Headers give for %j', (...raw) => {
    const fetchHeaders = new Headers();
    for (let i = 0; i < raw.length; i += 2) fetchHeaders.append(raw[i]!, raw[i + 1]!);
    for (const name of ['Authorization', 'x-forwarded-proto', 'Cookie']) {
      expect(requestHeader(nodeContext(raw), name)).toBe(fetchHeaders.get(name) ?? undefined);
    }
  });
});

describe('response headers of the API', () => {
  let store: SqliteStore | null = null;
  let server: RunningServer | null = null;
  afterEach(async () => {
    await server?.close();
    await store?.close();
    server = null;
    store = null;
  });

  it('are the same on a real server as through app.request, a handler setting its own winning', async () => {
    store = openSqliteStore(':memory:');
    await store.createApiToken('tester', hashApiToken(TOKEN));
    const topic = await store.createTopic({ name: 't', query: 'ngập' });
    const app = createHttpApp({
      store,
      version: 'test',
      log: () => {},
      events: createListeningEvents(),
    });
    server = await startHttpServer(app, '127.0.0.1', 0);
    const named = ['x-content-type-options', 'cache-control', 'content-type'] as const;
    const pick = (res: Response) => Object.fromEntries(named.map((n) => [n, res.headers.get(n)]));
    const paths = [
      ['/api/health', TOKEN],
      ['/api/mentions?limit=2', TOKEN],
      ['/api/mentions?limit=2', 'nghe_wrong-token-000000000000000000000000000000000'],
      ['/api/mentions?limit=2', null],
      ['/api/no-such-route', TOKEN],
      ['/api/docs', null],
    ] as const;
    for (const [path, token] of paths) {
      const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
      const real = await fetch(`${server.url}${path}`, { headers });
      const direct = await app.request(path, { headers });
      expect(real.status).toBe(direct.status);
      expect(pick(real)).toEqual(pick(direct));
      expect(real.headers.get('x-content-type-options')).toBe('nosniff');
      expect(real.headers.get('cache-control')).toBe(path === '/api/docs' ? null : 'no-store');
      await real.arrayBuffer();
    }
    // The event stream names its own Cache-Control.
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/api/topics/${topic.id}/stream`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('cache-control')).toBe('no-cache');
    expect(stream.headers.get('x-content-type-options')).toBe('nosniff');
    controller.abort();
  });
});
