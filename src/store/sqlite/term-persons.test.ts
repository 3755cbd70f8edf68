// Person sets per UTC day and keyword, against a recount of the mentions: days where a term
// has k − 1, k and k + 1 persons, the small-group counter for terms over whole days, through
// analyses arriving late (first keywords, then changed ones), a changed author, untagging and
// erasure, and the migration filling an existing file.
import { afterEach, beforeEach, describe, it } from 'vitest';
import { seededRandom } from '../../seeded-random.js';
import { PERSON_SET_CAP } from './local-days-persons-schema.js';
import { SqliteRetention } from './retention.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import { fillTermPersons } from './term-persons-schema.js';
import { expectMigrationRefills, expectStoredSets } from './test-support/rollup-truth.js';
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

type Truth = TermTruth;

function pickTerms(rand: () => number): string[] {
  return TERMS.filter(() => rand() < 0.35);
}

describe('person sets per day and term', () => {
  let store: SqliteStore;
  let truth: Truth[];
  let topicId: number;
  const rand = seededRandom(23);

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    topicId = (await store.createTopic({ name: 'ngập', query: 'ngập' })).id;
    // Days where the rare term has k − 1, k and k + 1 persons, then random posts.
    truth = await saveTermPosts(store, topicId, rand, {
      rare: RARE,
      spanHours: SPAN_HOURS,
      pickTerms,
      othersOnX: false,
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
      (m, t) => [...new Set(m.keywords)].map((term) => `${t}|${term}|${Math.floor(m.hour / 24)}`),
      'SELECT topic_id, term, day, person FROM rollup_persons_terms',
      (row: { topic_id: number; term: string; day: number }) =>
        `${row.topic_id}|${row.term}|${row.day}`,
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
    });
  }

  it('keeps the sets exact through late keywords, authors, untagging and erasure', async () => {
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

    const untag = truth.filter(
      (m, i) => m.topics.has(topicId) && (i % 4 === 0 || m.keywords.includes(RARE)),
    );
    await store.untagPairs(untag.map((m) => [topicId, m.id]));
    for (const m of untag) m.topics.delete(topicId);
    expectSetsExact('untagged');
    await expectCountsExact('untagged');

    const erased = ['person3', 'person8', 'd5-0'];
    await new SqliteRetention(store.db).eraseAuthors(erased);
    truth = truth.filter((m) => m.authorKey === null || !erased.includes(m.authorKey));
    expectSetsExact('erased');
    await expectCountsExact('erased');
  });

  it('fills the sets for an existing file when the migration runs', async () => {
    await expectMigrationRefills(store, {
      name: 'person sets per day and term',
      drop: `DROP TRIGGER rollup_persons_terms_author; DROP TRIGGER rollup_persons_terms_keywords;
        DROP TABLE rollup_persons_terms;`,
      snapshot: () =>
        store.db
          .prepare(
            'SELECT topic_id, term, day, count(*) AS n FROM rollup_persons_terms GROUP BY 1, 2, 3',
          )
          .all(),
      check: async (label) => {
        expectSetsExact(label);
        await expectCountsExact(label);
      },
      fill: fillTermPersons,
    });
  });
});
