// The yearly terms level (rollup_term_years, rollups-schema.ts) equals its months summed by
// year after writes, tags, untags, late keyword changes and an erasure, and top terms over
// ranges crossing years (read from years, months and days) equal a count from the mentions.
import { expect, it } from 'vitest';
import type { MentionAnalysis } from '../../model.js';
import { retentionStoreFor } from '../retention-store-for.js';
import { mentionInput } from '../store.conformance.js';
import { openPostgresStore } from './postgres-store.js';
import { createTestSchema, describePostgres } from './test-database.js';
import { sortedRows } from './test-store-pool.js';

const HOUR = 3_600_000;
/** 2023-10-01T00:00Z; the mentions run to early 2026. */
const T0 = Date.UTC(2023, 9, 1);

function analysis(i: number, shift = 0): MentionAnalysis {
  const k = (i + shift) % 5;
  return {
    lang: i % 3 === 0 ? 'en' : 'vi',
    sentiment: 'neutral',
    sentimentConfidence: 0.8,
    sentimentProbabilities: null,
    shareGroup: null,
    // Repeated keywords count once per mention.
    keywords: i % 4 === 0 ? [`k${k}`, `k${k}`, 'common'] : [`k${k}`, `t${i % 3}`],
    places: [],
    sectors: [],
  };
}

describePostgres('PostgreSQL yearly terms level', () => {
  it('equals its months by year, and top terms across years equal a count of the mentions', async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore(schema.url);
    try {
      const { source } = await store.addSource({ kind: 'feed', url: 'https://y.example/' });
      const topic = await store.createTopic({ name: 't', query: 'x' });
      // 2023-10 to 2026-02 (four UTC years), with mentions on both sides of year and month ends.
      const inputs = Array.from({ length: 90 }, (_, i) =>
        mentionInput({
          externalId: `y${i}`,
          canonicalUrl: null,
          author: { key: `u${i % 7}`, displayName: null, kind: 'person' },
          publishedAt: new Date(T0 + (i * 229 + 5) * HOUR).toISOString(),
          analysis: analysis(i),
        }),
      );
      const { ids } = await store.saveMentions(source.id, inputs);
      await store.tagMentions(
        topic.id,
        ids.filter((_, i) => i % 3 !== 0),
      );
      // Late keyword changes, an untag and an erasure move counts between terms and years.
      for (let i = 0; i < 90; i += 9) await store.setAnalysis(ids[i]!, analysis(i, 2));
      await store.untagPairs(ids.slice(30, 40).map((id) => [topic.id, id]));
      const key = (
        await sortedRows(store, `SELECT author_key AS k FROM mentions WHERE id = ${ids[45]}`)
      )
        .map((r) => (JSON.parse(r) as { k: string }).k)
        .at(0)!;
      expect((await retentionStoreFor(store)!.eraseAuthors([key])).mentions).toBeGreaterThan(1);

      const years = await sortedRows(
        store,
        'SELECT topic_id, year, term, n FROM rollup_term_years WHERE n <> 0',
      );
      const fromMonths = await sortedRows(
        store,
        `SELECT topic_id, month / 12 AS year, term, sum(n)::bigint AS n FROM rollup_term_months
         GROUP BY 1, 2, 3 HAVING sum(n) <> 0`,
      );
      expect(years.length).toBeGreaterThan(20);
      expect(new Set(years.map((r) => (JSON.parse(r) as { year: string }).year)).size).toBe(4);
      expect(years).toEqual(fromMonths);

      const iso = (y: number, m: number, d: number, h = 0) =>
        new Date(Date.UTC(y, m - 1, d, h)).toISOString();
      const ranges = [
        {},
        // Mid-month to mid-month across two year ends: a year, months and days at both ends.
        { from: iso(2023, 11, 12, 4), to: iso(2025, 9, 20, 9) },
        // Whole years exactly.
        { from: iso(2024, 1, 1), to: iso(2025, 1, 1) },
        { from: iso(2024, 7, 3) },
        { to: iso(2025, 2, 10) },
        // Across one year end, no whole year inside.
        { from: iso(2024, 10, 1), to: iso(2025, 3, 1) },
      ];
      for (const topicId of [undefined, topic.id]) {
        for (const range of ranges) {
          const filter = { topicId, ...range };
          const leveled = await store.topTerms(filter, 100);
          // A language filter with every language counts from the mentions themselves.
          const counted = await store.topTerms({ ...filter, langs: ['vi', 'en'] }, 100);
          expect(leveled.length).toBeGreaterThan(2);
          expect(leveled, JSON.stringify(filter)).toEqual(counted);
        }
      }
    } finally {
      await store.close();
      await schema.drop();
    }
  });
});
