// Person sets per UTC day and platform, language or source, against a recount of the
// mentions: days with k − 1, k and k + 1 persons, the small-group counter for figures filtered
// by one of those dimensions, through late analyses (language and sentiment), a new lowest
// source, a changed author, untagging and erasure, and the migration filling an existing file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionInput, Platform, Sentiment } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import type { MentionFilter } from '../listening-store.js';
import { sqliteGroupCounter } from './author-groups.js';
import { fillDimensionPersons } from './dimension-persons-schema.js';
import { PERSON_SET_CAP } from './local-days-persons-schema.js';
import { SqliteRetention } from './retention.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import {
  authorOf,
  expectMigrationRefills,
  expectStoredSets,
  HOUR,
  personOf,
  postInput,
  START_HOUR,
  tagSome,
} from './test-support/rollup-truth.js';

const SPAN_HOURS = 12 * 24;
const K = PERSON_SET_CAP;
const LANGS = ['vi', 'en', 'fr'];
const SENTIMENTS: (Sentiment | null)[] = ['positive', 'neutral', 'negative', null];

interface Truth {
  id: number;
  externalId: string;
  hour: number;
  platform: Platform;
  lang: string;
  sentiment: Sentiment | null;
  source: number;
  authorKey: string | null;
  person: string | null;
  author: MentionInput['author'];
  topics: Set<number>;
}

function input(m: Omit<Truth, 'id' | 'topics' | 'source'>, updatedAt: string | null = null) {
  return postInput({ ...m, minute: 11, updatedAt });
}

const DIMENSIONS = ['platform', 'lang', 'source'] as const;

function dimensionValueOf(m: Truth, dim: (typeof DIMENSIONS)[number]): string | number {
  return dim === 'platform' ? m.platform : dim === 'lang' ? m.lang : m.source;
}

