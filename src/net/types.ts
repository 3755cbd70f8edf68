// What connectors need from the network: one polite, safe GET. Connectors receive an
// HttpClient; they never open sockets themselves, so every request obeys the same limits.

export interface FetchRequest {
  url: string;
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
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface HttpClient {
  get(request: FetchRequest): Promise<FetchResponse>;
}
