// robots.txt per origin (RFC 9309 as far as robots-parser goes). Fetched once per origin and
// kept for an hour whatever the outcome, so a broken or slow robots.txt is not hammered.
// Unreachable or erroring robots.txt counts as "allow": nghe reads public pages at a polite
// rate, and a site's outage should not silently stop collection.
import robotsParserModule from 'robots-parser';
import { FetchError, type HttpClient } from './types.js';

/** The robots.txt text for an origin, or null when there is none to obey (allow all). */
export type LoadRobotsTxt = (robotsUrl: string) => Promise<string | null>;

export interface RobotsPolicyOptions {
  load: LoadRobotsTxt;
  /** Product token matched against User-agent lines, e.g. "nghe". */
  userAgentToken: string;
  /** How long an outcome is kept (default one hour). */
  ttlMs?: number;
  /** Origins kept at most; the oldest are dropped first (default 10,000). */
  maxOrigins?: number;
  now?: () => number;
}

interface ParsedRobots {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getCrawlDelay(userAgent?: string): number | undefined;
}
// The package is CommonJS exporting the function itself; its typings describe a default export.
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => ParsedRobots;

interface Verdict {
  allows(url: string): boolean;
  /** Crawl-delay for our token (or *), in seconds; null when none is given. */
  crawlDelaySeconds: number | null;
}

export interface RobotsAnswer {
  allowed: boolean;
  crawlDelaySeconds: number | null;
}

interface CacheEntry {
  expiresAt: number;
  verdict: Promise<Verdict>;
}

export interface RobotsPolicy {
  check(url: string): Promise<RobotsAnswer>;
  isAllowed(url: string): Promise<boolean>;
}

const ALLOW_ALL: Verdict = { allows: () => true, crawlDelaySeconds: null };

export const DEFAULT_ROBOTS_TTL_MS = 60 * 60 * 1000;

export function createRobotsPolicy(options: RobotsPolicyOptions): RobotsPolicy {
  const ttlMs = options.ttlMs ?? DEFAULT_ROBOTS_TTL_MS;
  const maxOrigins = options.maxOrigins ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();

  async function loadVerdict(origin: string): Promise<Verdict> {
    const robotsUrl = `${origin}/robots.txt`;
    let text: string | null;
    try {
      text = await options.load(robotsUrl);
    } catch {
      return ALLOW_ALL;
    }
    if (text === null) return ALLOW_ALL;
    const robots = robotsParser(robotsUrl, text);
    const delay = robots.getCrawlDelay(options.userAgentToken);
    return {
      allows: (url) => robots.isAllowed(url, options.userAgentToken) !== false,
      crawlDelaySeconds: typeof delay === 'number' && delay > 0 ? delay : null,
    };
  }

  function verdictFor(origin: string): Promise<Verdict> {
    const at = now();
    const cached = cache.get(origin);
    if (cached && cached.expiresAt > at) return cached.verdict;
    if (cached) cache.delete(origin);
    // Concurrent callers share one in-flight fetch through the cached promise.
    const verdict = loadVerdict(origin);
    cache.set(origin, { expiresAt: at + ttlMs, verdict });
    while (cache.size > maxOrigins) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
    return verdict;
  }

  async function check(url: string): Promise<RobotsAnswer> {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return { allowed: false, crawlDelaySeconds: null };
    }
    const verdict = await verdictFor(origin);
    return { allowed: verdict.allows(url), crawlDelaySeconds: verdict.crawlDelaySeconds };
  }

  return {
    check,
    async isAllowed(url) {
      return (await check(url)).allowed;
    },
  };
}

export const ROBOTS_MAX_BYTES = 512 * 1024;

/**
 * Loads robots.txt through an HttpClient: 2xx gives the text, 4xx means "no robots.txt"
 * (allow all, RFC 9309 §2.3.1.3), and server errors, timeouts and the rest also allow.
 */
export function robotsLoaderFor(client: HttpClient, timeoutMs: number): LoadRobotsTxt {
  return async (robotsUrl) => {
    try {
      const response = await client.get({
        url: robotsUrl,
        ignoreRobots: true,
        accept: 'text/plain, */*;q=0.5',
        maxBytes: ROBOTS_MAX_BYTES,
        timeoutMs,
      });
      return response.body.toString('utf8');
    } catch (error) {
      if (error instanceof FetchError) return null;
      throw error;
    }
  };
}

/** The product token of a User-Agent string: "nghe/0.1 (+https://…)" → "nghe". */
export function productToken(userAgent: string): string {
  return (userAgent.trim().split(/[\s/]/)[0] ?? '').toLowerCase() || '*';
}
