// Per-client request rates as token buckets: each key holds up to `burst` requests and earns
// `ratePerSecond` back; a request finding its bucket empty is told how long to wait.
export interface RateLimiterOptions {
  ratePerSecond: number;
  burst: number;
  now?: () => number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets left full for this long are forgotten, so idle keys cost no memory. */
const FORGET_AFTER_MS = 10 * 60_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private lastSweep: number;

  constructor(private readonly options: RateLimiterOptions) {
    this.now = options.now ?? (() => performance.now());
    this.lastSweep = this.now();
  }

  take(key: string): RateDecision {
    const now = this.now();
    const { ratePerSecond, burst } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    this.sweep(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond)),
    };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < FORGET_AFTER_MS) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at > FORGET_AFTER_MS) this.buckets.delete(key);
    }
  }
}
