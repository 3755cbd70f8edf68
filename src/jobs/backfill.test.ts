import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackfillProgress } from '../store/listening-store.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';
import { BackfillQueue, runBackfill } from './backfill.js';

let dir: string;
let path: string;
let store: SqliteStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-backfill-'));
  path = join(dir, 'nghe.db');
  store = openSqliteStore(path);
  const texts = Array.from({ length: 250 }, (_, i) =>
    i % 5 === 0 ? `ngập nước lần ${i}` : `tin khác ${i}`,
  );
  await store.saveMentions(
    null,
    texts.map((text) => mentionInput({ text })),
  );
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runBackfill', () => {
  it('tags matching history and records progress batch by batch', async () => {
    const topic = await store.createTopic({ name: 'flood', query: 'ngập' });
    const seen: BackfillProgress[] = [];
    const result = await runBackfill(store, topic.id, {
      batchSize: 60,
      onProgress: (p) => seen.push(p),
    });
    expect(result).toMatchObject({ state: 'done', processed: 250, total: 250, matched: 50 });
    expect(seen.map((p) => p.processed)).toEqual([0, 60, 120, 180, 240, 250, 250]);
    expect((await store.getTopic(topic.id))!.backfill).toMatchObject({
      state: 'done',
      matched: 50,
    });
    expect((await store.sentimentShare({ topicId: topic.id })).total).toBe(50);
    // Running again changes nothing.
    await runBackfill(store, topic.id);
    expect((await store.sentimentShare({ topicId: topic.id })).total).toBe(50);
  });

  it('resumes after a restart from the last id examined', async () => {
    const topic = await store.createTopic({ name: 'flood', query: 'ngập' });
    const controller = new AbortController();
    await runBackfill(store, topic.id, {
      batchSize: 100,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.processed >= 100) controller.abort();
      },
    });
    await store.close();
    store = openSqliteStore(path);
    const stopped = (await store.getTopic(topic.id))!.backfill;
    expect(stopped).toMatchObject({ state: 'running', processed: 100, afterId: 100 });

    const queue = new BackfillQueue(store, { batchSize: 100 });
    expect(await queue.resumeInterrupted()).toEqual([topic.id]);
    await queue.idle();
    const done = (await store.getTopic(topic.id))!.backfill;
    expect(done).toMatchObject({ state: 'done', processed: 250, matched: 50 });
    expect((await store.sentimentShare({ topicId: topic.id })).total).toBe(50);
  });

  it('re-tags from scratch after a query edit', async () => {
    const topic = await store.createTopic({ name: 'flood', query: 'ngập' });
    await runBackfill(store, topic.id);
    await store.updateTopic(topic.id, { query: 'khác' });
    expect((await store.sentimentShare({ topicId: topic.id })).total).toBe(0);
    const result = await runBackfill(store, topic.id, { reset: true });
    expect(result).toMatchObject({ state: 'done', matched: 200 });
    expect((await store.sentimentShare({ topicId: topic.id })).total).toBe(200);
  });

  it('fails with a reason for an unknown topic', async () => {
    await expect(runBackfill(store, 999)).rejects.toThrow(/no topic/);
  });
});
