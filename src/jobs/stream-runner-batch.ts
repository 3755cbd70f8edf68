// Batches what a live stream delivers: a batch is written when it reaches `size` items or
// `delayMs` after its first item, whichever comes first, so a post reaches topics and their live
// streams well within a second while a busy firehose still writes in large transactions. One
// write at a time, in order; up to two batches are prepared (analysed) while the one before them
// is being written, so analysis on another thread overlaps the store and that thread never waits
// for the store to take its next batch. A stream that delivers faster than the store writes
// waits at `push`.
import type { CollectedMention } from '../model.js';

/**
 * Starts preparing a batch, and resolves to what writes it; that runs only once the batch
 * before it is written.
 */
export type WriteBatch = (
  mentions: CollectedMention[],
  cursor: string | null | undefined,
) => Promise<() => Promise<void>>;

/**
 * Batches prepared ahead of the write at most: two keep a worker thread analysing one while the
 * calling thread hands it the next, and bound what a fast stream holds in memory.
 */
const MAX_PREPARING = 2;

export class StreamBatcher {
  private pending: CollectedMention[] = [];
  /** The cursor of the newest item pushed; undefined while no item moved it. */
  private cursor: string | null | undefined;
  /** The cursor of the newest batch handed to `write`. */
  private written: string | null | undefined;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** One promise per batch taken but not yet writing, oldest first; each resolves as it starts. */
  private readonly preparing: Promise<void>[] = [];
  /** A flush waiting for that, to take the next batch. */
  private later: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    private readonly write: WriteBatch,
    private readonly size: number,
    private readonly delayMs: number,
  ) {}

  /**
   * Adds items; resolves at once, or when the batch is full, once the batch before it is
   * written (one batch is prepared ahead of the store).
   */
  async push(mentions: readonly CollectedMention[], cursor?: string | null): Promise<void> {
    if (this.failure !== null) throw this.failure;
    for (const mention of mentions) this.pending.push(mention);
    if (cursor !== undefined) this.cursor = cursor;
    if (this.pending.length >= this.size) {
      // The stream goes on while this batch is prepared and the one before it is written;
      // it waits here only until that one is written.
      const before = this.writing;
      this.flush().catch((error: unknown) => {
        this.failure = error;
      });
      await before;
      if (this.failure !== null) throw this.failure;
      return;
    }
    if (this.timer === null && (this.pending.length > 0 || this.cursor !== this.written)) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush().catch((error: unknown) => {
          this.failure = error;
        });
      }, this.delayMs);
    }
  }

  /** Writes what is pending (after any write in progress); rejects with the write's error. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.later !== null) return this.later;
    if (this.preparing.length >= MAX_PREPARING) {
      // The next batch is taken when the oldest one prepared starts its write, with everything
      // that arrived meanwhile.
      const later = this.preparing[0]!.then(() => {
        this.later = null;
        return this.take();
      });
      this.later = later;
      return later;
    }
    return this.take();
  }

  private take(): Promise<void> {
    const mentions = this.pending;
    const cursor = this.cursor;
    if (mentions.length === 0 && cursor === this.written) return this.writing;
    this.pending = [];
    const prepared = this.write(mentions, cursor === this.written ? undefined : cursor);
    this.written = cursor;
    // A preparation that fails is reported by this batch's write, in order.
    prepared.catch(() => undefined);
    let started = () => {};
    const gate = new Promise<void>((resolve) => {
      started = resolve;
    });
    this.preparing.push(gate);
    const next = this.writing.then(async () => {
      let writeBatch: () => Promise<void>;
      try {
        writeBatch = await prepared;
      } finally {
        // Writes start in order, so this batch is the oldest one preparing.
        this.preparing.shift();
        started();
      }
      await writeBatch();
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** A write that failed in the background, reported once. */
  takeFailure(): unknown {
    const failure = this.failure;
    this.failure = null;
    return failure;
  }
}
