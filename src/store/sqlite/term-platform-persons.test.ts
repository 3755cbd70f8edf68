// Person sets per UTC day, keyword and platform, against a recount of the mentions: days where
// a term has k − 1, k and k + 1 persons on a platform (and more on all of them), the
// small-group counter for terms filtered by platform over whole days, through analyses
// arriving late (first keywords, then changed ones), a changed author or platform, untagging,
// expiry and erasure, the bulk recount, and the migration filling an existing file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Platform } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import type { MentionFilter } from '../listening-store.js';
import { sqliteGroupCounter } from './author-groups.js';
import { PERSON_SET_CAP } from './local-days-persons-schema.js';
import { SqliteRetention } from './retention.js';
import { recountRollups } from './rollup-recount.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import { fillTermPlatformPersons } from './term-platform-persons-schema.js';
import {
  authorOf,
  expectMigrationRefills,
  expectStoredSets,
  HOUR,
  type Post,
  personOf,
  postInput,
  START_HOUR,
  saveInBatches,
  tagSome,
} from './test-support/rollup-truth.js';

const DAY = 24 * HOUR;
const SPAN_HOURS = 10 * 24;
const K = PERSON_SET_CAP;
const TERMS = ['ngập', 'kẹt xe', 'mưa', 'mất điện', 'rác'];
/** The term of the days with k − 1, k and k + 1 persons. */
const RARE = 'lũ';
const PLATFORM_FILTERS: Platform[][] = [
  ['reddit'],
  ['x'],
  ['reddit', 'x'],
  ['web'],
  ['reddit', 'web'],
];

interface Truth extends Post {
  id: number;
  authorKey: string | null;
  person: string | null;
  keywords: string[];
  topics: Set<number>;
}

function pickTerms(rand: () => number): string[] {
  return TERMS.filter(() => rand() < 0.35);
}

