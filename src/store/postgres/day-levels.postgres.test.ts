// The local-day roll-up levels (rollups-schema.ts) equal a recount from the mentions after
// writes, tags, late analyses, untags and deletions, and figures read through them equal the
// same figures read from the hourly roll-ups alone.
import { expect, it } from 'vitest';
import type { MentionAnalysis, Sentiment } from '../../model.js';
import { mentionInput } from '../store.conformance.js';
import { openPostgresStore, type PostgresStore } from './postgres-store.js';
import { SHARE_SUM_COLUMNS } from './rollups-schema.js';
import { createTestSchema, describePostgres } from './test-database.js';

const HOUR = 3_600_000;
/** 2025-06-01T00:00Z; local midnight in Ho Chi Minh City is 17:00 UTC. */
const T0 = Date.UTC(2025, 5, 1);
const SENTIMENTS: Sentiment[] = ['positive', 'neutral', 'negative'];

function analysis(i: number, sentiment: Sentiment | null): MentionAnalysis {
  const a = ((i * 37) % 100) / 100;
  return {
    lang: i % 3 === 0 ? 'en' : 'vi',
    sentiment,
    sentimentConfidence: 0.8,
    sentimentProbabilities:
      sentiment === null
        ? null
        : { negative: a * 0.5, neutral: 0.5 - a * 0.25, positive: 0.5 - a * 0.25 },
    shareGroup: i % 2 === 0 ? 'vi' : 'en',
    keywords: [`k${i % 4}`],
    places: [
      {
        province: i % 2 === 0 ? '79' : '01',
        ward: null,
        level: 'province',
        code: i % 2 === 0 ? '79' : '01',
        confidence: 1,
      },
    ],
    sectors: [{ sector: i % 2 === 0 ? 'traffic' : 'flooding', confidence: 0.9 }],
  };
}

async function query<T>(store: PostgresStore, sql: string): Promise<T[]> {
  const pool = (store as unknown as { pool: { query: (s: string) => Promise<{ rows: T[] }> } })
    .pool;
  return (await pool.query(sql)).rows;
}

/** Rows as sorted JSON, sums rounded: float sums may drift by rounding only. */
function canonical(rows: Record<string, unknown>[]): string[] {
  return rows
    .map((row) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(row)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => {
              // Sums come back as numeric text, counts as numbers: compare values.
              const x = typeof v === 'string' && /^-?[\d.e+-]+$/i.test(v) ? Number(v) : v;
              return [k, typeof x === 'number' ? Math.round(x * 1e6) / 1e6 : String(x)];
            }),
        ),
      ),
    )
    .sort();
}

/** Same shape and values; numbers equal up to float rounding of sums in another order. */
function expectClose(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(Math.abs((actual as number) - expected), path).toBeLessThan(1e-9);
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) {
      expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    }
  } else expect(actual, path).toEqual(expected);
}

const LOCAL_DAY = 'floor((floor(m.sort_ms / 3600000.0) + 7) / 24.0)::bigint';
const EVERY = `(SELECT 0::bigint AS topic_id, m.id FROM mentions AS m
  UNION ALL SELECT t.topic_id, t.mention_id FROM mention_topics AS t) AS x
  JOIN mentions AS m ON m.id = x.id`;

