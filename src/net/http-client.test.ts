import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ClosableHttpClient,
  createHttpClient,
  type HttpClientOptions,
} from './http-client.js';
import { fetchFailure as failure } from './test-support/fetch-failure.js';
import type { FetchError } from './types.js';

interface Hit {
  path: string;
  at: number;
  headers: IncomingMessage['headers'];
}

interface Loopback {
  origin: string;
  port: number;
  hits: Hit[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const servers: Loopback[] = [];
const clients: ClosableHttpClient[] = [];

async function serve(handler: Handler, host = '127.0.0.1'): Promise<Loopback> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    hits.push({ path: req.url ?? '', at: performance.now(), headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const loopback: Loopback = {
    origin: `http://${host}:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(loopback);
  return loopback;
}

/** A client for loopback tests: private addresses allowed, no robots, no pacing. */
function client(options: HttpClientOptions = {}): ClosableHttpClient {
  const created = createHttpClient({
    allowPrivateAddresses: true,
    respectRobots: false,
    perHostMinIntervalMs: 0,
    timeoutMs: 2_000,
    ...options,
  });
  clients.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('createHttpClient: bodies and validators', () => {
  it('returns status, lower-cased headers, content type and body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: '"v1"', 'X-Thing': 'a' });
      res.end('<rss/>');
    });
    const response = await client().get({ url: `${server.origin}/feed#frag` });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${server.origin}/feed`);
    expect(response.notModified).toBe(false);
    expect(response.contentType).toBe('application/rss+xml');
    expect(response.headers['x-thing']).toBe('a');
    expect(response.etag).toBe('"v1"');
    expect(response.body.toString()).toBe('<rss/>');
    expect(server.hits[0]?.headers['user-agent']).toMatch(/^nghe\//);
    expect(server.hits[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('sends validators and reports 304 as not modified, keeping the validators', async () => {
    const server = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v7"') {
        res.writeHead(304);
        res.end();
        return;
      }
      res.writeHead(200, { ETag: '"v7"', 'Last-Modified': 'Mon, 01 Jan 2024 00:00:00 GMT' });
      res.end('fresh');
    });
    const http = client();
    const first = await http.get({ url: server.origin });
    expect(first.notModified).toBe(false);
    const second = await http.get({
      url: server.origin,
      etag: first.etag,
      lastModified: first.lastModified,
    });
    expect(second.status).toBe(304);
    expect(second.notModified).toBe(true);
    expect(second.body.length).toBe(0);
    expect(second.etag).toBe('"v7"');
    expect(second.lastModified).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
    expect(server.hits[1]?.headers['if-modified-since']).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
  });

  const text = 'Tin tức Việt Nam — '.repeat(500);
  const encodings: Array<[string, Buffer]> = [
    ['gzip', gzipSync(text)],
    ['deflate', deflateSync(text)],
    ['deflate', deflateRawSync(text)],
    ['br', brotliCompressSync(text)],
    ['gzip, br', brotliCompressSync(gzipSync(text))],
  ];
  it.each(encodings)('decodes Content-Encoding %s', async (encoding, payload) => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': encoding, 'Content-Length': payload.length });
      res.end(payload);
    });
    const response = await client().get({ url: server.origin });
    expect(response.body.toString('utf8')).toBe(text);
  });

  it('reads an empty body labelled gzip as empty', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': 0 });
      res.end();
    });
    expect((await client().get({ url: server.origin })).body.length).toBe(0);
  });

  it('reports an unknown content coding as a decode error', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'zstd-experimental' });
      res.end('x');
    });
    expect((await failure(client().get({ url: server.origin }))).code).toBe('decode');
  });

  it('reports a corrupt compressed body as a decode error', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' });
      res.end(Buffer.from('this is not gzip at all'));
    });
    expect((await failure(client().get({ url: server.origin }))).code).toBe('decode');
  });
});

