// What a lost database looks like from the driver, and how the fleet rides it out: writes are
// tried again with backoff while the server is unreachable or restarting, so a worker keeps
// what it fetched instead of dropping the batch.
import type { Logger } from '../ops/logger.js';

// Connection refused or reset, and PostgreSQL's shutdown and start-up codes (class 57, 08).
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);
const SERVER_CODES = /^(57P0[1-3]|08\d\d\d)$/;
const MESSAGES =
  /Connection terminated|connection (?:is )?(?:closed|ended)|terminating connection|Client has encountered a connection error|the database system is (?:starting up|shutting down)/i;

/** Whether `error` means the database could not be reached (as opposed to a refused query). */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.test(code))) {
    return true;
  }
  return MESSAGES.test((error as { message?: string }).message ?? '');
}

export interface BackoffOptions {
  /** First wait; doubled after each failure up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Give up (and throw the last error) after this long. */
  giveUpAfterMs?: number;
  log?: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/** Runs `work`, again with backoff while the database is unreachable. */
export async function whileDatabaseReturns<T>(
  what: string,
  work: () => Promise<T>,
  options: BackoffOptions = {},
): Promise<T> {
  const initial = options.initialDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
  const giveUpAfter = options.giveUpAfterMs ?? 10 * 60_000;
  const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const started = Date.now();
  for (let delay = initial; ; delay = Math.min(max, delay * 2)) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnreachable(error) || Date.now() - started + delay > giveUpAfter) throw error;
      options.log?.warn('database unreachable; retrying', { what, delayMs: delay, error });
      await sleep(delay * (0.5 + Math.random() / 2));
    }
  }
}

/**
 * The same object whose methods named in `writes` go through `whileDatabaseReturns`: the
 * collector's batch writes survive a restart of the server without being fetched again.
 */
export function retryingWrites<T extends object>(
  target: T,
  writes: readonly string[],
  options: BackoffOptions = {},
): T {
  const names = new Set(writes);
  return new Proxy(target, {
    get(object, name, receiver) {
      const value = Reflect.get(object, name, receiver);
      if (typeof name !== 'string' || !names.has(name) || typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        whileDatabaseReturns(name, () => value.apply(object, args), options);
    },
  });
}

/** An idle pooled connection cut by a restart must not end the process: log it, the pool replaces it. */
export function survivePoolErrors(
  pool: { on(event: 'error', listener: (error: Error) => void): unknown },
  log: Logger,
): void {
  pool.on('error', (error) => log.warn('idle database connection lost', { error }));
}
