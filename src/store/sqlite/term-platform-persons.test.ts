// Person sets per UTC day, keyword and platform, against a recount of the mentions: days where
// a term has k − 1, k and k + 1 persons on a platform (and more on all of them), the
// small-group counter for terms filtered by platform over whole days, through analyses
// arriving late (first keywords, then changed ones), a changed author or platform, untagging,
// expiry and erasure, the bulk recount, and the migration filling an existing file.
import { afterEach, beforeEach, describe, it } from 'vitest';
import type { Platform } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import { PERSON_SET_CAP } from './local-days-persons-schema.js';
import { SqliteRetention } from './retention.js';
import { recountRollups } from './rollup-recount.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import { fillTermPlatformPersons } from './term-platform-persons-schema.js';
import {
  expectMigrationRefills,
  expectStoredSets,
  HOUR,
  personOf,
  START_HOUR,
} from './test-support/rollup-truth.js';
import {
  analyseLate,
  changeKeywords,
  expectTermCountsExact,
  saveTermPosts,
  type TermTruth,
} from './test-support/term-sets.js';

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

type Truth = TermTruth;

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
    // Days where the rare term has k − 1, k and k + 1 persons, then random posts.
    truth = await saveTermPosts(store, topicId, rand, {
      rare: RARE,
      spanHours: SPAN_HOURS,
      pickTerms,
      othersOnX: true,
    });
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

  function expectCountsExact(label: string): Promise<void> {
    return expectTermCountsExact(label, store, truth, rand, {
      topicId,
      terms: TERMS,
      rare: RARE,
      spanHours: SPAN_HOURS,
      pickTerms,
      platforms: PLATFORM_FILTERS,
    });
  }

  it('keeps the sets exact through late keywords, authors, platforms, untagging, expiry and erasure', async () => {
    expectSetsExact('saved');
    await expectCountsExact('saved');

    // Analyses arriving late: stored without keywords first, then analysed.
    await analyseLate(store, truth);
    expectSetsExact('late keywords');

    // Edits with a new analysis: other keywords; one of the k day's persons drops the term.
    await changeKeywords(store, truth, rand, { rare: RARE, pickTerms, dropper: 'd4-0' });
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
