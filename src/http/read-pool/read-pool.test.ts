import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MentionInput } from '../../model.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { HttpError } from '../api-error.js';
import { guardedReads } from './guarded-reads.js';
import { pooledReads } from './read-pool.js';
import { directReads } from './read-store.js';

function mention(i: number): MentionInput {
  return {
    platform: i % 2 === 0 ? 'web' : 'x',
    canonicalUrl: `https://news.example/p-${i}`,
    externalId: `p-${i}`,
    author: null,
    publishedAt: new Date(Date.UTC(2025, 5, 1, i % 48, i % 60)).toISOString(),
    collectedAt: '2025-06-03T00:00:00.000Z',
    language: 'vi',
    title: `Tin ${i}`,
    text: i % 3 === 0 ? `ngập lụt ở Thủ Đức lần ${i}` : `giá xăng tăng lần ${i}`,
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    raw: null,
    analysis: {
      lang: 'vi',
      sentiment: i % 3 === 0 ? 'negative' : 'neutral',
      sentimentConfidence: 0.9,
      keywords: i % 3 === 0 ? ['ngập'] : ['xăng'],
    },
  };
}

describe('reads on worker threads', () => {
  let dir: string;
  let store: SqliteStore;
  let topicId: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-read-pool-'));
    store = openSqliteStore(join(dir, 'nghe.sqlite'));
    const saved = await store.saveMentions(
      null,
      Array.from({ length: 120 }, (_, i) => mention(i)),
    );
    const topic = await store.createTopic({ name: 'ngập', query: 'ngập' });
    topicId = topic.id;
    await store.tagMentions(
      topic.id,
      saved.ids.filter((_, i) => i % 3 === 0),
    );
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every read as the store does on its own thread', async () => {
    const pooled = pooledReads({ path: store.db.name, threads: 2 });
    const direct = directReads(store);
    try {
      const filter = { topicId, from: '2025-06-01T00:00:00Z', to: '2025-06-03T00:00:00Z' };
      const series = { ...filter, interval: 'day' as const, timeZone: 'America/New_York' };
      expect(await pooled.series(series)).toEqual(await direct.series(series));
      expect(await pooled.shareSeries(series)).toEqual(await direct.shareSeries(series));
      const estimated = await pooled.estimatedSeries(series);
      expect(estimated).toEqual(await direct.estimatedSeries(series));
      expect(estimated.map(({ sentiment: _, ...counts }) => counts)).toEqual(
        await direct.series(series),
      );
      expect(await pooled.sentimentShare(filter)).toEqual(await direct.sentimentShare(filter));
      expect(await pooled.breakdown('platform', {})).toEqual(
        await direct.breakdown('platform', {}),
      );
      expect(await pooled.topTerms({})).toEqual(await direct.topTerms({}));
      const persons = { filter: { platforms: ['x' as const] } };
      expect(await pooled.countGroups(persons, 10)).toBe(await direct.countGroups(persons, 10));
      const list = { query: 'ngập OR xăng', limit: 7 };
      const page = await pooled.listMentions(list);
      expect(page).toEqual(await direct.listMentions(list));
      expect(page.mentions).toHaveLength(7);
      const id = page.mentions[0]!.id;
      expect(await pooled.getMention(id)).toEqual(await direct.getMention(id));
      expect(await pooled.getThread(id)).toEqual(await direct.getThread(id));
      // A store's RangeError keeps its class across the thread (the cursor check relies on it).
      await expect(pooled.listMentions({ cursor: 'nonsense' })).rejects.toBeInstanceOf(RangeError);
      expect(pooled.pool.stats().timedOut).toBe(0);
    } finally {
      await pooled.close();
    }
  });

  it('counts the persons of many figures asked at once in one message, each as alone', async () => {
    const pooled = pooledReads({ path: store.db.name, threads: 2 });
    const direct = directReads(store);
    try {
      await pooled.pool.ready();
      const queries = [
        { filter: {} },
        { filter: { topicId } },
        { filter: { platforms: ['x' as const] } },
        { filter: { sentiments: ['negative' as const] }, terms: ['ngập'] },
        {
          filter: {},
          ranges: [['2025-06-01T00:00:00Z', '2025-06-01T05:00:00Z']] as [string, string][],
        },
      ];
      const calls: string[] = [];
      const worker = pooled.pool as unknown as { call(method: string, args: unknown[]): unknown };
      const call = worker.call.bind(worker);
      worker.call = (method, args) => {
        calls.push(method);
        return call(method, args);
      };
      const counts = await Promise.all(queries.map((q) => pooled.countGroups(q, 3)));
      expect(calls).toEqual(['countGroupsMany']);
      const alone = await Promise.all(queries.map((q) => direct.countGroups(q, 3)));
      expect(counts).toEqual(alone);
    } finally {
      await pooled.close();
    }
  });

  it('stops a query past its budget with a 503 and replaces the thread', async () => {
    // 100,000 rows written straight into a file of its own: counting terms by platform and
    // language (no roll-up keeps that pair) reads every one of them, hundreds of milliseconds
    // against a budget of 50.
    const big = openSqliteStore(join(dir, 'big.sqlite'));
    big.db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
      INSERT INTO mentions (platform, external_id, collected_at, published_at, text, keywords,
        lang, language, sentiment, search_key)
      SELECT 'web', 'e' || i, '2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z', 'chữ ' || i,
        json_array('k' || (i % 5000), 'k' || (i % 77)), 'vi', 'vi', 'neutral', i FROM n`);
    const pooled = pooledReads({ path: big.db.name, threads: 1, budgetMs: 50 });
    try {
      await pooled.pool.ready();
      const started = performance.now();
      const error = await pooled
        .topTerms({ platforms: ['web'], langs: ['vi'] })
        .catch((e: unknown) => e);
      const elapsed = performance.now() - started;
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(503);
      expect((error as HttpError).message).toMatch(/query_timeout: .* time budget of 50 ms/);
      expect((error as HttpError).code).toBe('query_timeout');
      expect(elapsed).toBeGreaterThanOrEqual(45);
      expect(elapsed).toBeLessThan(1000);
      // Replaced once the statement itself has run a whole budget on its thread.
      await expect
        .poll(() => pooled.pool.stats(), { timeout: 2000 })
        .toMatchObject({
          timedOut: 1,
          replaced: 1,
        });
      // The thread put in its place answers what fits the budget.
      await pooled.pool.ready();
      expect(await pooled.getMention(1)).toMatchObject({ id: 1, platform: 'web' });
      expect(pooled.pool.stats().lastStartMs).toBeGreaterThan(0);
      // The stopped thread ends once its statement returns to JavaScript.
      await expect.poll(() => pooled.pool.stats().stopping, { timeout: 5000 }).toBe(0);
      expect(pooled.pool.stats().lastStopMs).toBeGreaterThanOrEqual(0);
    } finally {
      await pooled.close();
      await big.close();
    }
  });

  it('refuses dates out of range, oversized series and costly queries with a 400 naming the bound', async () => {
    const reads = guardedReads(directReads(store));
    const refusal = async (work: Promise<unknown>) => {
      const error = await work.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(400);
      return (error as HttpError).message;
    };
    expect(
      await refusal(
        reads.series({ from: '1800-01-01T00:00:00Z', to: '2070-01-01T00:00:00Z', interval: 'day' }),
      ),
    ).toMatch(/from: 1800-01-01.* outside the allowed range 1900-01-01 to 2200-01-01/);
    expect(
      await refusal(
        reads.series({ from: '1950-01-01T00:00:00Z', to: '2070-01-01T00:00:00Z', interval: 'day' }),
      ),
    ).toMatch(/43830 day buckets; the limit is 20000/);
    const phrase = `"${Array.from({ length: 1333 }, () => 'ab').join(' ')}"`;
    expect(await refusal(reads.listMentions({ query: phrase }))).toMatch(
      /q: a phrase has 1333 words; the limit is 16 per phrase/,
    );
    const ors = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' OR ');
    expect(await refusal(reads.listMentions({ query: ors }))).toMatch(
      /40 OR alternatives; the limit is 32/,
    );
    expect(
      await refusal(reads.listMentions({ query: 'ab* cd* ef* gh* ij* kl* mn* op* qr*' })),
    ).toMatch(/9 prefix terms; the limit is 8/);
    // Inside the bounds, the same reads answer.
    const series = await reads.series({
      from: '2025-06-01T00:00:00Z',
      to: '2025-06-03T00:00:00Z',
      interval: 'hour',
    });
    expect(series).toHaveLength(48);
  });
});