describe('createHttpClient: size limits', () => {
  it('refuses a gzip bomb quickly and without inflating it into memory', async () => {
    // 200 gzip members of 1 MiB of zeros each: ~200 KB on the wire, 200 MiB inflated.
    const member = gzipSync(Buffer.alloc(1024 * 1024));
    const bomb = Buffer.concat(new Array<Buffer>(200).fill(member));
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': bomb.length });
      res.end(bomb);
    });
    const before = process.memoryUsage();
    const started = performance.now();
    const error = await failure(client({ maxBytes: 2 * 1024 * 1024 }).get({ url: server.origin }));
    const elapsed = performance.now() - started;
    const after = process.memoryUsage();
    expect(error.code).toBe('too-large');
    expect(elapsed).toBeLessThan(1_000);
    expect(after.rss - before.rss).toBeLessThan(64 * 1024 * 1024);
  });

  it('stops an endless body once past the limit', async () => {
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {}
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const started = performance.now();
    const error = await failure(client({ maxBytes: 256 * 1024 }).get({ url: server.origin }));
    expect(error.code).toBe('too-large');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses an oversized Content-Length before reading the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': 100 * 1024 * 1024 });
      res.write('only a little'); // and then nothing: reading would hang until a timeout
    });
    const started = performance.now();
    const error = await failure(
      client({ maxBytes: 1024 * 1024, idleTimeoutMs: 5_000 }).get({ url: server.origin }),
    );
    expect(error.code).toBe('too-large');
    expect(error.message).toContain('104857600');
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('honours a per-request maxBytes', async () => {
    const server = await serve((_req, res) => res.end('x'.repeat(2_000)));
    const http = client();
    expect((await failure(http.get({ url: server.origin, maxBytes: 1_000 }))).code).toBe(
      'too-large',
    );
    expect((await http.get({ url: server.origin, maxBytes: 5_000 })).body.length).toBe(2_000);
  });
});

describe('createHttpClient: time limits', () => {
  it('fails a slow-drip body within the total timeout even though bytes keep coming', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
    });
    const started = performance.now();
    const error = await failure(
      client({ timeoutMs: 600, idleTimeoutMs: 5_000 }).get({ url: server.origin }),
    );
    const elapsed = performance.now() - started;
    expect(error.code).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('fails when headers never come', async () => {
    const server = await serve(() => {});
    const started = performance.now();
    const error = await failure(client({ timeoutMs: 400 }).get({ url: server.origin }));
    expect(error.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('fails a stalled body on the idle timeout', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('start');
    });
    const started = performance.now();
    const error = await failure(
      client({ timeoutMs: 5_000, idleTimeoutMs: 300 }).get({ url: server.origin }),
    );
    expect(error.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('reports a stall inside a compressed body as a timeout, not as corruption', async () => {
    const gzipped = gzipSync('x'.repeat(100_000) + Math.random());
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' });
      res.write(gzipped.subarray(0, gzipped.length >> 1));
    });
    const error = await failure(
      client({ timeoutMs: 5_000, idleTimeoutMs: 300 }).get({ url: server.origin }),
    );
    expect(error.code).toBe('timeout');
  });

  it('passes the caller abort reason through', async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const pending = client().get({ url: server.origin, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    await expect(pending).rejects.toThrow('shutting down');
  });
});

describe('createHttpClient: redirects', () => {
  it('follows a chain within the limit and reports the final URL', async () => {
    const server = await serve((req, res) => {
      const step = Number(req.url?.slice(1) || '0');
      if (step < 3) {
        res.writeHead(step % 2 ? 301 : 302, { Location: `/${step + 1}` });
        res.end();
      } else res.end(`arrived at ${step}`);
    });
    const response = await client({ maxRedirects: 5 }).get({ url: `${server.origin}/0` });
    expect(response.url).toBe(`${server.origin}/3`);
    expect(response.body.toString()).toBe('arrived at 3');
  });

  it('stops a chain longer than the limit', async () => {
    const server = await serve((req, res) => {
      res.writeHead(307, { Location: `${req.url}x` });
      res.end();
    });
    const error = await failure(client({ maxRedirects: 3 }).get({ url: `${server.origin}/` }));
    expect(error.code).toBe('too-many-redirects');
    expect(server.hits.length).toBe(4);
  });

  it('detects a loop', async () => {
    const server = await serve((req, res) => {
      res.writeHead(302, { Location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    const error = await failure(client({ maxRedirects: 20 }).get({ url: `${server.origin}/a` }));
    expect(error.code).toBe('too-many-redirects');
    expect(error.message).toContain('loop');
    expect(server.hits.length).toBe(2);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { Location: 'file:///etc/passwd' });
      res.end();
    });
    expect((await failure(client().get({ url: server.origin }))).code).toBe('bad-url');
  });
});

describe('createHttpClient: status errors', () => {
  /** The error of a GET that a loopback server answers with `status`, `headers`, no body. */
  async function statusFailure(
    status: number,
    headers: Record<string, string> = {},
  ): Promise<FetchError> {
    const server = await serve((_req, res) => {
      res.writeHead(status, headers);
      res.end();
    });
    return failure(client().get({ url: server.origin }));
  }

  it('reports 500 with its status line', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500);
      res.end('oops');
    });
    const error = await failure(client().get({ url: server.origin }));
    expect(error.code).toBe('http-status');
    expect(error.status).toBe(500);
    expect(error.message).toBe('HTTP 500 Internal Server Error');
  });

  it('reports 429 with Retry-After seconds as rate-limited', async () => {
    const error = await statusFailure(429, { 'Retry-After': '120' });
    expect(error.code).toBe('rate-limited');
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(120);
  });

  it('reports 503 with a Retry-After date as rate-limited', async () => {
    const error = await statusFailure(503, {
      'Retry-After': new Date(Date.now() + 90_000).toUTCString(),
    });
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(88);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(91);
  });

  it('reports 503 without Retry-After as a plain status error', async () => {
    const error = await statusFailure(503);
    expect(error.code).toBe('http-status');
    expect(error.message).toBe('HTTP 503 Service Unavailable');
  });

  it('reports a refused connection', async () => {
    const server = await serve(() => {});
    await server.close();
    expect((await failure(client().get({ url: server.origin }))).code).toBe('connect');
  });

  it('rejects what is not an http(s) URL', async () => {
    expect((await failure(client().get({ url: 'ftp://example.com/x' }))).code).toBe('bad-url');
    expect((await failure(client().get({ url: 'not a url' }))).code).toBe('bad-url');
  });
});

