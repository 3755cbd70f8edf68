// API calls through the one HTTP client: methods, headers and bodies, the platform's own rate
// limits in place of robots.txt and pacing, error bodies kept, the SSRF guard still on.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoopbackServer, listenOnLoopback } from '../connectors/test-support/loopback.js';
import { type ClosableHttpClient, createHttpClient } from './http-client.js';
import { fetchFailure as failure } from './test-support/fetch-failure.js';

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const servers: LoopbackServer[] = [];
const clients: ClosableHttpClient[] = [];

async function serve(
  handler: (seen: Seen, res: ServerResponse) => void,
): Promise<{ origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = await listenOnLoopback((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const hit = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      seen.push(hit);
      handler(hit, res);
    });
  });
  servers.push(server);
  return { origin: server.origin, seen };
}

function client(respectRobots = false): ClosableHttpClient {
  const created = createHttpClient({
    allowPrivateAddresses: true,
    respectRobots,
    perHostMinIntervalMs: 5_000,
    timeoutMs: 3_000,
  });
  clients.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('HTTP client: API requests', () => {
  it('posts form and JSON bodies with the caller headers', async () => {
    const { origin, seen } = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const http = client();
    await http.request({
      url: `${origin}/api/v1/access_token`,
      method: 'POST',
      headers: { Authorization: 'Basic aWQ6c2VjcmV0', 'User-Agent': 'web:nghe-test:0.1' },
      body: { form: { grant_type: 'client_credentials', note: 'ngập & mưa' } },
      api: {},
    });
    await http.request({
      url: `${origin}/json`,
      method: 'POST',
      body: { json: { q: 'ngập' } },
      api: {},
    });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      body: 'grant_type=client_credentials&note=ng%E1%BA%ADp+%26+m%C6%B0a',
    });
    expect(seen[0]?.headers).toMatchObject({
      authorization: 'Basic aWQ6c2VjcmV0',
      'user-agent': 'web:nghe-test:0.1',
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    });
    expect(seen[1]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[1]?.body ?? '')).toEqual({ q: 'ngập' });
  });

  it('skips robots.txt and host pacing, and reports the rate-limit window', async () => {
    const { origin, seen } = await serve((hit, res) => {
      if (hit.path === '/robots.txt') {
        res.writeHead(200).end('User-agent: *\nDisallow: /\n');
        return;
      }
      res
        .writeHead(200, {
          'x-ratelimit-remaining': '98.0',
          'x-ratelimit-used': '2',
          'x-ratelimit-reset': '30',
        })
        .end('{}');
    });
    const http = client(true);
    const started = performance.now();
    const first = await http.request({ url: `${origin}/r/vietnam/new`, api: {} });
    await http.request({ url: `${origin}/r/vietnam/new?after=t3_x`, api: {} });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(seen.map((s) => s.path)).not.toContain('/robots.txt');
    expect(first.rateLimit).toMatchObject({ limit: 100, remaining: 98 });
    // The same site read as pages still obeys robots.txt.
    expect((await failure(http.get({ url: `${origin}/r/vietnam/new` }))).code).toBe(
      'blocked-robots',
    );
  });

  it('waits for a spent window to renew, and fails fast when it renews too late', async () => {
    let reset = '1';
    const { origin, seen } = await serve((_, res) => {
      res.writeHead(200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }).end('{}');
    });
    const http = client();
    await http.request({ url: `${origin}/a`, api: { rateLimitKey: 'reddit:1' } });
    const started = performance.now();
    reset = '600';
    await http.request({ url: `${origin}/b`, api: { rateLimitKey: 'reddit:1' } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    const spent = await failure(
      http.request({ url: `${origin}/c`, api: { rateLimitKey: 'reddit:1' } }),
    );
    expect(spent.code).toBe('rate-limited');
    expect(spent.retryAfterSeconds).toBeGreaterThan(590);
    expect(seen).toHaveLength(2);
    // Another key has its own window.
    await http.request({ url: `${origin}/d`, api: { rateLimitKey: 'reddit:2' } });
    expect(seen).toHaveLength(3);
  });

  it('keeps a 429 window for the key and the error body for the caller', async () => {
    const { origin, seen } = await serve((hit, res) => {
      if (hit.path === '/quota') {
        res
          .writeHead(403, { 'content-type': 'application/json' })
          .end('{"error":{"code":403,"errors":[{"reason":"quotaExceeded"}]}}');
        return;
      }
      res.writeHead(429, { 'retry-after': '120' }).end('{"message":"Too Many Requests"}');
    });
    const http = client();
    const limited = await failure(http.request({ url: `${origin}/limited`, api: {} }));
    expect(limited).toMatchObject({ code: 'rate-limited', status: 429, retryAfterSeconds: 120 });
    expect(limited.body).toContain('Too Many Requests');
    const again = await failure(http.request({ url: `${origin}/limited`, api: {} }));
    expect(again.code).toBe('rate-limited');
    expect(seen).toHaveLength(1);

    const other = client();
    const quota = await failure(other.request({ url: `${origin}/quota`, api: {} }));
    expect(quota).toMatchObject({ code: 'http-status', status: 403 });
    expect(JSON.parse(quota.body ?? '')).toMatchObject({ error: { code: 403 } });
    // Pages keep no error body.
    expect((await failure(other.get({ url: `${origin}/quota` }))).body).toBeNull();
  });

  it('continues a POST answered 303 as a GET, and keeps credentials on their origin', async () => {
    const second = await serve((_, res) => res.writeHead(200).end('{}'));
    const { origin, seen } = await serve((hit, res) => {
      if (hit.path === '/token') res.writeHead(303, { location: '/done' }).end();
      else if (hit.path === '/away') res.writeHead(302, { location: `${second.origin}/x` }).end();
      else res.writeHead(200).end('{}');
    });
    const http = client();
    await http.request({
      url: `${origin}/token`,
      method: 'POST',
      headers: { authorization: 'Bearer s3cret' },
      body: { json: {} },
      api: {},
    });
    expect(seen.map((s) => [s.method, s.path])).toEqual([
      ['POST', '/token'],
      ['GET', '/done'],
    ]);
    expect(seen[1]?.headers.authorization).toBe('Bearer s3cret');
    await http.request({
      url: `${origin}/away`,
      headers: { authorization: 'Bearer s3cret' },
      api: {},
    });
    expect(second.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('keeps the address guard for API requests', async () => {
    const { origin } = await serve((_, res) => res.writeHead(200).end('{}'));
    const guarded = createHttpClient({ respectRobots: false });
    clients.push(guarded);
    expect((await failure(guarded.request({ url: `${origin}/x`, api: {} }))).code).toBe(
      'blocked-address',
    );
  });
});
