// A pool of read-only SQLite connections, each on its own worker thread, serving the API's
// heavy reads while the main thread keeps answering (health, ingest, streams). SQLite in WAL
// mode lets these readers run beside the one writer. Every call has a time budget counted from
// when it is asked; past it the call fails with a 503 `query_timeout`, whether it was still
// waiting for a thread or running. better-sqlite3 cannot interrupt a running statement, so a
// thread whose statement has itself run for a whole budget is terminated and a fresh one
// started in its place (replacement cost: see `stats()`); one that was only late because it
// waited is left to finish, so a busy pool does not also pay for new threads.
import type { Worker } from 'node:worker_threads';
import type { GroupCounter } from '../../privacy/group-counter.js';
import { siblingModule, startWorker } from '../../worker-thread.js';
import { HttpError } from '../api-error.js';
import { READ_METHODS, type ReadMethod, type ReadStore } from './read-store.js';
import type { GroupAsk, ReadCall, ReadReply, ReadWorkerData, WorkerMethod } from './read-worker.js';

export const DEFAULT_READ_BUDGET_MS = 5000;
const DEFAULT_CACHE_KIB = 32 * 1024;

export interface ReadPoolOptions {
  /** The store's SQLite file. */
  path: string;
  /** Worker threads (connections); default 2. */
  threads?: number;
  /** Longest a call may take, queueing included, in ms. */
  budgetMs?: number;
  /** Page cache per connection, KiB. */
  cacheKib?: number;
}

export interface ReadPoolStats {
  threads: number;
  /** Calls stopped at their budget. */
  timedOut: number;
  /** Threads terminated and replaced. */
  replaced: number;
  /** Milliseconds the last thread took from start to ready (the cost of a replacement). */
  lastStartMs: number | null;
  /** Terminated threads not yet ended: a statement inside SQLite runs on until it returns. */
  stopping: number;
  /** Milliseconds from terminating the last replaced thread to its end. */
  lastStopMs: number | null;
  queued: number;
}

interface Task {
  id: number;
  method: WorkerMethod;
  args: unknown[];
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** The budget from when the call was asked: the caller's answer. */
  timer: NodeJS.Timeout;
  /** The budget from when a thread took the call: past it, the thread is replaced. */
  runTimer: NodeJS.Timeout | null;
  settled: boolean;
  slot: Slot | null;
}

function settle(task: Task, how: (task: Task) => void): void {
  clearTimeout(task.timer);
  if (task.settled) return;
  task.settled = true;
  how(task);
}

function finish(task: Task): void {
  clearTimeout(task.timer);
  if (task.runTimer) clearTimeout(task.runTimer);
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | null;
}

/** The 503 a call past its budget answers. */
export function queryTimeout(budgetMs: number, queued: boolean): HttpError {
  const where = queued ? 'waited for a free read connection past' : 'ran past';
  return new HttpError(
    503,
    `query_timeout: the query ${where} its time budget of ${budgetMs} ms and was stopped; narrow the time range or simplify the query`,
    { code: 'query_timeout', params: { budgetMs } },
  );
}

function errorFromReply(error: { name: string; message: string; code?: string }): Error {
  const made =
    error.name === 'RangeError' ? new RangeError(error.message) : new Error(error.message);
  if (error.code !== undefined) Object.assign(made, { code: error.code });
  return made;
}

export class ReadPool {
  readonly budgetMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;
  private readonly counters = {
    timedOut: 0,
    replaced: 0,
    lastStartMs: null as number | null,
    stopping: 0,
    lastStopMs: null as number | null,
  };

