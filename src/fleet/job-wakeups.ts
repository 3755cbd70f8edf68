// Wake-ups instead of fast polling: whoever enqueues jobs sends NOTIFY on one channel with the
// queue's name, and every worker LISTENing wakes its pollers of that queue at once. A poller
// that just ran a job looks for the next one at once too, so a busy queue drains without
// waiting between jobs, while an idle worker asks the database only every few seconds (the
// polling interval, kept as a fallback for a missed notification or a retry whose delay ran
// out). The listening connection is opened again after the database comes back.
import pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Logger } from '../ops/logger.js';

export const JOBS_CHANNEL = 'nghe_fleet_jobs';

export interface JobWakeups {
  /** Registers a poller (a pg-boss worker id) of `queue`. */
  watch(queue: string, workerId: string): void;
  /** Calls `wake` whenever `queue` is notified (a loop of this worker's own, not pg-boss's). */
  onWake(queue: string, wake: () => void): void;
  /** Makes the poller look for its next job at once (after it ran one). */
  again(workerId: string): void;
  close(): Promise<void>;
}

export function listenForJobs(
  url: string,
  boss: Pick<PgBoss, 'notifyWorker'>,
  log: Logger,
  retryMs = 1_000,
): JobWakeups {
  const pollers = new Map<string, Set<string>>();
  const callbacks = new Map<string, (() => void)[]>();
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const wakeAll = (queue: string) => {
    for (const id of pollers.get(queue) ?? []) boss.notifyWorker(id);
    for (const wake of callbacks.get(queue) ?? []) wake();
  };
  const reconnect = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, retryMs);
    timer.unref();
  };
  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: url, application_name: 'nghe-wakeups' });
    c.on('notification', (message) => {
      if (message.payload) wakeAll(message.payload);
    });
    c.on('error', (error) => {
      log.warn('job wake-ups lost; polling until they are back', { error });
      if (client === c) client = null;
      c.end().catch(() => {});
      reconnect();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${JOBS_CHANNEL}`);
      if (closed) {
        await c.end();
        return;
      }
      client = c;
      // Jobs enqueued while nobody listened are found now, not at the next poll.
      for (const queue of new Set([...pollers.keys(), ...callbacks.keys()])) wakeAll(queue);
    } catch {
      c.end().catch(() => {});
      reconnect();
    }
  }
  void connect();

  return {
    watch(queue, workerId) {
      const set = pollers.get(queue) ?? new Set();
      set.add(workerId);
      pollers.set(queue, set);
    },
    onWake(queue, wake) {
      callbacks.set(queue, [...(callbacks.get(queue) ?? []), wake]);
    },
    again(workerId) {
      boss.notifyWorker(workerId);
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
