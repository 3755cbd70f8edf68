// Audit rows of reads, written so that a full disk does not stop reads: a row that cannot be
// written (storage full) waits in order in memory and is retried with backoff until it is, and
// rows after it queue behind it. Past `maxPending` waiting rows, reads are refused with a 507
// instead, so none goes unrecorded. Waiting rows live in this process only: they are written
// on close if the disk has room by then, and counted in the log if not.
import { noteAudited } from '../audit/route-usage.js';
import type { AuditEntry } from '../store/listening-store.js';
import { HttpError } from './api-error.js';
import { isStorageFull } from './storage-errors.js';

export type AuditAppend = (entry: Omit<AuditEntry, 'id' | 'at'>) => Promise<void>;

export interface AuditQueueOptions {
  maxPending?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** Where to say rows are waiting or could not be written; default console.error. */
  log?: (line: string) => void;
}

export class AuditQueue {
  private readonly pending: Omit<AuditEntry, 'id' | 'at'>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private retryMs: number;
  private readonly maxPending: number;
  private readonly log: (line: string) => void;

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
    try {
      await this.append(entry);
    } catch (error) {
      if (!isStorageFull(error)) throw error;
      this.log(`audit: ${this.path} is full; audit rows wait in memory and are retried`);
      this.enqueue(entry);
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
