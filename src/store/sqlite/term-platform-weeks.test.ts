// Top terms filtered by platform from the per-platform daily and weekly term counts, with weeks
// sealed at different points, late keyword edits on both sides of the seal, late arrivals in
// sealed weeks, untagging, expiry and erasure, against a recount of the mentions; the weekly
// rows themselves against the sums of their days' mentions, and the migration and the bulk
// recount filling the level again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../seeded-random.js';
import { SqliteRetention } from './retention.js';
import { recountRollups } from './rollup-recount.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import {
  rebuildPlatformTermWeeks,
  sealedPlatformTermWeek,
  sealPlatformTermWeeks,
} from './term-platform-weeks-schema.js';
import { expectMigrationRefills } from './test-support/rollup-truth.js';
import {
  DAY,
  expectTermFiguresExact,
  keywordEditor,
  keywordPicker,
  PLATFORMS,
  type TermPost,
  termPostInput,
} from './test-support/term-counts.js';

// The writer seals by the clock; the checks below hold whatever the day.
const TODAY = Math.floor(Date.now() / DAY);
const FIRST_DAY = TODAY - 80;

const weekOf = (day: number) => Math.floor((day + 3) / 7);

describe('term counts per week and platform', () => {
  let store: SqliteStore;
  let truth: TermPost[];
  let topicId: number;
  const rand = seededRandom(31);
  const keywordsOf = keywordPicker(rand);
  const edit = keywordEditor(TODAY, keywordsOf);
  let next = 0;

  const newPost = (firstDay: number, days: number): Omit<TermPost, 'id' | 'topics'> => ({
    externalId: `m${next++}`,
    ms: firstDay * DAY + Math.floor(rand() * days * DAY),
    keywords: keywordsOf(),
    author: `a${next % 40}`,
    platform: PLATFORMS[Math.floor(rand() * PLATFORMS.length)]!,
  });

  async function save(inputs: Omit<TermPost, 'id' | 'topics'>[]): Promise<TermPost[]> {
    const saved: TermPost[] = [];
    for (let i = 0; i < inputs.length; i += 120) {
      const chunk = inputs.slice(i, i + 120);
      const { ids } = await store.saveMentions(
        null,
        chunk.map((t) => termPostInput(t)),
      );
      for (const [j, t] of chunk.entries()) saved.push({ ...t, id: ids[j]!, topics: new Set([0]) });
    }
    truth.push(...saved);
    return saved;
  }

  async function tag(which: TermPost[]): Promise<void> {
    await store.tagMentions(
      topicId,
      which.map((m) => m.id),
    );
    for (const m of which) m.topics.add(topicId);
  }

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    topicId = (await store.createTopic({ name: 'ngập', query: 'ngập' })).id;
    truth = [];
    await save(Array.from({ length: 500 }, () => newPost(FIRST_DAY, 81)));
    await tag(truth.filter(() => rand() < 0.7));
  });

  afterEach(async () => {
    await store.close();
  });

  /** The weekly rows equal the mentions' terms of each sealed week, and hold no other week. */
  function expectWeeksExact(label: string): void {
    const sealed = sealedPlatformTermWeek(store.db);
    const want = new Map<string, number>();
    for (const m of truth) {
      const week = weekOf(Math.floor(m.ms / DAY));
      if (week >= sealed) continue;
      for (const t of m.topics) {
        for (const term of new Set(m.keywords)) {
          const key = `${t}|${m.platform}|${week}|${term}`;
          want.set(key, (want.get(key) ?? 0) + 1);
        }
      }
    }
    const rows = store.db
      .prepare(
        'SELECT topic_id, platform, week, term, n FROM rollup_terms_platforms_weekly WHERE n <> 0',
      )
      .all() as { topic_id: number; platform: string; week: number; term: string; n: number }[];
    const got = new Map(rows.map((r) => [`${r.topic_id}|${r.platform}|${r.week}|${r.term}`, r.n]));
    expect(got, label).toEqual(want);
  }

  async function expectTermsExact(label: string): Promise<void> {
    expectWeeksExact(label);
    await expectTermFiguresExact(label, store, truth, rand, {
      firstDay: FIRST_DAY,
      topicId,
      platformsOf: (i) =>
        i % 2 === 0 ? [PLATFORMS[i % 3]!] : PLATFORMS.slice(i % 3 === 0 ? 0 : 1),
    });
  }

  const editKeywords = (which: TermPost[]) => edit(store, which);

  it('stays exact as weeks are sealed, edited, arrive late, untagged, expired and erased', async () => {
    const sealed = sealedPlatformTermWeek(store.db);
    expect(sealed).toBe(weekOf(TODAY));
    await expectTermsExact('saved');

    // Seal only up to five weeks ago: the rest of the range is read from days.
    rebuildPlatformTermWeeks(store.db, (TODAY - 35) * DAY);
    expect(sealedPlatformTermWeek(store.db)).toBeLessThan(sealed);
    await expectTermsExact('sealed five weeks ago');
    await editKeywords(truth.filter((_, i) => i % 6 === 0));
    await expectTermsExact('edited, sealed five weeks ago');

    // The writer seals the rest.
    sealPlatformTermWeeks(store.db, Date.now());
    expect(sealedPlatformTermWeek(store.db)).toBe(sealed);
    await expectTermsExact('sealed up to now');
    await editKeywords(truth.filter((_, i) => i % 5 === 1));
    await expectTermsExact('edited after sealing');

    // Late arrivals dated in sealed weeks, some tagged.
    const late = await save(Array.from({ length: 60 }, () => newPost(FIRST_DAY, 60)));
    await tag(late.filter((_, i) => i % 2 === 0));
    await expectTermsExact('late arrivals');

    const untag = truth.filter((m, i) => m.topics.has(topicId) && i % 4 === 0);
    await store.untagPairs(untag.map((m) => [topicId, m.id]));
    for (const m of untag) m.topics.delete(topicId);
    await expectTermsExact('untagged');

    const retention = new SqliteRetention(store.db);
    await retention.expireRawText(new Date((TODAY - 20) * DAY).toISOString());
    await expectTermsExact('expired');
    await retention.eraseAuthors(['a3', 'a11']);
    truth = truth.filter((m) => m.author !== 'a3' && m.author !== 'a11');
    await expectTermsExact('erased');

    recountRollups(store.db, { chunk: 97 });
    await expectTermsExact('recounted');
  });

  it('fills the level for an existing file when the migration runs', async () => {
    await expectMigrationRefills(store, {
      name: 'term counts per week and platform',
      drop: `DROP TRIGGER rollup_terms_platforms_weekly_before;
        DROP TRIGGER rollup_terms_platforms_weekly_after;
        DROP TABLE rollup_terms_platforms_weekly; DROP TABLE rollup_terms_platforms_sealed;`,
      snapshot: () =>
        store.db
          .prepare(
            `SELECT topic_id, platform, week, term, n FROM rollup_terms_platforms_weekly
             WHERE n <> 0 ORDER BY 1, 2, 3, 4`,
          )
          .all(),
      check: (label) => expectTermsExact(label),
      fill: (db) => rebuildPlatformTermWeeks(db, Date.now()),
    });
  });
});