describe('createHttpClient: address guard', () => {
  const ok: Handler = (_req, res) => res.end('ok');

  it('refuses a literal loopback address by default', async () => {
    const server = await serve(ok);
    const error = await failure(
      client({ allowPrivateAddresses: false }).get({ url: server.origin }),
    );
    expect(error.code).toBe('blocked-address');
    expect(server.hits.length).toBe(0);
  });

  it('refuses IPv4-mapped IPv6 and other spellings of loopback', async () => {
    const server = await serve(ok);
    const http = client({ allowPrivateAddresses: false });
    for (const host of ['[::ffff:127.0.0.1]', '0x7f.0.0.1', '2130706433', '[::1]']) {
      const error = await failure(http.get({ url: `http://${host}:${server.port}/` }));
      expect(error.code, host).toBe('blocked-address');
    }
    expect(server.hits.length).toBe(0);
  });

  it('refuses a name that resolves to loopback, at connect time', async () => {
    const server = await serve(ok);
    const error = await failure(
      client({ allowPrivateAddresses: false }).get({ url: `http://localhost:${server.port}/` }),
    );
    expect(error.code).toBe('blocked-address');
    expect(server.hits.length).toBe(0);
  });

  it('allows private addresses when asked to', async () => {
    const server = await serve(ok);
    const response = await client({ allowPrivateAddresses: true }).get({
      url: `http://localhost:${server.port}/`,
    });
    expect(response.body.toString()).toBe('ok');
  });

  // 127.0.0.2 stands in for a public site: Linux routes all of 127/8 to loopback.
  const isPublicForTest = (address: string) => address !== '127.0.0.2';
  it('refuses a redirect from an allowed host to a private one', async (context) => {
    const target = await serve(ok);
    let origin: Loopback;
    try {
      origin = await serve((req, res) => {
        const to = req.url === '/by-name' ? 'localhost' : '127.0.0.1';
        res.writeHead(302, { Location: `http://${to}:${target.port}/secret` });
        res.end();
      }, '127.0.0.2');
    } catch {
      console.log('skipped: cannot listen on 127.0.0.2 on this system');
      context.skip();
      return;
    }
    const http = client({ allowPrivateAddresses: false, isAddressBlocked: isPublicForTest });
    expect((await failure(http.get({ url: `${origin.origin}/by-ip` }))).code).toBe(
      'blocked-address',
    );
    expect((await failure(http.get({ url: `${origin.origin}/by-name` }))).code).toBe(
      'blocked-address',
    );
    expect(origin.hits.length).toBe(2);
    expect(target.hits.length).toBe(0);
  });
});

