// The one way nghe reads the web: GET with conditional validators (and, for platform APIs,
// other methods with headers and bodies), our own decompression under a size limit, manual
// redirects re-checked hop by hop, an SSRF guard on resolved addresses, robots.txt and per-host
// politeness (or, for API calls, the platform's own rate limits) and hard time limits.
import { STATUS_CODES } from 'node:http';
import { isIP } from 'node:net';
import { Agent, request as undiciRequest } from 'undici';
import {
  type AddressPolicy,
  BlockedAddressError,
  createGuardedLookup,
  isBlockedAddress,
} from './address-guard.js';
import { createApiRateLimiter } from './api-rate-limiter.js';
import { BodyDecodeError, BodyTooLargeError, readBody } from './body-reader.js';
import { createHostLimiter, type ReleaseSlot } from './host-limiter.js';
import { parseRateLimitHeaders } from './rate-limit-headers.js';
import { parseRetryAfter } from './retry-after.js';
import { createRobotsPolicy, productToken, robotsLoaderFor } from './robots.js';
import {
  FetchError,
  type FetchRequest,
  type FetchResponse,
  type HttpClient,
  type HttpMethod,
  type RequestBody,
} from './types.js';

export interface HttpClientOptions {
  userAgent?: string;
  /** Total time for one get(), redirects included, from its first request start (ms). */
  timeoutMs?: number;
  /** Longest silence while waiting for body bytes (ms). */
  idleTimeoutMs?: number;
  /** Largest body, after decompression and on the wire (bytes). */
  maxBytes?: number;
  maxRedirects?: number;
  /** Allows loopback and private addresses (tests, intranet deployments). */
  allowPrivateAddresses?: boolean;
  respectRobots?: boolean;
  perHostConcurrency?: number;
  /** Minimum gap between request starts to the same host (ms). */
  perHostMinIntervalMs?: number;
  /**
   * Which resolved or literal addresses are refused (default: everything but public unicast).
   * Ignored when allowPrivateAddresses is true.
   */
  isAddressBlocked?: AddressPolicy;
  /** How long a robots.txt outcome is kept per origin (ms). */
  robotsTtlMs?: number;
}

export interface ClosableHttpClient extends HttpClient {
  /** Aborts requests in flight, rejects queued ones and closes every connection. */
  close(): Promise<void>;
}

export const DEFAULT_USER_AGENT = 'nghe/0.1 (self-hosted social listening; obeys robots.txt)';
export const DEFAULT_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Bytes of an unwanted body (redirect, error page) read to keep the connection reusable. */
const DISCARD_LIMIT = 64 * 1024;
/** Bytes of an API error body kept for the caller: platforms explain errors there. */
const ERROR_BODY_LIMIT = 64 * 1024;
/** How long an API request waits for a spent rate-limit window by default. */
const DEFAULT_API_MAX_WAIT_MS = 15_000;
/** A 429 that names no wait keeps the key quiet this long. */
const DEFAULT_RATE_LIMIT_PAUSE_S = 60;

/** What changes from hop to hop of a redirect chain. */
interface Hop {
  method: HttpMethod;
  headers: Record<string, string>;
  body: RequestBody | undefined;
}

function encodeBody(body: RequestBody): { payload: string; contentType: string } {
  if ('json' in body)
    return { payload: JSON.stringify(body.json), contentType: 'application/json' };
  return {
    payload: new URLSearchParams(body.form).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

/** A robots.txt Crawl-delay is obeyed up to this; larger values would stall collection. */
const MAX_CRAWL_DELAY_SECONDS = 30;

/** Abort reason when the total time limit passes. */
class DeadlineReached extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = 'DeadlineReached';
  }
}

/** Abort reason for requests cut short by close(). */
export class HttpClientClosedError extends Error {
  constructor() {
    super('HTTP client closed');
    this.name = 'HttpClientClosedError';
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current && chain.length < 8) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

/** Maps whatever went wrong to a FetchError; user aborts and close() keep their reason. */
function toFetchError(error: unknown, url: string, signal: AbortSignal): unknown {
  if (error instanceof FetchError) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof DeadlineReached) return new FetchError('timeout', reason.message, url);
    return reason;
  }
  for (const link of causeChain(error)) {
    if (link instanceof BlockedAddressError) {
      return new FetchError('blocked-address', link.message, url);
    }
    if (link instanceof BodyTooLargeError) return new FetchError('too-large', link.message, url);
    if (link instanceof BodyDecodeError) return new FetchError('decode', link.message, url);
    const code = errorCode(link);
    if (code && TIMEOUT_CODES.has(code)) {
      return new FetchError('timeout', (link as Error).message || code, url);
    }
    if (code && DNS_CODES.has(code)) {
      return new FetchError('dns', `cannot resolve ${new URL(url).hostname} (${code})`, url);
    }
  }
  const message = error instanceof Error ? error.message || errorCode(error) || error.name : '';
  return new FetchError('connect', message || String(error), url);
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function statusLine(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `HTTP ${status} ${text}` : `HTTP ${status}`;
}

function parseHttpUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new FetchError('bad-url', `not a URL: ${text}`, text);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(
      'bad-url',
      `only http and https are fetched, not ${url.protocol}`,
      url.href,
    );
  }
  url.hash = '';
  return url;
}

function literalAddress(url: URL): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) ? host : null;
}

/** The start of an error body as text; an unreadable one is reported as absent. */
async function readErrorBody(
  stream: Parameters<typeof readBody>[0],
  encoding: string | null,
): Promise<string | null> {
  try {
    return (await readBody(stream, encoding, ERROR_BODY_LIMIT)).toString('utf8');
  } catch {
    stream.on('error', () => undefined);
    stream.destroy();
    return null;
  }
}

export function createHttpClient(options: HttpClientOptions = {}): ClosableHttpClient {
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const allowPrivate = options.allowPrivateAddresses ?? false;
  const respectRobots = options.respectRobots ?? true;
  const isBlocked = options.isAddressBlocked ?? isBlockedAddress;

  const agent = new Agent({
    connect: {
      timeout: Math.min(timeoutMs, 10_000),
      ...(allowPrivate ? {} : { lookup: createGuardedLookup(isBlocked) }),
    },
    headersTimeout: timeoutMs,
    bodyTimeout: idleTimeoutMs,
    keepAliveTimeout: 4_000,
  });
  const limiter = createHostLimiter({
    concurrency: options.perHostConcurrency ?? 2,
    minIntervalMs: options.perHostMinIntervalMs ?? 1_000,
  });
  // API calls keep the per-host bound on connections but not the gap between starts: the
  // platform's own windows pace them.
  const apiHostLimiter = createHostLimiter({
    concurrency: options.perHostConcurrency ?? 2,
    minIntervalMs: 0,
  });
  const apiLimits = createApiRateLimiter();
  const inFlight = new Set<AbortController>();
  let closed = false;

  function assertAddressAllowed(url: URL): void {
    if (allowPrivate) return;
    const literal = literalAddress(url);
    if (literal && isBlocked(literal)) {
      throw new FetchError(
        'blocked-address',
        `${literal} is a private or reserved address`,
        url.href,
      );
    }
  }

  /** One request on a held slot; returns the next URL for a redirect, else the response. */
  async function exchange(
    url: URL,
    request: FetchRequest,
    hop: Hop,
    signal: AbortSignal,
    limit: number,
  ): Promise<FetchResponse | { redirectTo: URL; status: number }> {
    const headers: Record<string, string> = {
      'user-agent': userAgent,
      accept: request.accept ?? (request.api ? 'application/json' : DEFAULT_ACCEPT),
      'accept-encoding': 'gzip, deflate, br',
    };
    let payload: string | undefined;
    if (hop.body) {
      const encoded = encodeBody(hop.body);
      payload = encoded.payload;
      headers['content-type'] = encoded.contentType;
    }
    for (const [name, value] of Object.entries(hop.headers)) headers[name] = value;
    if (request.etag) headers['if-none-match'] = request.etag;
    if (request.lastModified) headers['if-modified-since'] = request.lastModified;

    const response = await undiciRequest(url, {
      method: hop.method,
      headers,
      body: payload,
      dispatcher: agent,
      signal,
      bodyTimeout: idleTimeoutMs,
    });
    const status = response.statusCode;
    const responseHeaders = flattenHeaders(response.headers);
    const discard = () => response.body.dump({ limit: DISCARD_LIMIT }).catch(() => undefined);
    const rateLimit = request.api ? parseRateLimitHeaders(responseHeaders, new Date()) : null;
    const rateLimitKey = request.api?.rateLimitKey ?? url.host;
    if (rateLimit) apiLimits.observe(rateLimitKey, rateLimit);

    if (REDIRECT_STATUSES.has(status) && responseHeaders.location) {
      await discard();
      return { redirectTo: parseHttpUrl(responseHeaders.location, url), status };
    }
    const etag = responseHeaders.etag ?? null;
    const lastModified = responseHeaders['last-modified'] ?? null;
    const contentType = responseHeaders['content-type'] ?? null;
    if (status === 304) {
      await discard();
      return {
        url: url.href,
        status,
        notModified: true,
        headers: responseHeaders,
        contentType,
        body: Buffer.alloc(0),
        // A 304 may omit validators; the ones we sent are still current.
        etag: etag ?? request.etag ?? null,
        lastModified: lastModified ?? request.lastModified ?? null,
      };
    }
    if (status < 200 || status > 299) {
      let errorBody: string | null = null;
      if (request.api) {
        errorBody = await readErrorBody(response.body, responseHeaders['content-encoding'] ?? null);
      } else await discard();
      const now = new Date();
      let retryAfter = parseRetryAfter(responseHeaders['retry-after'], now);
      if (status === 429 && request.api) {
        retryAfter ??= rateLimit
          ? Math.max(1, Math.ceil((rateLimit.resetAt.getTime() - now.getTime()) / 1000))
          : DEFAULT_RATE_LIMIT_PAUSE_S;
        apiLimits.observe(rateLimitKey, {
          limit: rateLimit?.limit ?? null,
          remaining: 0,
          resetAt: new Date(now.getTime() + retryAfter * 1000),
        });
      }
      if (status === 429 || (status === 503 && retryAfter !== null)) {
        const wait = retryAfter === null ? '' : ` (retry after ${retryAfter} s)`;
        throw new FetchError(
          'rate-limited',
          `${statusLine(status)}${wait}`,
          url.href,
          status,
          retryAfter,
          errorBody,
        );
      }
      throw new FetchError('http-status', statusLine(status), url.href, status, null, errorBody);
    }
    const declaredLength = Number(responseHeaders['content-length']);
    if (Number.isFinite(declaredLength) && declaredLength > limit) {
      response.body.on('error', () => undefined); // destroying emits an abort we caused
      response.body.destroy();
      throw new FetchError(
        'too-large',
        `body of ${declaredLength} bytes is over the ${limit}-byte limit`,
        url.href,
        status,
      );
    }
    const body = await readBody(response.body, responseHeaders['content-encoding'] ?? null, limit);
    return {
      url: url.href,
      status,
      notModified: false,
      headers: responseHeaders,
      contentType,
      body,
      etag,
      lastModified,
      ...(request.api ? { rateLimit } : {}),
    };
  }

  async function send(request: FetchRequest): Promise<FetchResponse> {
    if (closed) throw new HttpClientClosedError();
    let url = parseHttpUrl(request.url);
    const carried: Hop = {
      method: request.method ?? 'GET',
      headers: Object.fromEntries(
        Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
      ),
      body: request.body,
    };
    const limit = request.maxBytes ?? maxBytes;
    const totalMs = request.timeoutMs ?? timeoutMs;
    const controller = new AbortController();
    const { signal } = controller;
    const onCallerAbort = () => controller.abort(request.signal?.reason);
    if (request.signal?.aborted) throw request.signal.reason;
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    inFlight.add(controller);
    let deadline: NodeJS.Timeout | null = null;
    const visited = new Set<string>();
    try {
      for (let hop = 0; ; hop++) {
        visited.add(url.href);
        assertAddressAllowed(url);
        let crawlDelayMs: number | undefined;
        if (request.api) {
          await apiLimits.beforeRequest(
            request.api.rateLimitKey ?? url.host,
            url.href,
            request.api.maxWaitMs ?? DEFAULT_API_MAX_WAIT_MS,
            signal,
          );
        } else if (respectRobots && !request.ignoreRobots) {
          const answer = await robots.check(url.href);
          if (!answer.allowed) {
            throw new FetchError(
              'blocked-robots',
              `robots.txt disallows ${url.pathname}`,
              url.href,
            );
          }
          if (answer.crawlDelaySeconds !== null) {
            crawlDelayMs = Math.min(answer.crawlDelaySeconds, MAX_CRAWL_DELAY_SECONDS) * 1000;
          }
        }
        let release: ReleaseSlot | null = null;
        try {
          release = await (request.api ? apiHostLimiter : limiter).acquire(
            url.host,
            signal,
            crawlDelayMs,
          );
          // The clock starts with the first request, not while waiting for a polite slot.
          deadline ??= setTimeout(() => controller.abort(new DeadlineReached(totalMs)), totalMs);
          const outcome = await exchange(url, request, carried, signal, limit);
          if (!('redirectTo' in outcome)) return outcome;
          const next = outcome.redirectTo;
          if (outcome.status === 303 || (outcome.status <= 302 && carried.method === 'POST')) {
            carried.method = 'GET';
            carried.body = undefined;
          }
          // Credentials are for the origin they were given to.
          if (next.origin !== url.origin) delete carried.headers.authorization;
          if (visited.has(next.href)) {
            throw new FetchError(
              'too-many-redirects',
              `redirect loop back to ${next.href}`,
              url.href,
            );
          }
          if (hop + 1 > maxRedirects) {
            throw new FetchError(
              'too-many-redirects',
              `more than ${maxRedirects} redirects`,
              url.href,
            );
          }
          url = next;
        } catch (error) {
          throw toFetchError(error, url.href, signal);
        } finally {
          release?.();
        }
      }
    } finally {
      if (deadline) clearTimeout(deadline);
      request.signal?.removeEventListener('abort', onCallerAbort);
      inFlight.delete(controller);
    }
  }

  const client: ClosableHttpClient = {
    request: send,
    get: (request) => send({ ...request, method: 'GET', body: undefined }),
    async close() {
      if (closed) return;
      closed = true;
      for (const controller of inFlight) controller.abort(new HttpClientClosedError());
      limiter.close();
      apiHostLimiter.close();
      apiLimits.clear();
      await agent.destroy();
    },
  };

  const robots = createRobotsPolicy({
    load: robotsLoaderFor(client, Math.min(timeoutMs, 5_000)),
    userAgentToken: productToken(userAgent),
    ttlMs: options.robotsTtlMs,
  });
  return client;
}
