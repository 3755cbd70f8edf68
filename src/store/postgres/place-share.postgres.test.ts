// The province share level (place-share-schema.ts) equals a recount from the mentions after
// writes, tags, late analyses (new sentiment, probabilities and places), untags, an edit of
// counted columns and an erasure; the bulk recount gives the same rows; and one province's
// sentiment share and share statistics read through it equal the same figures counted from
// the mentions, over open ranges and ranges that start and end inside local days.
import { expect, it } from 'vitest';
import type { MentionAnalysis, Sentiment } from '../../model.js';
import { retentionStoreFor } from '../retention-store-for.js';
import { mentionInput } from '../store.conformance.js';
import { PLACE_SHARE_TABLE } from './place-share-schema.js';
import { openPostgresStore, type PostgresStore } from './postgres-store.js';
import { recountRollupsInBulk } from './rollup-recount.js';
import { SHARE_SUM_COLUMNS } from './rollups-schema.js';
import { createTestSchema, describePostgres } from './test-database.js';

const HOUR = 3_600_000;
/** 2025-06-01T00:00Z; local midnight in Ho Chi Minh City is 17:00 UTC. */
const T0 = Date.UTC(2025, 5, 1);
const SENTIMENTS: Sentiment[] = ['positive', 'neutral', 'negative'];

/** Places: a province, sometimes a ward of it, sometimes a second province; some have none. */
function analysis(i: number, sentiment: Sentiment | null): MentionAnalysis {
  const a = ((i * 37) % 100) / 100;
  const province = i % 2 === 0 ? '79' : '01';
  const place = (code: string, ward: string | null) => ({
    province: code,
    ward,
    level: ward === null ? ('province' as const) : ('ward' as const),
    code: ward ?? code,
    confidence: 0.9,
  });
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
    places:
      i % 11 === 0
        ? []
        : [
            place(province, null),
            // A ward of the same province: still once for the province.
            ...(i % 3 === 0 ? [place(province, `w${i % 5}`)] : []),
            ...(i % 5 === 0 ? [place('48', null)] : []),
          ],
    sectors: [],
  };
}

type Row = Record<string, unknown>;

async function query(store: PostgresStore, sql: string): Promise<Row[]> {
  const pool = (store as unknown as { pool: { query: (s: string) => Promise<{ rows: Row[] }> } })
    .pool;
  return (await pool.query(sql)).rows;
}