describe('createHttpClient: robots.txt', () => {
  function site(robots: { status: number; body?: string }): Promise<Loopback> {
    return serve((req, res) => {
      if (req.url === '/robots.txt') {
        res.writeHead(robots.status, { 'Content-Type': 'text/plain' });
        res.end(robots.body ?? '');
        return;
      }
      if (req.url === '/moved') {
        res.writeHead(301, { Location: '/private/page' });
        res.end();
        return;
      }
      res.end(`page ${req.url}`);
    });
  }

  it('refuses disallowed paths, allows the rest and fetches robots.txt once', async () => {
    const server = await site({
      status: 200,
      body: 'User-agent: *\nDisallow: /\n\nUser-agent: nghe\nDisallow: /private\n',
    });
    const http = client({ respectRobots: true });
    const error = await failure(http.get({ url: `${server.origin}/private/a` }));
    expect(error.code).toBe('blocked-robots');
    expect((await http.get({ url: `${server.origin}/news/1` })).body.toString()).toBe(
      'page /news/1',
    );
    expect((await failure(http.get({ url: `${server.origin}/moved` }))).code).toBe(
      'blocked-robots',
    );
    const paths = server.hits.map((h) => h.path);
    expect(paths.filter((p) => p === '/robots.txt').length).toBe(1);
    expect(paths).not.toContain('/private/a');
    expect(paths).not.toContain('/private/page');
  });

  it('obeys Crawl-delay between requests to the site', async () => {
    const server = await site({ status: 200, body: 'User-agent: *\nCrawl-delay: 0.3\n' });
    const http = client({ respectRobots: true, perHostConcurrency: 4 });
    await Promise.all([1, 2, 3].map((i) => http.get({ url: `${server.origin}/${i}` })));
    const starts = server.hits.filter((h) => h.path !== '/robots.txt').map((h) => h.at);
    expect(starts.length).toBe(3);
    for (let i = 1; i < starts.length; i++) {
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(280);
    }
  });

  it('treats a missing robots.txt as allow-all', async () => {
    const server = await site({ status: 404 });
    const response = await client({ respectRobots: true }).get({ url: `${server.origin}/x` });
    expect(response.body.toString()).toBe('page /x');
  });

  it('treats a failing robots.txt as allow and does not ask again', async () => {
    const server = await site({ status: 500 });
    const http = client({ respectRobots: true });
    await http.get({ url: `${server.origin}/a` });
    await http.get({ url: `${server.origin}/b` });
    expect(server.hits.map((h) => h.path)).toEqual(['/robots.txt', '/a', '/b']);
  });
});

describe('createHttpClient: politeness', () => {
  it('keeps at most perHostConcurrency requests in flight to one host', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = await serve((_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('done');
      }, 80);
    });
    const http = client({ perHostConcurrency: 2 });
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => http.get({ url: `${server.origin}/${i}` })),
    );
    expect(server.hits.length).toBe(6);
    expect(peak).toBe(2);
  });

  it('spaces request starts to one host by perHostMinIntervalMs', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const http = client({ perHostConcurrency: 10, perHostMinIntervalMs: 120 });
    await Promise.all(
      Array.from({ length: 4 }, (_, i) => http.get({ url: `${server.origin}/${i}` })),
    );
    const starts = server.hits.map((h) => h.at).sort((a, b) => a - b);
    // Arrival times carry scheduling noise on a loaded machine: one late arrival can shrink the
    // next gap, but four starts 120 ms apart cannot all arrive within much less than 360 ms.
    expect(starts).toHaveLength(4);
    expect(starts[3]! - starts[0]!).toBeGreaterThanOrEqual(300);
  });

  it('does not slow one host down because of another', async () => {
    const a = await serve((_req, res) => res.end('a'));
    const b = await serve((_req, res) => res.end('b'));
    const http = client({ perHostConcurrency: 1, perHostMinIntervalMs: 500 });
    const started = performance.now();
    await Promise.all([http.get({ url: a.origin }), http.get({ url: b.origin })]);
    expect(performance.now() - started).toBeLessThan(400);
  });
});

describe('createHttpClient: close', () => {
  it('aborts requests in flight and leaves no sockets or timers behind', async () => {
    const resources = () =>
      process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout')
        .length;
    const hanging = await serve(() => {});
    const quick = await serve((_req, res) => res.end('ok'));
    const baseline = resources();
    const http = createHttpClient({ allowPrivateAddresses: true, respectRobots: false });
    await http.get({ url: quick.origin });
    const pending = http.get({ url: hanging.origin });
    const rejected = expect(pending).rejects.toThrow('closed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await http.close();
    await rejected;
    await expect(http.get({ url: quick.origin })).rejects.toThrow('closed');
    await hanging.close();
    await quick.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(resources()).toBeLessThanOrEqual(baseline);
  });
});
