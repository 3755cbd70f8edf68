// The bulk recount against the levels the write path keeps: a seeded set of posts saved in
// batches from two sources, some analysed late, edited or linked to a second source, tagged
// with two topics; then every level is recounted from the rows alone (in small chunks) and must
// hold what the write path left, table by table. Capped person sets: the same buckets and sizes,
// and the same persons wherever a bucket holds fewer than k.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionAnalysis, MentionInput, Platform, Sentiment } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import { PERSON_SET_CAP } from './local-days-persons-schema.js';
import { recountRollups, rollupLevelTables, withoutRollupTriggers } from './rollup-recount.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import { authorOf, HOUR, postInput, saveInBatches, tagSome } from './test-support/rollup-truth.js';

/** Starts on a Monday, ten days before a month ends; runs past the next month's first week. */
const FIRST_HOUR = Date.parse('2025-10-20T00:00:00Z') / HOUR;
const SPAN_HOURS = 40 * 24;
const PLATFORMS: Platform[] = ['web', 'facebook', 'x', 'youtube'];
const LANGS = ['vi', 'en', 'vi-VN', 'fr'];
const SENTIMENTS: (Sentiment | null)[] = ['positive', 'neutral', 'negative', null];
const TERMS = ['ngập', 'kẹt xe', 'điện', 'nước', 'học phí', 'xăng', 'cháy'];
const CAPPED = new Set([
  'rollup_persons',
  'rollup_persons_dims',
  'rollup_persons_terms',
  'rollup_persons_terms_platforms',
]);

type Row = Record<string, unknown>;

/**
 * A table's rows, sorted, with sums of probabilities rounded past float noise; buckets the write
 * path counted down to zero (rows left with n = 0) are no figure and are left out.
 */
function rowsOf(db: SqliteStore['db'], table: string): Row[] {
  const columns = db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as Row[];
  const where = columns.some((c) => c.name === 'n') ? ' WHERE n <> 0' : '';
  const rows = db.prepare(`SELECT * FROM ${table}${where}`).all() as Row[];
  const rounded = rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e9) / 1e9 : v,
      ]),
    ),
  );
  return rounded.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** Capped sets as bucket → persons (every column but `person` names the bucket). */
function setsOf(rows: Row[]): Map<string, string[]> {
  const sets = new Map<string, string[]>();
  for (const { person, ...bucket } of rows) {
    const key = JSON.stringify(bucket);
    sets.set(key, [...(sets.get(key) ?? []), String(person)]);
  }
  return sets;
}

function expectSameSets(table: string, kept: Row[], recounted: Row[]): void {
  const want = setsOf(kept);
  const got = setsOf(recounted);
  expect([...got.keys()].sort(), table).toEqual([...want.keys()].sort());
  for (const [bucket, persons] of want) {
    const stored = got.get(bucket)!;
    expect(stored.length, `${table} ${bucket}`).toBe(persons.length);
    if (persons.length < PERSON_SET_CAP) {
      expect(stored.sort(), `${table} ${bucket}`).toEqual(persons.sort());
    }
  }
}

function analysisOf(rand: () => number): MentionAnalysis {
  const sentiment = SENTIMENTS[Math.floor(rand() * SENTIMENTS.length)]!;
  const keywords = [
    ...new Set(
      Array.from(
        { length: 1 + Math.floor(rand() * 3) },
        () => TERMS[Math.floor(rand() * TERMS.length)]!,
      ),
    ),
  ];
  return {
    lang: LANGS[Math.floor(rand() * LANGS.length)]!,
    sentiment,
    sentimentConfidence: sentiment === null ? null : 0.5 + Math.floor(rand() * 5) / 10,
    keywords,
  } as MentionAnalysis;
}

