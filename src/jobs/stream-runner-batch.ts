// Batches what a live stream delivers: a batch is written when it reaches `size` items or
// `delayMs` after its first item, whichever comes first, so a post reaches topics and their live
// streams well within a second while a busy firehose still writes in large transactions. One
// write at a time; a stream that delivers faster than the store writes waits at `push`.
import type { CollectedMention } from '../model.js';

export type WriteBatch = (
  mentions: CollectedMention[],
  cursor: string | null | undefined,
) => Promise<void>;

export class StreamBatcher {
  private pending: CollectedMention[] = [];
  /** The cursor of the newest item pushed; undefined while no item moved it. */
  private cursor: string | null | undefined;
  private written: string | null | undefined;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    private readonly write: WriteBatch,
    private readonly size: number,
    private readonly delayMs: number,
  ) {}

  /** Adds items; resolves at once, or after a write when the batch is full. */
  async push(mentions: readonly CollectedMention[], cursor?: string | null): Promise<void> {
    if (this.failure !== null) throw this.failure;
    for (const mention of mentions) this.pending.push(mention);
    if (cursor !== undefined) this.cursor = cursor;
    if (this.pending.length >= this.size) {
      await this.flush();
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
    const next = this.writing.then(async () => {
      const mentions = this.pending;
      const cursor = this.cursor;
      if (mentions.length === 0 && cursor === this.written) return;
      this.pending = [];
      await this.write(mentions, cursor === this.written ? undefined : cursor);
      this.written = cursor;
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
