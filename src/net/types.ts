// What connectors need from the network: polite, safe requests. Connectors receive an
// HttpClient; they never open sockets themselves, so every request obeys the same limits.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request body: JSON, or form-encoded fields (OAuth token requests). */
export type RequestBody = { json: unknown } | { form: Readonly<Record<string, string>> };

/**
 * A call to a platform's API rather than a page read for a person: robots.txt, written for
 * crawlers, is not consulted, and the platform's own rate limits (its X-RateLimit-* or
 * RateLimit-* headers, 429 Retry-After) pace requests instead of per-host politeness.
 */
export interface ApiRequestOptions {
  /**
   * Requests that share a rate-limit window (one credential, one instance); the URL's host
   * when absent.
   */
  rateLimitKey?: string;
  /** Longest wait for a spent window to renew before failing as rate-limited (ms, default 15 s). */
  maxWaitMs?: number;
}

/** A rate-limit window as the last response of its key reported it. */
export interface RateLimitState {
  limit: number | null;
  remaining: number;
  /** When the window renews. */
  resetAt: Date;
}

export interface FetchRequest {
  url: string;
  /** GET when absent. A 303, or a 301/302 after a POST, continues as a GET without the body. */
  method?: HttpMethod;
  /**
   * Request headers (Authorization, …). An Authorization header is not sent on to another
   * origin when a redirect leaves this one.
   */
  headers?: Readonly<Record<string, string>>;
  body?: RequestBody;
  api?: ApiRequestOptions;
  /** Conditional GET validators from the previous fetch. */
  etag?: string | null;
  lastModified?: string | null;
  /** Accept header; defaults to a feed-friendly list. */
  accept?: string;
  /** Overrides the client's default maximum body size (bytes, after decompression). */
  maxBytes?: number;
  /** Skip the robots.txt check (used only for robots.txt itself). */
  ignoreRobots?: boolean;
  /** Overrides the client's total time limit for this request (milliseconds). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface FetchResponse {
  /** URL after redirects. */
  url: string;
  status: number;
  /** True on 304: body is empty and the caller keeps what it had. */
  notModified: boolean;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  contentType: string | null;
  /** Decompressed body bytes. */
  body: Buffer;
  etag: string | null;
  lastModified: string | null;
  /** The rate-limit window the response reported, for API requests that carry one. */
  rateLimit?: RateLimitState | null;
}

/** Why a fetch failed, so the scheduler can decide how to back off. */
export type FetchErrorCode =
  | 'blocked-address' // private, loopback or link-local address refused (SSRF guard)
  | 'blocked-robots' // robots.txt disallows the path
  | 'bad-url'
  | 'dns'
  | 'connect'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'http-status' // non-2xx, non-304
  | 'rate-limited' // 429 / 503 with Retry-After
  | 'decode';

export class FetchError extends Error {
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly url: string,
    readonly status: number | null = null,
    /** Seconds the server asked us to wait (Retry-After), when it said. */
    readonly retryAfterSeconds: number | null = null,
    /** For API requests: the start of the error body (platforms explain errors there). */
    readonly body: string | null = null,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface HttpClient {
  /** A request of `request.method`, GET when absent. */
  request(request: FetchRequest): Promise<FetchResponse>;
  /** A GET, whatever `request.method` says. */
  get(request: FetchRequest): Promise<FetchResponse>;
}
