import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionInput, Sentiment } from '../../model.js';
import { eraseAuthor, pseudonymsOf, runRetention } from '../../privacy/retention.js';
import type { ListeningStore } from '../listening-store.js';
import { mentionInput } from '../store.conformance.js';
import { SqliteRetention } from './retention.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

const SECRET = Buffer.alloc(32, 3);
const SENTIMENTS: Sentiment[] = ['positive', 'neutral', 'negative'];

function post(i: number, authorKey: string, publishedAt: string): MentionInput {
  const sentiment = SENTIMENTS[i % 3]!;
  return mentionInput({
    platform: 'reddit',
    canonicalUrl: null,
    externalId: `p${i}`,
    author: { key: authorKey, displayName: null, kind: 'person' },
    publishedAt,
    collectedAt: publishedAt,
    text: `ngập nước đường phố số ${i}`,
    raw: { id: `p${i}`, body: 'raw payload' },
    engagement: { likes: i },
    analysis: {
      lang: 'vi',
      sentiment,
      sentimentConfidence: 0.8,
      sentimentProbabilities: {
        positive: sentiment === 'positive' ? 0.8 : 0.1,
        neutral: sentiment === 'neutral' ? 0.8 : 0.1,
        negative: sentiment === 'negative' ? 0.8 : 0.1,
      },
      shareGroup: 'vi:forum',
      keywords: ['ngập', `đường ${i % 4}`],
    },
  });
}

/** Every figure the API shows, for one topic and for all mentions. */
async function figures(store: ListeningStore, topicId: number) {
  const out: unknown[] = [];
  for (const filter of [{}, { topicId }]) {
    out.push(
      await store.series({ ...filter, interval: 'day' }),
      await store.sentimentShare(filter),
      await store.shareStatistics(filter),
      await store.breakdown('platform', filter),
      await store.breakdown('source', filter),
      await store.topTerms(filter, 50),
    );
  }
  // Sums of probabilities may differ in the last bits after a subtraction: compare to 1e-9.
  return JSON.parse(
    JSON.stringify(out, (_key, value) =>
      typeof value === 'number' ? Math.round(value * 1e9) / 1e9 : value,
    ),
  );
}

describe('retention and erasure', () => {
  let store: SqliteStore;
  let topicId: number;

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    const source = await store.addSource({
      kind: 'reddit',
      url: 'https://www.reddit.com/r/vietnam',
    });
    const old = Array.from({ length: 30 }, (_, i) =>
      post(i, `person${i % 12}`, '2025-01-10T03:00:00Z'),
    );
    const recent = Array.from({ length: 10 }, (_, i) =>
      post(100 + i, `person${i % 12}`, '2026-11-20T03:00:00Z'),
    );
    const saved = await store.saveMentions(source.source.id, [...old, ...recent]);
    topicId = (await store.createTopic({ name: 'ngập', query: 'ngập' })).id;
    await store.tagMentions(topicId, saved.ids);
  });
  afterEach(async () => {
    await store.close();
  });

  it('removes raw text and payloads past the period and leaves every figure equal', async () => {
    const before = await figures(store, topicId);
    const report = await runRetention(
      new SqliteRetention(store.db),
      90,
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(report).toMatchObject({ mentions: 30, indexEntries: 30, days: 90 });
    expect(await figures(store, topicId)).toEqual(before);
    const rows = store.db
      .prepare(
        "SELECT count(*) AS n FROM mentions WHERE text = '' AND raw IS NULL AND keywords IS NOT NULL",
      )
      .get() as { n: number };
    expect(rows.n).toBe(30);
    // Only the recent ten are still found by their words.
    expect((await store.search({ query: 'ngập', limit: 100 })).hits).toHaveLength(10);
    // A second run finds nothing left to remove.
    expect(
      await runRetention(new SqliteRetention(store.db), 90, new Date('2026-12-01T00:00:00Z')),
    ).toMatchObject({ mentions: 0 });
  });

  it('erases a person from mentions, the index and the figures', async () => {
    // Pseudonyms as collection makes them, for the handle given.
    const key = pseudonymsOf(SECRET, 'reddit', 'someone')[1]; // stored as '@Someone'
    const theirs = [
      post(500, key!, '2026-11-20T05:00:00Z'),
      post(501, key!, '2025-01-10T05:00:00Z'),
    ];
    const without = await figures(store, topicId);
    const saved = await store.saveMentions(null, theirs);
    await store.tagMentions(topicId, saved.ids);
    expect(await figures(store, topicId)).not.toEqual(without);

    const result = await eraseAuthor(new SqliteRetention(store.db), SECRET, 'reddit', 'someone');
    expect(result.mentions).toBe(2);
    expect(await figures(store, topicId)).toEqual(without);
    expect(await store.getMention(saved.ids[0]!)).toBeNull();
    const hits = (await store.search({ query: 'ngập', limit: 100 })).hits;
    expect(hits.some((hit) => saved.ids.includes(hit.mention.id))).toBe(false);
    expect(await eraseAuthor(new SqliteRetention(store.db), SECRET, 'reddit', 'someone')).toEqual({
      mentions: 0,
    });
  });

  it('a platform’s deletion removes the text, raw payload and index entry', async () => {
    const [mention] = (await store.search({ query: 'ngập', limit: 1 })).hits.map((h) => h.mention);
    await store.saveMentions(null, [
      { ...post(0, 'x', mention!.publishedAt!), externalId: mention!.externalId, deleted: true },
    ]);
    const stored = store.db
      .prepare('SELECT text, raw FROM mentions WHERE id = ?')
      .get(mention!.id) as { text: string; raw: string | null };
    expect(stored).toEqual({ text: '', raw: null });
    const hits = (await store.search({ query: 'ngập', limit: 100 })).hits;
    expect(hits.some((hit) => hit.mention.id === mention!.id)).toBe(false);
  });
});
