// The bulk recount (rollup-recount.ts) leaves every roll-up level exactly as the triggers kept
// it through writes, tags, late analyses, untags and wards, including hours before 1970 (floor
// division of negative times), and gives each level its indexes back.
import { expect, it } from 'vitest';
import type { MentionAnalysis, Sentiment } from '../../model.js';
import { mentionInput } from '../store.conformance.js';
import { openPostgresStore, type PostgresStore } from './postgres-store.js';
import {
  RECOUNT_GROUPS,
  RECOUNT_LEVELS,
  RECOUNTED_ELSEWHERE,
  recountRollupsInBulk,
} from './rollup-recount.js';
import { createTestSchema, describePostgres } from './test-database.js';

const HOUR = 3_600_000;
/** 2025-06-01T00:00Z; local midnight in Ho Chi Minh City is 17:00 UTC. */
const T0 = Date.UTC(2025, 5, 1);
const SENTIMENTS: Sentiment[] = ['positive', 'neutral', 'negative'];

function analysis(i: number, sentiment: Sentiment | null): MentionAnalysis {
  const a = ((i * 37) % 100) / 100;
  const ward = i % 5 === 0;
  return {
    lang: i % 3 === 0 ? 'en' : 'vi',
    sentiment,
    sentimentConfidence: 0.8,
    sentimentProbabilities:
      sentiment === null
        ? null
        : { negative: a * 0.5, neutral: 0.5 - a * 0.25, positive: 0.5 - a * 0.25 },
    shareGroup: i % 2 === 0 ? 'vi' : 'en',
    // Repeated keywords count once per mention.
    keywords: i % 6 === 0 ? [`k${i % 4}`, `k${i % 4}`, 'k9'] : [`k${i % 4}`],
    places: [
      {
        province: i % 2 === 0 ? '79' : '01',
        ward: null,
        level: 'province',
        code: i % 2 === 0 ? '79' : '01',
        confidence: 1,
      },
      ...(ward
        ? [
            {
              province: i % 2 === 0 ? '79' : '01',
              ward: `w${i % 3}`,
              level: 'ward' as const,
              code: `w${i % 3}`,
              confidence: 0.9,
            },
          ]
        : []),
    ],
    sectors: [
      { sector: i % 2 === 0 ? 'traffic' : 'flooding', confidence: 0.9 },
      ...(i % 4 === 0 ? [{ sector: 'health', confidence: 0.7 }] : []),
    ],
  };
}

type Row = Record<string, unknown>;

function poolOf(store: PostgresStore): {
  query: (s: string) => Promise<{ rows: Row[]; rowCount: number | null }>;
  connect: () => Promise<{
    query: (s: string) => Promise<{ rows: Row[]; rowCount: number | null }>;
    release: () => void;
  }>;
} {
  return (store as unknown as { pool: ReturnType<typeof poolOf> }).pool;
}

/** Every row of a level with a non-zero count, as sorted JSON with sums rounded. */
async function snapshot(store: PostgresStore, table: string): Promise<string[]> {
  const { rows } = await poolOf(store).query(`SELECT * FROM ${table} WHERE n <> 0`);
  return rows
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

async function indexes(store: PostgresStore, table: string): Promise<string[]> {
  const { rows } = await poolOf(store).query(
    `SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index
     WHERE indrelid = to_regclass('${table}') ORDER BY 1`,
  );
  return rows.map((r) => String(r.def));
}

describePostgres('PostgreSQL bulk roll-up recount', () => {
  it('equals the trigger-maintained roll-ups at every level and rebuilds their indexes', async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore(schema.url);
    try {
      const { source } = await store.addSource({ kind: 'feed', url: 'https://r.example/' });
      const topic = await store.createTopic({ name: 't', query: 'x' });
      const other = await store.createTopic({ name: 'u', query: 'y' });
      const inputs = Array.from({ length: 48 }, (_, i) =>
        mentionInput({
          externalId: `r${i}`,
          canonicalUrl: null,
          platform: i % 4 === 0 ? 'x' : 'web',
          // Two mentions before 1970 (negative hours, days and local days).
          publishedAt: new Date(
            i < 2 ? -(9 + i * 20) * HOUR - 1_800_000 : T0 + (i * 37 + 3) * HOUR,
          ).toISOString(),
          analysis: analysis(i, i % 7 === 0 ? null : SENTIMENTS[i % 3]!),
        }),
      );
      const { ids } = await store.saveMentions(source.id, inputs);
      await store.tagMentions(
        topic.id,
        ids.filter((_, i) => i % 3 !== 0),
      );
      await store.tagMentions(
        other.id,
        ids.filter((_, i) => i % 2 === 0),
      );
      for (let i = 0; i < 8; i++) await store.setAnalysis(ids[i]!, analysis(i + 1, 'negative'));
      await store.untagPairs(ids.slice(20, 26).map((id) => [topic.id, id]));

      // Every roll-up table of the schema is recounted here (or by its own module).
      const { rows: present } = await poolOf(store).query(
        `SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema()
           AND tablename LIKE 'rollup%' AND tablename NOT LIKE '%pending'
           AND tablename <> 'rollup_marker' ORDER BY 1`,
      );
      const presentTables = present.map((r) => String(r.t));
      expect(RECOUNT_GROUPS.flat().sort()).toEqual(RECOUNT_LEVELS.map((l) => l.table).sort());
      const tables = RECOUNT_LEVELS.map((l) => l.table).filter((t) => presentTables.includes(t));
      expect(
        presentTables.filter((t) => !tables.includes(t) && !RECOUNTED_ELSEWHERE.includes(t)),
      ).toEqual([]);
      const kept = new Map<string, string[]>();
      const keptIndexes = new Map<string, string[]>();
      for (const table of tables) {
        kept.set(table, await snapshot(store, table));
        keptIndexes.set(table, await indexes(store, table));
      }
      expect(kept.get('rollup_hourly')!.length).toBeGreaterThan(40);
      expect(kept.get('rollup_terms')!.length).toBeGreaterThan(10);
      expect(kept.get('rollup_places')!.some((r) => r.includes('"w1"'))).toBe(true);
      expect(kept.get('rollup_days')!.some((r) => r.includes('["day",-1]'))).toBe(true);

      const client = await poolOf(store).connect();
      try {
        await client.query('BEGIN');
        const levels = await recountRollupsInBulk(client);
        await client.query('COMMIT');
        expect(levels.map((l) => l.table)).toEqual(tables);
        for (const level of levels) {
          expect(level.rows, level.table).toBe(kept.get(level.table)!.length);
        }
      } finally {
        client.release();
      }
      for (const table of tables) {
        expect(await snapshot(store, table), table).toEqual(kept.get(table));
        expect(await indexes(store, table), table).toEqual(keptIndexes.get(table));
      }

      // The triggers go on from the recounted rows: a late analysis after it moves its rows.
      await store.setAnalysis(ids[30]!, analysis(31, 'positive'));
      const afterTrigger = await snapshot(store, 'rollup_hourly');
      const client2 = await poolOf(store).connect();
      try {
        await client2.query('BEGIN');
        await recountRollupsInBulk(client2, { tables: RECOUNT_GROUPS[0] });
        await client2.query('COMMIT');
      } finally {
        client2.release();
      }
      expect(await snapshot(store, 'rollup_hourly')).toEqual(afterTrigger);
    } finally {
      await store.close();
      await schema.drop();
    }
  });
});