describe('person sets per day and dimension', () => {
  let store: SqliteStore;
  let truth: Truth[];
  let topicId: number;
  let sources: number[];
  const rand = seededRandom(11);

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    truth = [];
    topicId = (await store.createTopic({ name: 'ngập', query: 'ngập' })).id;
    sources = [];
    for (let i = 0; i < 3; i++) {
      sources.push(
        (await store.addSource({ kind: 'feed', url: `https://s${i}.example/` })).source.id,
      );
    }
    const metas: Omit<Truth, 'id' | 'topics'>[] = [];
    const push = (
      hour: number,
      platform: Platform,
      lang: string,
      source: number,
      key: string | null,
      kind: 'person' | 'outlet' | null,
    ) => {
      const author = authorOf(key, kind);
      metas.push({
        externalId: `m${metas.length}`,
        hour,
        platform,
        lang,
        sentiment: SENTIMENTS[Math.floor(rand() * SENTIMENTS.length)]!,
        source,
        authorKey: key,
        person: personOf(platform, author),
        author,
      });
    };
    // Three days of one platform, language and source with k − 1, k and k + 1 persons.
    for (const [day, persons] of [
      [3, K - 1],
      [4, K],
      [5, K + 1],
    ] as const) {
      for (let p = 0; p < persons; p++) {
        for (let r = 0; r < 2; r++) {
          push(
            START_HOUR + day * 24 + 3 + p,
            'facebook',
            'fr',
            sources[2]!,
            `d${day}-${p}`,
            'person',
          );
        }
      }
    }
    // Random posts: 30 persons, outlets and authorless posts.
    for (let i = 0; i < 600; i++) {
      const hour = START_HOUR + Math.floor(rand() * SPAN_HOURS);
      const platform = (['reddit', 'x', 'web'] as Platform[])[Math.floor(rand() * 3)]!;
      const lang = LANGS[Math.floor(rand() * 2)]!;
      const source = sources[1 + Math.floor(rand() * 2)]!;
      const roll = rand();
      if (roll < 0.7 && platform !== 'web')
        push(hour, platform, lang, source, `person${Math.floor(rand() * 30)}`, 'person');
      else if (roll < 0.85) push(hour, 'web', lang, source, `outlet${i % 3}`, 'outlet');
      else push(hour, platform, lang, source, null, null);
    }
    for (const source of sources.slice(1)) {
      const batch = metas.filter((m) => m.source === source);
      for (let i = 0; i < batch.length; i += 83) {
        const ids = (
          await store.saveMentions(
            source,
            batch.slice(i, i + 83).map((m) => input(m)),
          )
        ).ids;
        for (const [j, m] of batch.slice(i, i + 83).entries()) {
          truth.push({ ...m, id: ids[j]!, topics: new Set([0]) });
        }
      }
    }
    await tagSome(store, topicId, truth, rand, 0.8, 140);
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
        DIMENSIONS.map(
          (dim) => `${t}|${dim}|${dimensionValueOf(m, dim)}|${Math.floor(m.hour / 24)}`,
        ),
      'SELECT topic_id, dim, value, day, person FROM rollup_persons_dims',
      (row: { topic_id: number; dim: string; value: string; day: number }) =>
        `${row.topic_id}|${row.dim}|${row.value}|${row.day}`,
      K,
    );
  }

  async function expectCountsExact(label: string): Promise<void> {
    const count = sqliteGroupCounter(store.db);
    const iso = (hour: number) =>
      new Date(hour * HOUR + Math.floor(rand() * 3) * 600_000).toISOString();
    for (let i = 0; i < 60; i++) {
      const from = START_HOUR - 2 + Math.floor(rand() * (SPAN_HOURS + 4));
      const to = from + 1 + Math.floor(rand() * (rand() < 0.3 ? 6 : SPAN_HOURS));
      const dim = DIMENSIONS[i % 3]!;
      const pick =
        dim === 'platform'
          ? { platforms: [(['facebook', 'reddit', 'web', 'x'] as Platform[])[i % 4]!] }
          : dim === 'lang'
            ? { langs: [LANGS[i % 3]!] }
            : { sourceIds: [sources[i % 3]!] };
      const filter: MentionFilter = {
        ...(rand() < 0.7 ? { topicId } : {}),
        from: iso(from),
        to: iso(to),
        ...pick,
      };
      const ranges: [string, string][] = [[filter.from!, filter.to!]];
      if (rand() < 0.3) ranges.push([iso(to + 30), iso(to + 80)]);
      const hours = ranges.map(([a, b]) => [
        Math.floor(Date.parse(a) / HOUR),
        Math.ceil(Date.parse(b) / HOUR),
      ]);
      const persons = new Set<string>();
      for (const m of truth) {
        if (m.person === null || !m.topics.has(filter.topicId ?? 0)) continue;
        const value = dimensionValueOf(m, dim);
        const wanted = (pick as unknown as Record<string, (string | number)[]>)[
          dim === 'platform' ? 'platforms' : dim === 'lang' ? 'langs' : 'sourceIds'
        ]!;
        if (!wanted.includes(value)) continue;
        if (!hours.some(([a, b]) => m.hour >= a! && m.hour < b!)) continue;
        persons.add(m.person);
      }
      for (const cap of [5, K, K + 1]) {
        const query = ranges.length === 1 ? { filter } : { filter, ranges };
        expect(await count(query, cap), `${label}: ${JSON.stringify(query)} cap ${cap}`).toBe(
          Math.min(cap, persons.size),
        );
      }
    }
    // The days with k − 1, k and k + 1 persons, as whole days.
    for (const [day, persons] of [
      [3, K - 1],
      [4, K],
      [5, K + 1],
    ] as const) {
      const filter = {
        from: new Date((START_HOUR + day * 24) * HOUR).toISOString(),
        to: new Date((START_HOUR + day * 24 + 24) * HOUR).toISOString(),
        langs: ['fr'],
      };
      const distinct = new Set(
        truth
          .filter(
            (m) =>
              Math.floor(m.hour / 24) === START_HOUR / 24 + day &&
              m.lang === 'fr' &&
              m.person !== null,
          )
          .map((m) => m.person),
      ).size;
      if (label === 'saved') expect(distinct, label).toBe(persons);
      expect(await count({ filter }, K), label).toBe(Math.min(K, distinct));
    }
  }

  function sets(): unknown[] {
    return store.db
      .prepare(
        'SELECT topic_id, dim, value, day, count(*) AS n FROM rollup_persons_dims GROUP BY 1, 2, 3, 4',
      )
      .all();
  }

  it('keeps the sets exact through late analyses, sources, authors, untagging and erasure', async () => {
    expectSetsExact('saved');
    await expectCountsExact('saved');

    // Late analyses: a new language (and sentiment) for some, among them the k day's.
    const later = new Date(Date.now() + 60_000).toISOString();
    const moved = truth.filter((m, i) => i % 6 === 0 || (m.lang === 'fr' && i % 4 === 0));
    for (const m of moved) {
      m.lang = m.lang === 'fr' ? 'vi' : LANGS[Math.floor(rand() * 3)]!;
      m.sentiment = SENTIMENTS[Math.floor(rand() * SENTIMENTS.length)]!;
    }
    await store.saveMentions(
      null,
      moved.map((m) => input(m, later)),
    );
    const langs = new Map(
      (
        store.db.prepare('SELECT id, lang FROM mentions').all() as { id: number; lang: string }[]
      ).map((r) => [r.id, r.lang]),
    );
    expect(truth.filter((m) => langs.get(m.id) !== m.lang).length, 'edits applied').toBe(0);
    expectSetsExact('late analysis');
    await expectCountsExact('late analysis');

    // Seen again through the lowest source: their lowest source changes.
    const reseen = truth.filter((_, i) => i % 5 === 1);
    await store.saveMentions(
      sources[0]!,
      reseen.map((m) => input(m)),
    );
    for (const m of reseen) m.source = sources[0]!;
    expectSetsExact('new lowest source');
    await expectCountsExact('new lowest source');

    // A changed author: persons become outlets.
    const reauthored = truth.filter((m, i) => m.person !== null && m.person !== '' && i % 9 === 2);
    store.db
      .prepare(
        `UPDATE mentions SET author_kind = 'outlet' WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .run(JSON.stringify(reauthored.map((m) => m.id)));
    for (const m of reauthored) m.person = null;
    expectSetsExact('changed author');
    await expectCountsExact('changed author');

    const untag = truth.filter((m, i) => m.topics.has(topicId) && (i % 4 === 0 || m.lang === 'fr'));
    await store.untagPairs(untag.map((m) => [topicId, m.id]));
    for (const m of untag) m.topics.delete(topicId);
    expectSetsExact('untagged');
    await expectCountsExact('untagged');

    const erased = ['person3', 'person8', 'd4-0'];
    await new SqliteRetention(store.db).eraseAuthors(erased);
    truth = truth.filter((m) => m.authorKey === null || !erased.includes(m.authorKey));
    expectSetsExact('erased');
  });

  it('fills the sets for an existing file when the migration runs', async () => {
    await expectMigrationRefills(store, {
      name: 'person sets per day and platform',
      drop: `DROP TRIGGER rollup_persons_dims_moved; DROP TRIGGER rollup_persons_dims_source;
        DROP TABLE rollup_persons_dims;`,
      snapshot: sets,
      check: async (label) => {
        expectSetsExact(label);
        await expectCountsExact(label);
      },
      fill: fillDimensionPersons,
    });
  });
});
