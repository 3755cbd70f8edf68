// Audit rows of reads, written so that a full disk does not stop reads: a row that cannot be
// written (storage full) waits in order in memory and is retried with backoff until it is, and
// rows after it queue behind it. Past `maxPending` waiting rows, reads are refused with a 507
// instead, so none goes unrecorded. Waiting rows live in this process only: they are written
// on close if the disk has room by then, and counted in the log if not.
//
// Given `appendMany`, rows recorded in the same turn of the event loop are written together in
// one transaction (one commit for a burst of concurrent reads). Each caller's promise settles
// only once its own row is committed (or queued for a full disk, as above), so a read is still
// answered only after its row is written: batching changes the number of commits, not what a
// crash can lose. With a writer on another thread (an asynchronous `appendMany`), a batch may
// be sent while earlier ones are still out: the writer commits them in the order sent, and
// once one finds the disk full it refuses the later ones untried (usage-log-writer.ts), which
// then queue here behind it in order.
import { noteAudited } from '../audit/route-usage.js';
import type { AuditEntry } from '../store/listening-store.js';
import { HttpError } from './api-error.js';
import { isStorageFull } from './storage-errors.js';

export type AuditAppend = (entry: Omit<AuditEntry, 'id' | 'at'>) => Promise<void>;
/** Rows in order, all written or none, in one transaction. */
export type AuditAppendMany = (entries: Omit<AuditEntry, 'id' | 'at'>[]) => Promise<void>;

export interface AuditQueueOptions {
  maxPending?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** Where to say rows are waiting or could not be written; default console.error. */
  log?: (line: string) => void;
  /** Writes the rows of one turn of the event loop together (see above); default one by one. */
  appendMany?: AuditAppendMany;
  /**
   * With `appendMany`, the least time between two commits: rows recorded sooner after the last
   * one wait for the rest of it and go in the next commit together. Under load this bounds the
   * commits a second (each rewrites the log's last pages) at the cost of that wait. Default 0.
   */
  minCommitIntervalMs?: number;
  now?: () => number;
}

interface Waiting {
  entry: Omit<AuditEntry, 'id' | 'at'>;
  resolve(): void;
  reject(error: unknown): void;
}

export class AuditQueue {
  private readonly pending: Omit<AuditEntry, 'id' | 'at'>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private retryMs: number;
  private readonly maxPending: number;
  private readonly log: (line: string) => void;
  /** Rows recorded this turn of the event loop, written together at its end. */
  private batch: Waiting[] = [];
  /** When the last batch was written. */
  private lastCommitAt = Number.NEGATIVE_INFINITY;
  /** Batches sent and not yet settled. */
  private readonly writing = new Set<Promise<void>>();
  /** A batch's timer or immediate is set. */
  private scheduled = false;

  constructor(
    private readonly append: AuditAppend,
    private readonly path: string,
    private readonly options: AuditQueueOptions = {},
  ) {
    this.maxPending = options.maxPending ?? 100_000;
    this.retryMs = options.firstRetryMs ?? 1000;
    this.log = options.log ?? ((line) => console.error(line));
  }

  /** Rows waiting for the disk. */
  get waiting(): number {
    return this.pending.length;
  }

  async record(given: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    const requestUnit = noteAudited();
    const entry = given.unitId === undefined ? { ...given, unitId: requestUnit } : given;
    if (this.pending.length > 0) {
      this.enqueue(entry);
      return;
    }
    if (this.options.appendMany) {
      return new Promise<void>((resolve, reject) => {
        this.batch.push({ entry, resolve, reject });
        if (this.batch.length === 1) this.scheduleBatch();
      });
    }
    try {
      await this.append(entry);
    } catch (error) {
      if (!isStorageFull(error)) throw error;
      this.log(`audit: ${this.path} is full; audit rows wait in memory and are retried`);
      this.enqueue(entry);
    }
  }

  private scheduleBatch(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const now = this.options.now ?? (() => performance.now());
    const wait = this.lastCommitAt + (this.options.minCommitIntervalMs ?? 0) - now();
    const write = () => {
      this.scheduled = false;
      void this.writeBatch();
    };
    if (wait > 0) setTimeout(write, wait);
    else setImmediate(write);
  }

  private async writeBatch(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    const written = this.writeRows(batch);
    this.writing.add(written);
    try {
      await written;
    } finally {
      this.writing.delete(written);
    }
  }

  private async writeRows(batch: Waiting[]): Promise<void> {
    this.lastCommitAt = (this.options.now ?? (() => performance.now()))();
    // The disk filled while these waited: they queue behind the rows already waiting.
    if (this.pending.length > 0) {
      this.queueAll(batch);
      return;
    }
    try {
      await this.options.appendMany!(batch.map((waiting) => waiting.entry));
    } catch (error) {
      if (!isStorageFull(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      this.log(`audit: ${this.path} is full; audit rows wait in memory and are retried`);
      this.queueAll(batch);
      return;
    }
    for (const waiting of batch) waiting.resolve();
  }

  /** Rows of a batch that could not be written, queued in order (or refused past the bound). */
  private queueAll(batch: Waiting[]): void {
    for (const waiting of batch) {
      try {
        this.enqueue(waiting.entry);
        waiting.resolve();
      } catch (error) {
        waiting.reject(error);
      }
    }
  }

  private enqueue(entry: Omit<AuditEntry, 'id' | 'at'>): void {
    if (this.pending.length >= this.maxPending) {
      throw new HttpError(
        507,
        `the disk holding ${this.path} is full and ${this.pending.length} audit rows are waiting to be written; reads are refused until there is room`,
      );
    }
    this.pending.push(entry);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.retryMs);
    this.timer.unref();
  }

  /** Writes waiting rows in order; stops at the first that still cannot be written. */
  async flush(): Promise<void> {
    while (this.pending.length > 0) {
      try {
        await this.append(this.pending[0]!);
      } catch {
        this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 30_000);
        this.schedule();
        return;
      }
      this.pending.shift();
    }
    this.retryMs = this.options.firstRetryMs ?? 1000;
  }

  async close(): Promise<void> {
    // What is gathering, then every batch still out.
    await this.writeBatch();
    await Promise.all(this.writing);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length > 0) {
      this.log(
        `audit: ${this.pending.length} rows could not be written to ${this.path} (disk full)`,
      );
    }
  }
}