describe('person sets per day, term and platform', () => {
  let store: SqliteStore;
  let truth: Truth[];
  let topicId: number;
  const rand = seededRandom(29);

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    topicId = (await store.createTopic({ name: 'ngập', query: 'ngập' })).id;
    const posts: Omit<Truth, 'id' | 'topics'>[] = [];
    const push = (
      hour: number,
      platform: Platform,
      key: string | null,
      kind: 'person' | 'outlet' | null,
      keywords: string[],
    ) => {
      const author = authorOf(key, kind);
      posts.push({
        externalId: `m${posts.length}`,
        hour,
        minute: 13,
        platform,
        author,
        sentiment: 'neutral',
        keywords,
        authorKey: key,
        person: personOf(platform, author),
      });
    };
    // Three days on which the rare term has k − 1, k and k + 1 persons (two posts each).
    for (const [day, persons] of [
      [3, K - 1],
      [4, K],
      [5, K + 1],
    ] as const) {
      for (let p = 0; p < persons; p++) {
        for (let r = 0; r < 2; r++) {
          push(START_HOUR + day * 24 + 2 + p, 'reddit', `d${day}-${p}`, 'person', [RARE]);
        }
      }
      // Others write it on another platform the same day.
      for (let p = 0; p < 3; p++)
        push(START_HOUR + day * 24 + 4, 'x', `e${day}-${p}`, 'person', [RARE]);
    }
    // Random posts: 30 persons, outlets and authorless posts, some without keywords.
    for (let i = 0; i < 500; i++) {
      const hour = START_HOUR + Math.floor(rand() * SPAN_HOURS);
      const platform = (['reddit', 'x', 'web'] as Platform[])[Math.floor(rand() * 3)]!;
      const roll = rand();
      const terms = pickTerms(rand);
      if (roll < 0.7 && platform !== 'web')
        push(hour, platform, `person${Math.floor(rand() * 30)}`, 'person', terms);
      else if (roll < 0.85) push(hour, 'web', `outlet${i % 3}`, 'outlet', terms);
      else push(hour, platform, null, null, terms);
    }
    const ids = await saveInBatches(store, posts.map(postInput), 71);
    truth = posts.map((m, i) => ({ ...m, id: ids[i]!, topics: new Set([0]) }));
    await tagSome(store, topicId, truth, rand, 0.8, 130);
  });

  afterEach(async () => {
    await store.close();
  });

  function expectSetsExact(label: string): void {
    expectStoredSets(
      label,
      store,
      truth,
      (m, t) =>
        [...new Set(m.keywords)].map(
          (term) => `${t}|${m.platform}|${term}|${Math.floor(m.hour / 24)}`,
        ),
      'SELECT topic_id, platform, term, day, person FROM rollup_persons_terms_platforms',
      (row: { topic_id: number; platform: string; term: string; day: number }) =>
        `${row.topic_id}|${row.platform}|${row.term}|${row.day}`,
      K,
    );
  }

  async function expectCountsExact(label: string): Promise<void> {
    const count = sqliteGroupCounter(store.db);
    const iso = (hour: number) =>
      new Date(hour * HOUR + Math.floor(rand() * 3) * 600_000).toISOString();
    const asked: { filter: MentionFilter; terms: string[]; ranges?: [string, string][] }[] = [];
    for (let i = 0; i < 50; i++) {
      const from = START_HOUR - 30 + Math.floor(rand() * (SPAN_HOURS + 40));
      const to = from + 1 + Math.floor(rand() * (rand() < 0.3 ? 30 : SPAN_HOURS));
      const terms = i % 3 === 0 ? [RARE] : [TERMS[i % TERMS.length]!, ...pickTerms(rand)];
      const filter: MentionFilter = {
        ...(rand() < 0.6 ? { topicId } : {}),
        platforms: PLATFORM_FILTERS[i % PLATFORM_FILTERS.length]!,
        ...(rand() < 0.1 ? {} : { from: iso(from), to: iso(to) }),
      };
      const ranges: [string, string][] | undefined =
        filter.from !== undefined && rand() < 0.3
          ? [
              [filter.from, filter.to!],
              [iso(to + 30), iso(to + 80)],
            ]
          : undefined;
      asked.push({ filter, terms, ...(ranges === undefined ? {} : { ranges }) });
    }
    // The rare term's days, whole and cut to a few hours (counted by whole UTC days).
    for (const day of [3, 4, 5]) {
      const start = START_HOUR + day * 24;
      for (const platforms of PLATFORM_FILTERS) {
        asked.push({ filter: { platforms, from: iso(start), to: iso(start + 24) }, terms: [RARE] });
        asked.push({
          filter: { topicId, platforms, from: iso(start + 5), to: iso(start + 7) },
          terms: [RARE],
        });
      }
    }
    for (const query of asked) {
      const days = (query.ranges ?? [[query.filter.from, query.filter.to]]).map(([a, b]) => [
        a === undefined ? -Infinity : Math.floor(Date.parse(a) / DAY),
        b === undefined ? Infinity : Math.ceil(Date.parse(b) / DAY),
      ]);
      const persons = new Set<string>();
      for (const m of truth) {
        if (m.person === null || !m.topics.has(query.filter.topicId ?? 0)) continue;
        if (!query.filter.platforms!.includes(m.platform)) continue;
        if (!m.keywords.some((term) => query.terms.includes(term))) continue;
        const day = Math.floor(m.hour / 24);
        if (days.some(([a, b]) => day >= a! && day < b!)) persons.add(m.person);
      }
      for (const cap of [5, K - 1, K, K + 1]) {
        expect(await count(query, cap), `${label}: ${JSON.stringify(query)} cap ${cap}`).toBe(
          Math.min(cap, persons.size),
        );
      }
    }
  }

  it('keeps the sets exact through late keywords, authors, platforms, untagging, expiry and erasure', async () => {
    expectSetsExact('saved');
    await expectCountsExact('saved');

    // Analyses arriving late: stored without keywords first, then analysed.
    const late = truth.filter((_, i) => i % 11 === 5);
    for (const m of late) {
      store.db.prepare('UPDATE mentions SET keywords = NULL WHERE id = ?').run(m.id);
    }
    for (const m of late) {
      await store.setAnalysis(m.id, {
        lang: 'vi',
        sentiment: 'neutral',
        sentimentConfidence: 0.9,
        keywords: m.keywords,
      });
    }
    expectSetsExact('late keywords');

    // Edits with a new analysis: other keywords; one of the k day's persons drops the term.
    const later = new Date(Date.now() + 60_000).toISOString();
    const changed = truth.filter((m, i) => i % 6 === 0 || m.authorKey === 'd4-0');
    for (const m of changed) {
      m.keywords = m.keywords.includes(RARE) ? ['mưa'] : pickTerms(rand);
    }
    await saveInBatches(
      store,
      changed.map((m) => postInput({ ...m, updatedAt: later })),
      60,
    );
    const stored = new Map(
      (
        store.db.prepare('SELECT id, keywords FROM mentions').all() as {
          id: number;
          keywords: string;
        }[]
      ).map((r) => [r.id, r.keywords]),
    );
    expect(truth.filter((m) => stored.get(m.id) !== JSON.stringify(m.keywords)).length).toBe(0);
    expectSetsExact('changed keywords');
    await expectCountsExact('changed keywords');

    // A changed author: persons become outlets.
    const reauthored = truth.filter((m, i) => m.person !== null && m.person !== '' && i % 9 === 2);
    store.db
      .prepare(
        `UPDATE mentions SET author_kind = 'outlet' WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .run(JSON.stringify(reauthored.map((m) => m.id)));
    for (const m of reauthored) m.person = null;
    expectSetsExact('changed author');

    // A mention moved to another platform (the same person, or none any more on the web).
    const moved = truth.filter(
      (m, i) => !reauthored.includes(m) && (i % 13 === 3 || m.authorKey === 'd4-1'),
    );
    for (const m of moved) {
      const platform: Platform =
        m.platform === 'reddit' ? 'x' : m.platform === 'x' ? 'web' : 'reddit';
      store.db.prepare('UPDATE mentions SET platform = ? WHERE id = ?').run(platform, m.id);
      m.platform = platform;
      m.person = personOf(platform, m.author);
    }
    expectSetsExact('moved platform');
    await expectCountsExact('moved platform');

    const untag = truth.filter(
      (m, i) => m.topics.has(topicId) && (i % 4 === 0 || m.keywords.includes(RARE)),
    );
    await store.untagPairs(untag.map((m) => [topicId, m.id]));
    for (const m of untag) m.topics.delete(topicId);
    expectSetsExact('untagged');
    await expectCountsExact('untagged');

    const retention = new SqliteRetention(store.db);
    await retention.expireRawText(new Date((START_HOUR + 5 * 24) * HOUR).toISOString());
    expectSetsExact('expired');
    const erased = ['person3', 'person8', 'd5-0', 'e4-1'];
    await retention.eraseAuthors(erased);
    truth = truth.filter((m) => m.authorKey === null || !erased.includes(m.authorKey));
    expectSetsExact('erased');
    await expectCountsExact('erased');

    recountRollups(store.db, { chunk: 89 });
    expectSetsExact('recounted');
    await expectCountsExact('recounted');
  });

  it('fills the sets for an existing file when the migration runs', async () => {
    await expectMigrationRefills(store, {
      name: 'person sets per day, term and platform',
      drop: `DROP TRIGGER rollup_persons_terms_platforms_author;
        DROP TRIGGER rollup_persons_terms_platforms_keywords;
        DROP TABLE rollup_persons_terms_platforms;`,
      snapshot: () =>
        store.db
          .prepare(
            `SELECT topic_id, platform, term, day, count(*) AS n
             FROM rollup_persons_terms_platforms GROUP BY 1, 2, 3, 4`,
          )
          .all(),
      check: async (label) => {
        expectSetsExact(label);
        await expectCountsExact(label);
      },
      fill: fillTermPlatformPersons,
    });
  });
});