describePostgres('PostgreSQL local-day roll-up levels', () => {
  it('equal a recount from the mentions, and figures read through them equal hourly ones', async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore(schema.url);
    try {
      const { source } = await store.addSource({ kind: 'feed', url: 'https://d.example/' });
      const topic = await store.createTopic({ name: 't', query: 'x' });
      // Hours on both sides of several local midnights (17:00 UTC).
      const inputs = Array.from({ length: 60 }, (_, i) =>
        mentionInput({
          externalId: `d${i}`,
          canonicalUrl: null,
          platform: i % 4 === 0 ? 'x' : 'web',
          publishedAt: new Date(T0 + (i * 37 + 3) * HOUR).toISOString(),
          analysis: analysis(i, i % 7 === 0 ? null : SENTIMENTS[i % 3]!),
        }),
      );
      const { ids } = await store.saveMentions(source.id, inputs);
      await store.tagMentions(
        topic.id,
        ids.filter((_, i) => i % 3 !== 0),
      );
      // Late analyses move mentions between sentiments, languages and groups.
      for (let i = 0; i < 10; i++) await store.setAnalysis(ids[i]!, analysis(i + 1, 'negative'));
      await store.untagPairs(ids.slice(20, 26).map((id) => [topic.id, id]));

      const days = await query<Record<string, unknown>>(
        store,
        `SELECT topic_id, day, sentiment, grp, ${['n', ...SHARE_SUM_COLUMNS].map((c) => `sum(${c}) AS ${c}`).join(', ')}
         FROM rollup_days GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`,
      );
      const probs = ['prob_negative', 'prob_neutral', 'prob_positive'];
      const products: string[] = [];
      for (let j = 0; j < 3; j++)
        for (let k = j; k < 3; k++) products.push(`m.${probs[j]} * m.${probs[k]}`);
      const recounted = await query<Record<string, unknown>>(
        store,
        `SELECT x.topic_id, ${LOCAL_DAY} AS day, coalesce(m.sentiment, '') AS sentiment,
           coalesce(m.share_group, '') AS grp, count(*) AS n,
           ${probs.map((p, i) => `coalesce(sum(m.${p}), 0) AS p${i}`).join(', ')},
           ${products.map((p, i) => `coalesce(sum(${p}), 0) AS pp${i}`).join(', ')},
           ${SHARE_SUM_COLUMNS.filter((c) => c.startsWith('c'))
             .map((c) => `count(*) FILTER (WHERE m.share_cell = ${c.slice(1)}) AS ${c}`)
             .join(', ')}
         FROM ${EVERY} GROUP BY 1, 2, 3, 4`,
      );
      expect(days.length).toBeGreaterThan(10);
      expect(canonical(days)).toEqual(canonical(recounted));

      const keys = await query<Record<string, unknown>>(
        store,
        `SELECT topic_id, dim, day, key, sentiment, sum(n) AS n FROM rollup_day_keys
         GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0`,
      );
      const keysRecounted = await query<Record<string, unknown>>(
        store,
        `SELECT x.topic_id, d.dim, ${LOCAL_DAY} AS day, d.key, coalesce(m.sentiment, '') AS sentiment,
           count(*) AS n
         FROM ${EVERY} CROSS JOIN LATERAL (VALUES ('platform', m.platform), ('lang', m.lang_key),
           ('source', m.source_key::text)) AS d (dim, key)
         GROUP BY 1, 2, 3, 4, 5`,
      );
      expect(canonical(keys)).toEqual(canonical(keysRecounted));

      const places = await query<Record<string, unknown>>(
        store,
        `SELECT topic_id, day, province, ward, sentiment, sum(n) AS n FROM rollup_place_days
         GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0`,
      );
      const placesRecounted = await query<Record<string, unknown>>(
        store,
        `SELECT x.topic_id, ${LOCAL_DAY} AS day, p.province, '' AS ward,
           coalesce(m.sentiment, '') AS sentiment, count(DISTINCT m.id) AS n
         FROM ${EVERY} JOIN mention_places AS p ON p.mention_id = m.id GROUP BY 1, 2, 3, 4, 5`,
      );
      expect(places.length).toBeGreaterThan(0);
      expect(canonical(places)).toEqual(canonical(placesRecounted));
      const sectors = await query<Record<string, unknown>>(
        store,
        `SELECT topic_id, day, sector, sentiment, sum(n) AS n FROM rollup_sector_days
         GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`,
      );
      const sectorsRecounted = await query<Record<string, unknown>>(
        store,
        `SELECT x.topic_id, ${LOCAL_DAY} AS day, s.sector, coalesce(m.sentiment, '') AS sentiment,
           count(*) AS n
         FROM ${EVERY} JOIN mention_sectors AS s ON s.mention_id = m.id GROUP BY 1, 2, 3, 4`,
      );
      expect(canonical(sectors)).toEqual(canonical(sectorsRecounted));

      const months = await query<Record<string, unknown>>(
        store,
        `SELECT topic_id, month, term, sum(n) AS n FROM rollup_term_months
         GROUP BY 1, 2, 3 HAVING sum(n) <> 0`,
      );
      const monthsRecounted = await query<Record<string, unknown>>(
        store,
        `SELECT x.topic_id, (extract(year FROM to_timestamp(m.sort_ms / 1000.0) AT TIME ZONE 'UTC') * 12
             + extract(month FROM to_timestamp(m.sort_ms / 1000.0) AT TIME ZONE 'UTC') - 1) AS month,
           k.term, count(*) AS n
         FROM ${EVERY} CROSS JOIN LATERAL jsonb_array_elements_text(m.keywords) AS k (term)
         GROUP BY 1, 2, 3`,
      );
      expect(months.length).toBeGreaterThan(4);
      expect(canonical(months)).toEqual(canonical(monthsRecounted));

      // Figures over ranges that start and end inside local days read days and hours; in UTC
      // (no day level) they read hours only: both must count every mention once.
      const from = new Date(T0 + 10 * HOUR).toISOString();
      const to = new Date(T0 + 250 * HOUR).toISOString();
      for (const topicId of [undefined, topic.id]) {
        const filter = { topicId, from, to };
        const local = await store.series({ ...filter, interval: 'hour' });
        const byDay = await store.series({
          ...filter,
          interval: 'day',
          timeZone: 'Asia/Ho_Chi_Minh',
        });
        const total = (points: { total: number }[]) => points.reduce((s, p) => s + p.total, 0);
        expect(total(byDay)).toBe(total(local));
        const byWeek = await store.series({
          ...filter,
          interval: 'week',
          timeZone: 'Asia/Ho_Chi_Minh',
        });
        expect(total(byWeek)).toBe(total(local));
        for (const by of [
          'sentiment',
          'platform',
          'lang',
          'source',
          'province',
          'sector',
        ] as const) {
          const leveled = await store.breakdown(by, filter, 50);
          // A language filter with every language takes the hourly path: the same rows.
          const hourly = await store.breakdown(by, { ...filter, langs: ['vi', 'en'] }, 50);
          expect(leveled).toEqual(hourly);
        }
        // Top terms over months and days at both ends, and from the mentions (a language filter).
        for (const range of [
          { from, to },
          {
            from: new Date(T0 + 100 * HOUR).toISOString(),
            to: new Date(T0 + 2000 * HOUR).toISOString(),
          },
          {},
        ]) {
          const terms = await store.topTerms({ topicId, ...range }, 10);
          expect(terms.length).toBeGreaterThan(0);
          expect(terms).toEqual(
            await store.topTerms({ topicId, ...range, langs: ['vi', 'en'] }, 10),
          );
        }
        const share = await store.shareStatistics(filter);
        const shareHourly = await store.shareStatistics({ ...filter, langs: ['vi', 'en'] });
        expectClose(share, shareHourly);
      }
    } finally {
      await store.close();
      await schema.drop();
    }
  });
});
