// Tags stored history with one topic: scans mentions in id batches, matches, tags, and records
// progress on the topic after every batch, so the API can show it and a restart resumes after
// the last id examined instead of starting over. The scan runs to the end of the table, not to
// the count taken at the start, so mentions stored while it runs are covered too; tagging is
// idempotent, so overlap with ingest tagging is harmless.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { TopicIndex } from '../query/topic-index.js';
import type { BackfillProgress, ListeningStore } from '../store/listening-store.js';
import type { Store } from '../store/store.js';
import { addTopic, prepareStoredMention, sourceNamesById } from './topic-tagger.js';

export const DEFAULT_BACKFILL_BATCH = 2_000;

export interface BackfillOptions {
  /** Remove the topic's tags and start from the first mention (after a query edit). */
  reset?: boolean;
  batchSize?: number;
  /** Stops after the current batch; the progress stays 'running' and resumes later. */
  signal?: AbortSignal;
  onProgress?: (progress: BackfillProgress) => void;
  now?: () => Date;
}

export async function runBackfill(
  store: Store & ListeningStore,
  topicId: number,
  options: BackfillOptions = {},
): Promise<BackfillProgress> {
  const now = options.now ?? (() => new Date());
  const topic = await store.getTopic(topicId);
  if (!topic) throw new Error(`no topic #${topicId}`);
  const index = new TopicIndex();
  if (!addTopic(index, topic)) throw new Error(`topic #${topicId} has a query that does not parse`);
  const sourceNames = await sourceNamesById(store);

  const resume =
    !options.reset && topic.backfill.state === 'running' && topic.backfill.afterId !== undefined;
  if (options.reset) await store.clearTopicTags(topicId);
  let progress: BackfillProgress = resume
    ? { ...topic.backfill }
    : {
        state: 'running',
        processed: 0,
        total: await store.countMentions(),
        matched: 0,
        startedAt: now().toISOString(),
        finishedAt: null,
        error: null,
        afterId: 0,
      };
  await store.setBackfillProgress(topicId, progress);
  options.onProgress?.(progress);

  const batchSize = options.batchSize ?? DEFAULT_BACKFILL_BATCH;
  try {
    for (;;) {
      if (options.signal?.aborted) return progress;
      const batch = await store.scanMentions(progress.afterId ?? 0, batchSize);
      if (batch.length === 0) break;
      const matched: number[] = [];
      for (const mention of batch) {
        if (index.match(prepareStoredMention(mention, sourceNames)).length > 0) {
          matched.push(mention.id);
        }
      }
      await store.tagMentions(topicId, matched);
      const processed = progress.processed + batch.length;
      progress = {
        ...progress,
        processed,
        total: Math.max(progress.total, processed),
        matched: progress.matched + matched.length,
        afterId: batch[batch.length - 1]!.id,
      };
      await store.setBackfillProgress(topicId, progress);
      options.onProgress?.(progress);
      // Let the server answer requests between batches.
      await yieldToEventLoop();
    }
    progress = { ...progress, state: 'done', finishedAt: now().toISOString() };
  } catch (error) {
    progress = {
      ...progress,
      state: 'failed',
      finishedAt: now().toISOString(),
      error: error instanceof Error ? error.message : String(error),
    };
  }
  // The topic may have been deleted or edited meanwhile; an edit resets progress itself.
  if (await store.getTopic(topicId)) await store.setBackfillProgress(topicId, progress);
  options.onProgress?.(progress);
  return progress;
}

/**
 * Runs back-fills one at a time in the background, so creating many topics never starts many
 * scans at once. Asking again for a queued topic only upgrades it to a reset when asked.
 */
export class BackfillQueue {
  private readonly queue = new Map<number, { reset: boolean }>();
  private running: Promise<void> | null = null;
  private readonly controller = new AbortController();

  constructor(
    private readonly store: Store & ListeningStore,
    private readonly options: { batchSize?: number; onError?: (error: unknown) => void } = {},
  ) {}

  startBackfill(topicId: number, options: { reset: boolean }): void {
    const queued = this.queue.get(topicId);
    this.queue.set(topicId, { reset: options.reset || (queued?.reset ?? false) });
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Queues the back-fills a previous run left unfinished. */
  async resumeInterrupted(): Promise<number[]> {
    const topics = (await this.store.listTopics()).filter((t) => t.backfill.state === 'running');
    for (const topic of topics) this.startBackfill(topic.id, { reset: false });
    return topics.map((t) => t.id);
  }

  /** Resolves when the queue is empty. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops after the current batch; unfinished back-fills resume on the next start. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.idle();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.controller.signal.aborted) return;
      const next = this.queue.entries().next();
      if (next.done) return;
      const [topicId, { reset }] = next.value;
      this.queue.delete(topicId);
      try {
        await runBackfill(this.store, topicId, {
          reset,
          batchSize: this.options.batchSize,
          signal: this.controller.signal,
        });
      } catch (error) {
        (this.options.onError ?? console.error)(error);
      }
    }
  }
}
