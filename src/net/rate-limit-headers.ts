// Platforms report their rate-limit windows in headers of three families: X-RateLimit-* (Reddit:
// reset in seconds, remaining as "598.0"; Mastodon: reset as an ISO 8601 time), X-Rate-Limit-*
// (X: reset as Unix seconds) and the IETF draft's RateLimit-* (reset in seconds; Bluesky sends
// Unix seconds). One reader for all of them, so the client paces every API the same way.
import type { RateLimitState } from './types.js';

const FAMILIES = ['x-ratelimit-', 'x-rate-limit-', 'ratelimit-'] as const;

/** Unix times in seconds are past 2001; deltas are far smaller. */
const EPOCH_SECONDS_FLOOR = 1e9;
const EPOCH_MS_FLOOR = 1e12;

function leadingNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = /^\s*(-?\d+(?:\.\d+)?)/.exec(value);
  return match ? Number(match[1]) : null;
}

function resetTime(value: string | undefined, now: Date): Date | null {
  if (value === undefined || value.trim() === '') return null;
  const text = value.trim();
  if (/[a-z]/i.test(text.replace(/;.*$/, ''))) {
    const at = Date.parse(text);
    return Number.isNaN(at) ? null : new Date(at);
  }
  const n = leadingNumber(text);
  if (n === null || n < 0) return null;
  if (n >= EPOCH_MS_FLOOR) return new Date(n);
  if (n >= EPOCH_SECONDS_FLOOR) return new Date(n * 1000);
  return new Date(now.getTime() + n * 1000);
}

/** The window the headers report, or null when they report none (or only part of one). */
export function parseRateLimitHeaders(
  headers: Readonly<Record<string, string>>,
  now: Date,
): RateLimitState | null {
  for (const prefix of FAMILIES) {
    const remaining = leadingNumber(headers[`${prefix}remaining`]);
    const resetAt = resetTime(headers[`${prefix}reset`], now);
    if (remaining === null || resetAt === null) continue;
    const used = leadingNumber(headers[`${prefix}used`]);
    const limit =
      leadingNumber(headers[`${prefix}limit`]) ?? (used === null ? null : used + remaining);
    return { limit, remaining: Math.max(0, Math.floor(remaining)), resetAt };
  }
  return null;
}