/** Rows with a non-zero count as sorted JSON, sums rounded (float sums drift by rounding). */
function canonical(rows: Row[]): string[] {
  return rows
    .filter((row) => Number(row.n) !== 0)
    .map((row) =>
      JSON.stringify(
        Object.entries(row)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => {
            const x = typeof v === 'string' && /^-?[\d.e+-]+$/i.test(v) ? Number(v) : v;
            return [k, typeof x === 'number' ? Math.round(x * 1e6) / 1e6 : x];
          }),
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
const PROBS = ['prob_negative', 'prob_neutral', 'prob_positive'];
const PRODUCTS: string[] = [];
for (let j = 0; j < 3; j++)
  for (let k = j; k < 3; k++) PRODUCTS.push(`m.${PROBS[j]} * m.${PROBS[k]}`);

/** The level as the triggers keep it, and as counted afresh from the mentions. */
async function keptAndCounted(store: PostgresStore): Promise<[string[], string[]]> {
  const kept = canonical(await query(store, `SELECT * FROM ${PLACE_SHARE_TABLE}`));
  const counted = canonical(
    await query(
      store,
      `SELECT x.topic_id, p.province, ${LOCAL_DAY} AS day, coalesce(m.sentiment, '') AS sentiment,
         coalesce(m.share_group, '') AS grp, count(*) AS n,
         ${PROBS.map((c, i) => `coalesce(sum(m.${c}), 0) AS p${i}`).join(', ')},
         ${PRODUCTS.map((c, i) => `coalesce(sum(${c}), 0) AS pp${i}`).join(', ')},
         ${SHARE_SUM_COLUMNS.filter((c) => c.startsWith('c'))
           .map((c) => `count(*) FILTER (WHERE m.share_cell = ${c.slice(1)}) AS ${c}`)
           .join(', ')}
       FROM (SELECT 0::bigint AS topic_id, id FROM mentions
         UNION ALL SELECT topic_id, mention_id FROM mention_topics) AS x
       JOIN mentions AS m ON m.id = x.id
       JOIN (SELECT DISTINCT mention_id, province FROM mention_places) AS p ON p.mention_id = m.id
       GROUP BY 1, 2, 3, 4, 5`,
    ),
  );
  return [kept, counted];
}

describePostgres('PostgreSQL province share level', () => {
  it('equals a recount through every change, and province figures read through it equal the mentions', async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore(schema.url);
    try {
      const { source } = await store.addSource({ kind: 'feed', url: 'https://p.example/' });
      const topic = await store.createTopic({ name: 't', query: 'x' });
      // Hours on both sides of several local midnights (17:00 UTC).
      const inputs = Array.from({ length: 60 }, (_, i) =>
        mentionInput({
          externalId: `p${i}`,
          canonicalUrl: null,
          author: { key: `u${i % 9}`, displayName: null, kind: 'person' },
          publishedAt: new Date(T0 + (i * 37 + 3) * HOUR).toISOString(),
          analysis: analysis(i, i % 7 === 0 ? null : SENTIMENTS[i % 3]!),
        }),
      );
      const { ids } = await store.saveMentions(source.id, inputs);
      await store.tagMentions(
        topic.id,
        ids.filter((_, i) => i % 3 !== 0),
      );
      const [kept0, counted0] = await keptAndCounted(store);
      expect(kept0.length).toBeGreaterThan(20);
      expect(kept0).toEqual(counted0);

      // Late analyses: new sentiments, probabilities, groups and places.
      for (let i = 0; i < 10; i++) await store.setAnalysis(ids[i]!, analysis(i + 4, 'negative'));
      await store.untagPairs(ids.slice(20, 26).map((id) => [topic.id, id]));
      // An edit of counted columns by an operator's UPDATE: time, group and probabilities.
      await query(
        store,
        `UPDATE mentions SET sort_ms = sort_ms + 20 * ${HOUR}, share_group = 'x',
           prob_negative = 0.7, share_cell = 3 WHERE id IN (${ids.slice(30, 34).join(', ')})`,
      );
      // An erasure: the author's mentions leave every topic and province.
      const [author] = await query(store, `SELECT author_key FROM mentions WHERE id = ${ids[40]}`);
      const erased = await retentionStoreFor(store)!.eraseAuthors([String(author!.author_key)]);
      expect(erased.mentions).toBeGreaterThan(1);

      const [kept, counted] = await keptAndCounted(store);
      expect(kept).toEqual(counted);
      expect(kept.some((r) => r.includes('"x"'))).toBe(true);

      // The bulk recount gives the same rows.
      const pool = (store as unknown as { pool: { connect: () => Promise<PgClient> } }).pool;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await recountRollupsInBulk(client, { tables: [PLACE_SHARE_TABLE] });
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      expect(canonical(await query(store, `SELECT * FROM ${PLACE_SHARE_TABLE}`))).toEqual(kept);

      // Figures by one province: through the level, and from the mentions (a language filter
      // with every language reads the mentions) must agree.
      const ranges = [
        {},
        {
          from: new Date(T0 + 10 * HOUR).toISOString(),
          to: new Date(T0 + 1500 * HOUR).toISOString(),
        },
        {
          from: new Date(T0 + 17 * HOUR).toISOString(),
          to: new Date(T0 + 65 * HOUR).toISOString(),
        },
        {
          from: new Date(T0 + 20 * HOUR).toISOString(),
          to: new Date(T0 + 30 * HOUR).toISOString(),
        },
      ];
      for (const topicId of [undefined, topic.id]) {
        for (const range of ranges) {
          for (const sentiments of [undefined, ['negative', 'positive'] as Sentiment[]]) {
            const filter = { topicId, ...range, sentiments, places: ['79'] };
            const viaMentions = { ...filter, langs: ['vi', 'en'] };
            const label = JSON.stringify(filter);
            expectClose(
              await store.sentimentShare(filter),
              await store.sentimentShare(viaMentions),
            );
            expectClose(
              await store.shareStatistics(filter),
              await store.shareStatistics(viaMentions),
              label,
            );
            expect(await store.breakdown('sentiment', filter, 10), label).toEqual(
              await store.breakdown('sentiment', viaMentions, 10),
            );
          }
        }
        const all = await store.sentimentShare({ topicId, places: ['79'] });
        expect(all.total).toBeGreaterThan(0);
      }
    } finally {
      await store.close();
      await schema.drop();
    }
  });
});

interface PgClient {
  query: (sql: string) => Promise<{ rows: unknown[] }>;
  release: () => void;
}
