// Usage log appends off the main thread: one worker thread with its own connection to the
// store's file (usage-log-writer-thread.ts) commits the batches it is sent, in the order sent
// (those that queued while it was busy in one transaction), and a batch's promise settles only
// once its transaction is committed, or with the error that
// stopped it (SQLITE_FULL and the like keep their `code`, so callers tell a full disk apart).
// The main thread keeps only the message to and from the thread; the hashing, the statements
// and the commit (with the checkpoints it triggers) run on the writer.
//
// A thread that stops while a batch is out rejects that batch: the thread may or may not have
// committed it, so its callers must not answer as if it had; the next batch starts a fresh one.
import type { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { siblingModule, startWorker } from '../../worker-thread.js';
import { type UsageLogAppend, usageLogSettingsOf } from './usage-log.js';
import type {
  WriterCall,
  WriterData,
  WriterError,
  WriterReply,
} from './usage-log-writer-thread.js';

export interface UsageLogWriterOptions {
  /** The store's SQLite file (already migrated). */
  path: string;
  /** The usage log key (usageLogKey of the installation secret); null writes no seals. */
  key: Buffer | null;
  /** Settings run on the writer's connection after it opens, as `PRAGMA` text. */
  pragmas?: readonly string[];
  /** How long a batch waits for another connection's write lock; default 5000 ms. */
  busyTimeoutMs?: number;
}

export interface UsageLogWriterStats {
  batches: number;
  rows: number;
  /** Threads started after the first (one stopped, or could not open the file). */
  restarts: number;
  /** Milliseconds the last thread took from start to an open connection. */
  lastStartMs: number | null;
}

/** Error code of a batch whose thread stopped before saying whether it committed. */
export const WRITER_LOST = 'USAGE_LOG_WRITER_LOST';

interface Pending {
  rows: number;
  resolve(): void;
  reject(error: Error): void;
}

function errorFromReply(error: WriterError, path: string, opening: boolean): Error {
  const made = new Error(
    opening ? `cannot open ${path} to write the usage log: ${error.message}` : error.message,
  );
  if (error.code !== undefined) Object.assign(made, { code: error.code });
  return made;
}

export class UsageLogWriter {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private spawned = 0;
  private closed = false;
  private starting: Promise<void> | null = null;
  private readonly counters: UsageLogWriterStats = {
    batches: 0,
    rows: 0,
    restarts: 0,
    lastStartMs: null,
  };

  constructor(private readonly options: UsageLogWriterOptions) {
    this.spawn();
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    if (this.spawned++ > 0) this.counters.restarts++;
    const workerData: WriterData = {
      path: this.options.path,
      key: this.options.key === null ? null : new Uint8Array(this.options.key),
      pragmas: this.options.pragmas ?? [],
      busyTimeoutMs: this.options.busyTimeoutMs ?? 5000,
    };
    const worker = startWorker(siblingModule(import.meta.url, 'usage-log-writer-thread'), {
      workerData,
    });
    // Held only while a batch is out, so an idle writer never keeps the process alive.
    worker.unref();
    this.worker = worker;
    const started = performance.now();
    let markReady: () => void = () => {};
    let markFailed: (error: Error) => void = () => {};
    this.starting = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    // ready() reports a failed start; nobody else need be listening for it.
    this.starting.catch(() => {});
    const lost = (why: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      markFailed(why);
      this.rejectAll(why);
    };
    worker.on('message', (reply: WriterReply) => {
      if ('ready' in reply) {
        this.counters.lastStartMs = performance.now() - started;
        markReady();
      } else if ('failed' in reply) {
        lost(errorFromReply(reply.failed, this.options.path, true));
        void worker.terminate();
      } else if ('id' in reply) {
        const waiting = this.pending.get(reply.id);
        if (!waiting) return;
        this.pending.delete(reply.id);
        if (this.pending.size === 0) worker.unref();
        if ('error' in reply) waiting.reject(errorFromReply(reply.error, this.options.path, false));
        else {
          this.counters.batches++;
          this.counters.rows += waiting.rows;
          waiting.resolve();
        }
      }
    });
    worker.on('error', (error) =>
      lost(
        Object.assign(
          new Error(
            `the usage log writer thread failed (${error.message}); rows it was sent may or may not be in ${this.options.path}`,
          ),
          { code: WRITER_LOST },
        ),
      ),
    );
    worker.on('exit', (code) =>
      lost(
        Object.assign(
          new Error(
            `the usage log writer thread stopped (exit code ${code}); rows it was sent may or may not be in ${this.options.path}`,
          ),
          { code: WRITER_LOST },
        ),
      ),
    );
    return worker;
  }

  private rejectAll(error: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const batch of waiting) batch.reject(error);
  }

  /** Resolves once the thread has its connection open; rejects with why it could not. */
  async ready(): Promise<void> {
    if (this.closed) throw new Error('the usage log writer is closed');
    this.spawn();
    await this.starting;
  }

  /**
   * Appends `entries` in order, all or none, in one transaction on the writer's connection
   * (with other batches waiting beside it); settles once it is committed (or with the error
   * that stopped it). After a batch found the disk full, later ones are refused with that error
   * without being tried, until one sent with `afterFull` (a retry of the refused rows, in
   * order) is written.
   */
  appendMany(
    entries: readonly UsageLogAppend[],
    options: { afterFull?: boolean } = {},
  ): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the usage log writer is closed'));
    if (entries.length === 0) return Promise.resolve();
    const worker = this.spawn();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { rows: entries.length, resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({
        id,
        entries: entries as UsageLogAppend[],
        ...(options.afterFull ? { afterFull: true } : {}),
      } satisfies WriterCall);
    });
  }

  stats(): UsageLogWriterStats {
    return { ...this.counters };
  }

  /** Waits for the batches already sent, then closes the connection and ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    worker.ref();
    // Messages are taken in order: the close comes after every batch already sent.
    const ended = new Promise<void>((done) => worker.once('exit', () => done()));
    worker.postMessage({ close: true } satisfies WriterCall);
    await ended;
  }
}

/**
 * A writer for the usage log opened over `db` (the store's own connection), or null where
 * there is none to share: no usage log on it, or an in-memory database.
 */
export function usageLogWriterFor(
  db: Database.Database,
  options: Omit<UsageLogWriterOptions, 'path' | 'key'> = {},
): UsageLogWriter | null {
  const settings = usageLogSettingsOf(db);
  return settings ? new UsageLogWriter({ ...settings, ...options }) : null;
}
