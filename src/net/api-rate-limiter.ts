// Paces API requests by the platform's own windows instead of per-host politeness: each key (a
// credential, an instance) remembers what its last response said was left, spends one per
// request it starts, and waits for the renewal when nothing is left, or fails as rate-limited
// when the renewal is further away than the caller will wait.
import { FetchError, type RateLimitState } from './types.js';

export interface ApiRateLimiter {
  /** Waits until `key` may start a request; throws FetchError('rate-limited') past `maxWaitMs`. */
  beforeRequest(key: string, url: string, maxWaitMs: number, signal: AbortSignal): Promise<void>;
  /** What a response reported, or a 429: nothing left until `resetAt`. */
  observe(key: string, state: RateLimitState): void;
  /** Drops every remembered window (the client is closing). */
  clear(): void;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function createApiRateLimiter(now: () => number = Date.now): ApiRateLimiter {
  const windows = new Map<string, { remaining: number; resetAt: number }>();
  return {
    async beforeRequest(key, url, maxWaitMs, signal) {
      for (;;) {
        const window = windows.get(key);
        if (!window || window.resetAt <= now()) {
          windows.delete(key);
          return;
        }
        if (window.remaining > 0) {
          window.remaining--;
          return;
        }
        const waitMs = window.resetAt - now();
        if (waitMs > maxWaitMs) {
          const seconds = Math.ceil(waitMs / 1000);
          throw new FetchError(
            'rate-limited',
            `rate limit of ${key} spent; renews in ${seconds} s`,
            url,
            null,
            seconds,
          );
        }
        await sleep(waitMs, signal);
      }
    },
    observe(key, state) {
      windows.set(key, { remaining: state.remaining, resetAt: state.resetAt.getTime() });
    },
    clear() {
      windows.clear();
    },
  };
}
