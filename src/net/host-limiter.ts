// Per-host politeness: a bounded number of requests in flight to one host and a minimum gap
// between request starts, with no limit across hosts. State exists only for hosts that are
// busy or were started recently, and at most one timer per host that has someone waiting,
// so tens of thousands of hosts cost nothing while idle.

export interface HostLimiterOptions {
  /** Requests in flight per host. */
  concurrency: number;
  /** Minimum milliseconds between two request starts to the same host. */
  minIntervalMs: number;
  /** Monotonic clock in milliseconds; injectable for tests. */
  now?: () => number;
}

/** Call once when the request is finished (body read or abandoned). Extra calls are ignored. */
export type ReleaseSlot = () => void;

export interface HostLimiter {
  /**
   * Waits for a slot for `host`. Rejects with the signal's reason if aborted while waiting.
   * `minIntervalMs` raises the gap for this host (a robots.txt Crawl-delay), never lowers it.
   */
  acquire(host: string, signal?: AbortSignal, minIntervalMs?: number): Promise<ReleaseSlot>;
  /** Hosts with state kept (busy, queued, or started within the interval). */
  trackedHosts(): number;
  /** Rejects every waiter and drops all state and timers. */
  close(): void;
}

interface Waiter {
  grant: (release: ReleaseSlot) => void;
  fail: (reason: unknown) => void;
  detach: () => void;
}

interface HostState {
  active: number;
  intervalMs: number;
  lastStartAt: number;
  queue: Waiter[];
  timer: NodeJS.Timeout | null;
}

export class HostLimiterClosedError extends Error {
  constructor() {
    super('host limiter closed');
    this.name = 'HostLimiterClosedError';
  }
}

export function createHostLimiter(options: HostLimiterOptions): HostLimiter {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const minIntervalMs = Math.max(0, options.minIntervalMs);
  const now = options.now ?? (() => performance.now());
  const hosts = new Map<string, HostState>();
  // Idle hosts are forgotten lazily, in a sweep at most once per interval, instead of by timer.
  const sweepEveryMs = Math.max(minIntervalMs, 1000);
  let lastSweepAt = now();
  let closed = false;

  function isForgettable(state: HostState, at: number): boolean {
    return (
      state.active === 0 &&
      state.queue.length === 0 &&
      state.timer === null &&
      at - state.lastStartAt >= state.intervalMs
    );
  }

  function sweep(at: number): void {
    lastSweepAt = at;
    for (const [host, state] of hosts) if (isForgettable(state, at)) hosts.delete(host);
  }

  function start(host: string, state: HostState): ReleaseSlot {
    state.active++;
    state.lastStartAt = now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.active--;
      pump(host, state);
    };
  }

  function pump(host: string, state: HostState): void {
    if (closed) return;
    while (state.queue.length > 0 && state.active < concurrency) {
      const wait = state.lastStartAt + state.intervalMs - now();
      if (wait > 0) {
        state.timer ??= setTimeout(() => {
          state.timer = null;
          pump(host, state);
        }, Math.ceil(wait));
        return;
      }
      const waiter = state.queue.shift()!;
      waiter.detach();
      waiter.grant(start(host, state));
    }
    if (state.queue.length === 0 && state.timer) {
      clearTimeout(state.timer);
      state.timer = null;
    }
    const at = now();
    if (isForgettable(state, at) && hosts.get(host) === state) hosts.delete(host);
  }

  return {
    acquire(host, signal, hostIntervalMs) {
      if (closed) return Promise.reject(new HostLimiterClosedError());
      if (signal?.aborted) return Promise.reject(signal.reason);
      const at = now();
      if (at - lastSweepAt >= sweepEveryMs) sweep(at);
      let state = hosts.get(host);
      if (!state) {
        state = {
          active: 0,
          intervalMs: minIntervalMs,
          lastStartAt: Number.NEGATIVE_INFINITY,
          queue: [],
          timer: null,
        };
        hosts.set(host, state);
      }
      const hostState = state;
      if (hostIntervalMs !== undefined) {
        hostState.intervalMs = Math.max(minIntervalMs, hostIntervalMs);
      }
      if (
        hostState.queue.length === 0 &&
        hostState.active < concurrency &&
        at - hostState.lastStartAt >= hostState.intervalMs
      ) {
        return Promise.resolve(start(host, hostState));
      }
      return new Promise<ReleaseSlot>((resolve, reject) => {
        const onAbort = () => {
          const index = hostState.queue.indexOf(waiter);
          if (index >= 0) hostState.queue.splice(index, 1);
          reject(signal?.reason);
          pump(host, hostState);
        };
        const waiter: Waiter = {
          grant: resolve,
          fail: reject,
          detach: () => signal?.removeEventListener('abort', onAbort),
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        hostState.queue.push(waiter);
        pump(host, hostState);
      });
    },
    trackedHosts() {
      return hosts.size;
    },
    close() {
      closed = true;
      for (const state of hosts.values()) {
        if (state.timer) clearTimeout(state.timer);
        state.timer = null;
        for (const waiter of state.queue.splice(0)) {
          waiter.detach();
          waiter.fail(new HostLimiterClosedError());
        }
      }
      hosts.clear();
    },
  };
}
