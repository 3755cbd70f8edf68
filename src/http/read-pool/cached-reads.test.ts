import { describe, expect, it } from 'vitest';
import type { SentimentShare } from '../../store/listening-store.js';
import { cachedReads } from './cached-reads.js';
import type { ReadStore } from './read-store.js';

function countingStore(): { reads: ReadStore; calls: Record<string, number>; fail: Set<string> } {
  const calls: Record<string, number> = {};
  const fail = new Set<string>();
  let total = 0;
  const seen = (method: string) => {
    calls[method] = (calls[method] ?? 0) + 1;
    if (fail.has(method)) return Promise.reject(new Error(`${method} failed`));
    return Promise.resolve();
  };
  const reads = {
    sentimentShare: async () => {
      await seen('sentimentShare');
      total++;
      return { total } as unknown as SentimentShare;
    },
    countGroups: async (_query: unknown, cap: number) => {
      await seen('countGroups');
      return cap;
    },
    listMentions: async () => {
      await seen('listMentions');
      return { mentions: [], nextCursor: null };
    },
    close: async () => {},
  } as unknown as ReadStore;
  return { reads, calls, fail };
}

describe('figures kept per data version', () => {
  it('answers the same read from memory until the version moves', async () => {
    const { reads, calls } = countingStore();
    let version = 'a';
    const cached = cachedReads(reads, { version: () => version });
    const first = await cached.sentimentShare({ topicId: 1 });
    expect(await cached.sentimentShare({ topicId: 1 })).toBe(first);
    // Other arguments are another figure.
    expect((await cached.sentimentShare({ topicId: 2 })).total).toBe(2);
    expect(calls.sentimentShare).toBe(2);
    version = 'b';
    expect((await cached.sentimentShare({ topicId: 1 })).total).toBe(3);
    expect(cached.cacheStats()).toMatchObject({ hits: 1, misses: 3 });
  });

  it('reads again once an answer is older than its longest age', async () => {
    const { reads, calls } = countingStore();
    let now = 0;
    const cached = cachedReads(reads, { version: () => 'v', maxAgeMs: 2000, now: () => now });
    await cached.countGroups({ filter: {} }, 10);
    now = 2000;
    await cached.countGroups({ filter: {} }, 10);
    expect(calls.countGroups).toBe(1);
    now = 2001;
    await cached.countGroups({ filter: {} }, 10);
    expect(calls.countGroups).toBe(2);
  });

  it('shares one call among identical reads asked together, and keeps no failure', async () => {
    const { reads, calls, fail } = countingStore();
    const cached = cachedReads(reads, { version: () => 'v' });
    const answers = await Promise.all([1, 2, 3].map(() => cached.countGroups({ filter: {} }, 7)));
    expect(answers).toEqual([7, 7, 7]);
    expect(calls.countGroups).toBe(1);
    expect(cached.cacheStats().shared).toBe(2);
    fail.add('sentimentShare');
    await expect(cached.sentimentShare({})).rejects.toThrow(/failed/);
    fail.delete('sentimentShare');
    expect((await cached.sentimentShare({})).total).toBe(1);
    expect(calls.sentimentShare).toBe(2);
  });

  it('never keeps mention lists', async () => {
    const { reads, calls } = countingStore();
    const cached = cachedReads(reads, { version: () => 'v' });
    await cached.listMentions({ limit: 5 });
    await cached.listMentions({ limit: 5 });
    expect(calls.listMentions).toBe(2);
  });

  it('shares a mention list read in flight with identical asks, and forgets it once answered', async () => {
    const { reads, calls, fail } = countingStore();
    const cached = cachedReads(reads, { version: () => 'v' });
    const together = await Promise.all([
      cached.listMentions({ query: 'mưa', limit: 5 }),
      cached.listMentions({ query: 'mưa', limit: 5 }),
      cached.listMentions({ query: 'mưa', limit: 6 }),
    ]);
    expect(together[0]).toBe(together[1]);
    expect(calls.listMentions).toBe(2);
    expect(cached.cacheStats()).toMatchObject({ shared: 1, entries: 0 });
    // Answered: the next ask reads again.
    await cached.listMentions({ query: 'mưa', limit: 5 });
    expect(calls.listMentions).toBe(3);
    // A failure goes to every ask that shared it, and is not kept either.
    fail.add('listMentions');
    const failed = [cached.listMentions({ limit: 1 }), cached.listMentions({ limit: 1 })];
    for (const ask of failed) await expect(ask).rejects.toThrow(/failed/);
    expect(calls.listMentions).toBe(4);
    fail.delete('listMentions');
    await cached.listMentions({ limit: 1 });
    expect(calls.listMentions).toBe(5);
  });

  it('drops the oldest answers past the most it keeps', async () => {
    const { reads, calls } = countingStore();
    const cached = cachedReads(reads, { version: () => 'v', maxEntries: 2 });
    for (const topicId of [1, 2, 3]) await cached.sentimentShare({ topicId });
    expect(cached.cacheStats().entries).toBe(2);
    await cached.sentimentShare({ topicId: 1 });
    expect(calls.sentimentShare).toBe(4);
  });
});