describe('roll-up recount for bulk loads', () => {
  let store: SqliteStore;

  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });

  afterEach(async () => {
    await store.close();
  });

  it('recounts every level to what the write path keeps', async () => {
    const rand = seededRandom(41);
    const sources: number[] = [];
    for (let i = 0; i < 3; i++) {
      sources.push(
        (await store.addSource({ kind: 'feed', url: `https://s${i}.example/` })).source.id,
      );
    }
    const topics = [
      (await store.createTopic({ name: 'ngập', query: 'ngập' })).id,
      (await store.createTopic({ name: 'điện', query: 'điện' })).id,
    ];
    const inputs: MentionInput[] = [];
    const post = (i: number, hour: number, personPool: number) => {
      const platform = PLATFORMS[Math.floor(rand() * PLATFORMS.length)]!;
      const roll = rand();
      const kind =
        platform === 'web' ? null : roll < 0.7 ? 'person' : roll < 0.85 ? 'outlet' : null;
      const author = authorOf(`p${Math.floor(rand() * personPool)}`, kind);
      const analysis = analysisOf(rand);
      const input = postInput({
        externalId: `e${i}`,
        hour,
        minute: Math.floor(rand() * 60),
        platform,
        author,
        lang: analysis.lang ?? 'vi',
        sentiment: analysis.sentiment,
        confidence: analysis.sentimentConfidence ?? undefined,
        keywords: analysis.keywords,
      });
      const likes = Math.floor(rand() * 4);
      return {
        ...input,
        engagement: likes === 0 ? {} : { likes, shares: likes - 1 },
        // A quarter are stored unanalysed and analysed later.
        analysis: rand() < 0.25 ? null : input.analysis,
      };
    };
    for (let i = 0; i < 1_200; i++) {
      inputs.push(post(i, FIRST_HOUR + Math.floor(rand() * SPAN_HOURS), 40));
    }
    // One busy hour with more persons than a set keeps.
    for (let i = 0; i < 40; i++) inputs.push(post(1_200 + i, FIRST_HOUR + 30, 1_000));
    const first = await saveInBatches(store, inputs.slice(0, 700), 50, sources[1]!);
    const second = await saveInBatches(store, inputs.slice(700), 50, sources[2]!);
    const ids = [...first, ...second];
    // Late analyses, then a second (lower) source for some posts.
    for (let i = 0; i < inputs.length; i++) {
      if (inputs[i]!.analysis === null) await store.setAnalysis(ids[i]!, analysisOf(rand));
    }
    const relinked = inputs.filter(() => rand() < 0.1);
    await saveInBatches(store, relinked, 30, sources[0]!);
    const posts = ids.map((id) => ({ id }));
    await tagSome(store, topics[0]!, posts, rand, 0.5, 64);
    await tagSome(store, topics[1]!, posts, rand, 0.05, 7);
    // Edits: a new text and analysis replace the stored ones.
    const edited = inputs
      .filter(() => rand() < 0.05)
      .map((input) => ({
        ...input,
        updatedAt: '2025-12-20T00:00:00Z',
        analysis: analysisOf(rand),
      }));
    await saveInBatches(store, edited, 25, sources[2]!);

    const db = store.db;
    const tables = rollupLevelTables(db);
    expect(tables).toEqual(expect.arrayContaining(['rollup_hourly', 'share_hourly', ...CAPPED]));
    const kept = new Map(tables.map((table) => [table, rowsOf(db, table)]));
    for (const table of [
      'rollup_hourly',
      'rollup_terms_weekly',
      'rollup_terms_platforms',
      'share_daily',
      ...CAPPED,
    ]) {
      expect(kept.get(table)!.length, table).toBeGreaterThan(0);
    }
    const triggers = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
      .all();
    const steps: string[] = [];
    withoutRollupTriggers(db, () => {
      expect(
        db
          .prepare(
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rollup%'",
          )
          .get(),
      ).toEqual({ n: 0 });
    });
    recountRollups(db, { chunk: 97, nowMs: Date.now(), onStep: (name) => steps.push(name) });
    expect(steps.some((s) => s.startsWith('counted levels'))).toBe(true);
    expect(
      db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all(),
    ).toEqual(triggers);
    let cappedFull = 0;
    for (const table of tables) {
      const recounted = rowsOf(db, table);
      if (CAPPED.has(table)) {
        expectSameSets(table, kept.get(table)!, recounted);
        cappedFull += [...setsOf(recounted).values()].filter(
          (s) => s.length === PERSON_SET_CAP,
        ).length;
      } else {
        expect(recounted, table).toEqual(kept.get(table));
      }
    }
    // Some buckets reached k, so the cap was exercised.
    expect(cappedFull).toBeGreaterThan(0);
  });
});
