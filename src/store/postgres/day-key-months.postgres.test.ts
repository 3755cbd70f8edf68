// The monthly platform, language and source level (rollup_day_key_months, rollups-schema.ts)
// equals its day level summed by month after writes, tags, late analyses, untags and an
// erasure, and breakdowns read through whole months equal the same breakdowns read hourly.
import { expect, it } from 'vitest';
import type { MentionAnalysis, Sentiment } from '../../model.js';
import { retentionStoreFor } from '../retention-store-for.js';
import { mentionInput } from '../store.conformance.js';
import { openPostgresStore } from './postgres-store.js';
import { monthOf } from './rollups-schema.js';
import { createTestSchema, describePostgres } from './test-database.js';
import { sortedRows } from './test-store-pool.js';

const HOUR = 3_600_000;
/** 2025-06-01T00:00Z; local midnight in Ho Chi Minh City is 17:00 UTC. */
const T0 = Date.UTC(2025, 5, 1);
const SENTIMENTS: Sentiment[] = ['positive', 'neutral', 'negative'];

function analysis(i: number, sentiment: Sentiment | null): MentionAnalysis {
  return {
    lang: i % 3 === 0 ? 'en' : 'vi',
    sentiment,
    sentimentConfidence: 0.8,
    sentimentProbabilities: null,
    shareGroup: null,
    keywords: [],
    places: [],
    sectors: [],
  };
}

describePostgres('PostgreSQL monthly platform, language and source level', () => {
  it('equals its days by month, and breakdowns over whole months equal hourly ones', async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore(schema.url);
    try {
      const a = await store.addSource({ kind: 'feed', url: 'https://m1.example/' });
      const b = await store.addSource({ kind: 'feed', url: 'https://m2.example/' });
      const topic = await store.createTopic({ name: 't', query: 'x' });
      // Four months, with hours on both sides of local midnights and month ends.
      const inputs = (n: number, prefix: string) =>
        Array.from({ length: n }, (_, i) =>
          mentionInput({
            externalId: `${prefix}${i}`,
            canonicalUrl: null,
            platform: i % 4 === 0 ? 'x' : 'web',
            author: { key: `u${i % 7}`, displayName: null, kind: 'person' },
            publishedAt: new Date(T0 + (i * 53 + 5) * HOUR).toISOString(),
            analysis: analysis(i, i % 7 === 0 ? null : SENTIMENTS[i % 3]!),
          }),
        );
      const { ids } = await store.saveMentions(a.source.id, inputs(56, 'a'));
      await store.saveMentions(b.source.id, inputs(20, 'b'));
      await store.tagMentions(
        topic.id,
        ids.filter((_, i) => i % 3 !== 0),
      );
      for (let i = 0; i < 8; i++) await store.setAnalysis(ids[i]!, analysis(i + 1, 'negative'));
      await store.untagPairs(ids.slice(20, 26).map((id) => [topic.id, id]));
      const key = (
        await sortedRows(store, `SELECT author_key AS k FROM mentions WHERE id = ${ids[40]}`)
      )
        .map((r) => (JSON.parse(r) as { k: string }).k)
        .at(0)!;
      expect((await retentionStoreFor(store)!.eraseAuthors([key])).mentions).toBeGreaterThan(1);

      const months = await sortedRows(
        store,
        `SELECT topic_id, dim, month, key, sentiment, n FROM rollup_day_key_months WHERE n <> 0`,
      );
      const fromDays = await sortedRows(
        store,
        `SELECT topic_id, dim, ${monthOf('day')} AS month, key, sentiment, sum(n)::bigint AS n
         FROM rollup_day_keys GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0`,
      );
      expect(months.length).toBeGreaterThan(20);
      expect(months).toEqual(fromDays);

      const ranges = [
        {},
        // Mid-month to mid-month: whole months, days and hours at both ends.
        {
          from: new Date(Date.UTC(2025, 5, 12, 4)).toISOString(),
          to: new Date(Date.UTC(2025, 8, 20, 9)).toISOString(),
        },
        { from: new Date(Date.UTC(2025, 6, 3)).toISOString() },
      ];
      for (const topicId of [undefined, topic.id]) {
        for (const range of ranges) {
          for (const by of ['platform', 'lang', 'source'] as const) {
            const filter = { topicId, ...range };
            const leveled = await store.breakdown(by, filter, 50);
            // A language filter with every language takes the hourly path: the same rows.
            const hourly = await store.breakdown(by, { ...filter, langs: ['vi', 'en'] }, 50);
            expect(leveled.length).toBeGreaterThan(0);
            expect(leveled, `${by} ${JSON.stringify(filter)}`).toEqual(hourly);
            const negative = { ...filter, sentiments: ['negative' as const] };
            expect(await store.breakdown(by, negative, 50)).toEqual(
              await store.breakdown(by, { ...negative, langs: ['vi', 'en'] }, 50),
            );
          }
        }
      }
    } finally {
      await store.close();
      await schema.drop();
    }
  });
});