  constructor(private readonly options: ReadPoolOptions) {
    this.budgetMs = options.budgetMs ?? DEFAULT_READ_BUDGET_MS;
    const threads = Math.max(1, options.threads ?? 2);
    for (let i = 0; i < threads; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const workerData: ReadWorkerData = {
      path: this.options.path,
      cacheKib: this.options.cacheKib ?? DEFAULT_CACHE_KIB,
    };
    const worker = startWorker(siblingModule(import.meta.url, 'read-worker'), { workerData });
    worker.unref();
    const slot: Slot = { worker, ready: false, task: null };
    const started = performance.now();
    worker.on('message', (reply: ReadReply) => {
      if ('ready' in reply) {
        slot.ready = true;
        this.counters.lastStartMs = performance.now() - started;
        this.pump();
      } else if ('failed' in reply) {
        this.failAll(new Error(`cannot open ${this.options.path} for reading: ${reply.failed}`));
      } else {
        const task = slot.task;
        if (!task || task.id !== reply.id) return;
        slot.task = null;
        finish(task);
        if ('error' in reply) settle(task, (t) => t.reject(errorFromReply(reply.error)));
        else settle(task, (t) => t.resolve(reply.result));
        this.pump();
      }
    });
    const lost = (why: string) => {
      const at = this.slots.indexOf(slot);
      if (at < 0) return;
      const task = slot.task;
      slot.task = null;
      if (task) {
        finish(task);
        settle(task, (t) => t.reject(new Error(`a read thread stopped: ${why}`)));
      }
      if (this.closed) return;
      this.slots[at] = this.spawn();
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    return slot;
  }

  private failAll(error: Error): void {
    for (const task of this.queue.splice(0)) {
      finish(task);
      settle(task, (t) => t.reject(error));
    }
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift()!;
      task.slot = slot;
      slot.task = task;
      task.runTimer = setTimeout(() => this.stopThread(slot, task), this.budgetMs);
      slot.worker.postMessage({
        id: task.id,
        method: task.method,
        args: task.args,
      } satisfies ReadCall);
    }
  }

  /** The caller's budget is spent: answer 503; a running statement goes on to its own. */
  private expire(task: Task): void {
    this.counters.timedOut++;
    if (!task.slot) {
      const at = this.queue.indexOf(task);
      if (at >= 0) this.queue.splice(at, 1);
    }
    settle(task, (t) => t.reject(queryTimeout(this.budgetMs, t.slot === null)));
  }

  /** A statement ran a whole budget on its thread. */
  private stopThread(slot: Slot, task: Task): void {
    const at = this.slots.indexOf(slot);
    if (slot.task !== task || at < 0) return;
    settle(task, (t) => t.reject(queryTimeout(this.budgetMs, false)));
    // The statement cannot be interrupted from here: the thread goes, a fresh one takes its place.
    slot.task = null;
    this.slots[at] = this.spawn();
    this.counters.replaced++;
    this.counters.stopping++;
    const stopped = performance.now();
    void slot.worker.terminate().finally(() => {
      this.counters.stopping--;
      this.counters.lastStopMs = performance.now() - stopped;
    });
  }

  call(method: WorkerMethod, args: unknown[]): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the read pool is closed'));
    return new Promise((resolve, reject) => {
      const task: Task = {
        id: this.nextId++,
        method,
        args,
        resolve,
        reject,
        slot: null,
        settled: false,
        runTimer: null,
        timer: setTimeout(() => this.expire(task), this.budgetMs),
      };
      this.queue.push(task);
      this.pump();
    });
  }

  stats(): ReadPoolStats {
    return { threads: this.slots.length, queued: this.queue.length, ...this.counters };
  }

  /** Resolves once every thread has its connection open. */
  async ready(): Promise<void> {
    while (!this.slots.every((slot) => slot.ready)) {
      await new Promise((done) => setTimeout(done, 10));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failAll(new Error('the read pool is closed'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}

/** The API's reads served by a pool of worker threads with a time budget each. */
export function pooledReads(options: ReadPoolOptions): ReadStore & { pool: ReadPool } {
  const pool = new ReadPool(options);
  const reads: Partial<Record<ReadMethod, unknown>> = {};
  for (const name of READ_METHODS) reads[name] = (...args: unknown[]) => pool.call(name, args);
  reads.countGroups = batchedGroupCounter(pool);
  return { ...(reads as Omit<ReadStore, 'close'>), close: () => pool.close(), pool };
}

/**
 * Person counts asked for in the same turn of the event loop (a figure's buckets and classes,
 * asked together by the small-group rule) go to a read thread as one message and come back as
 * one array: a year of daily buckets is one call, not hundreds.
 */
function batchedGroupCounter(pool: ReadPool): GroupCounter {
  let asks: GroupAsk[] = [];
  let waiting: { resolve(n: number): void; reject(error: Error): void }[] = [];
  const send = () => {
    const batch = asks;
    const answers = waiting;
    asks = [];
    waiting = [];
    pool.call('countGroupsMany', [batch]).then(
      (counts) => {
        for (const [i, answer] of answers.entries()) answer.resolve((counts as number[])[i]!);
      },
      (error: Error) => {
        for (const answer of answers) answer.reject(error);
      },
    );
  };
  return (query, cap) =>
    new Promise<number>((resolve, reject) => {
      if (asks.length === 0) queueMicrotask(send);
      asks.push([query, cap]);
      waiting.push({ resolve, reject });
    });
}
