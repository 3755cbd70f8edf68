// Steps and the brute-force count shared by the tests of the person sets per day and term
// (with or without platform): the same random queries of the small-group counter for terms,
// answered from the posts kept beside the store, and the same late and changed analyses.
import { expect } from 'vitest';
import type { Platform } from '../../../model.js';
import type { MentionFilter } from '../../listening-store.js';
import { sqliteGroupCounter } from '../author-groups.js';
import { PERSON_SET_CAP } from '../local-days-persons-schema.js';
import type { SqliteStore } from '../sqlite-store.js';
import {
  authorOf,
  HOUR,
  type Post,
  personOf,
  postInput,
  START_HOUR,
  saveInBatches,
  tagSome,
} from './rollup-truth.js';

const DAY = 24 * HOUR;
const K = PERSON_SET_CAP;

/** A post as the term tests keep it: its id, person, keywords and topics. */
export interface TermTruth extends Post {
  id: number;
  authorKey: string | null;
  person: string | null;
  keywords: string[];
  topics: Set<number>;
}

export interface TermQueries {
  topicId: number;
  terms: readonly string[];
  /** The term of the days 3, 4 and 5 with k − 1, k and k + 1 persons. */
  rare: string;
  spanHours: number;
  pickTerms: (rand: () => number) => string[];
  /** Platform filters asked in turn; none asked when absent. */
  platforms?: readonly Platform[][];
}

type TermQuery = { filter: MentionFilter; terms: string[]; ranges?: [string, string][] };

/** Distinct persons of the posts a query of terms counts, by whole UTC days. */
function personsOf(truth: readonly TermTruth[], query: TermQuery): number {
  const days = (query.ranges ?? [[query.filter.from, query.filter.to]]).map(([a, b]) => [
    a === undefined ? -Infinity : Math.floor(Date.parse(a) / DAY),
    b === undefined ? Infinity : Math.ceil(Date.parse(b) / DAY),
  ]);
  const persons = new Set<string>();
  for (const m of truth) {
    if (m.person === null || !m.topics.has(query.filter.topicId ?? 0)) continue;
    if (query.filter.platforms !== undefined && !query.filter.platforms.includes(m.platform))
      continue;
    if (!m.keywords.some((term) => query.terms.includes(term))) continue;
    const day = Math.floor(m.hour / 24);
    if (days.some(([a, b]) => day >= a! && day < b!)) persons.add(m.person);
  }
  return persons.size;
}

/**
 * The small-group counter gives, for random queries of terms and for the rare term's days
 * (whole and cut to a few hours), min(cap, persons) for caps around k.
 */
export async function expectTermCountsExact(
  label: string,
  store: SqliteStore,
  truth: readonly TermTruth[],
  rand: () => number,
  q: TermQueries,
): Promise<void> {
  const count = sqliteGroupCounter(store.db);
  const iso = (hour: number) =>
    new Date(hour * HOUR + Math.floor(rand() * 3) * 600_000).toISOString();
  const { topicId, terms: all, rare, spanHours } = q;
  const asked: TermQuery[] = [];
  for (let i = 0; i < 50; i++) {
    const from = START_HOUR - 30 + Math.floor(rand() * (spanHours + 40));
    const to = from + 1 + Math.floor(rand() * (rand() < 0.3 ? 30 : spanHours));
    const terms = i % 3 === 0 ? [rare] : [all[i % all.length]!, ...q.pickTerms(rand)];
    const filter: MentionFilter = {
      ...(rand() < 0.6 ? { topicId } : {}),
      ...(q.platforms === undefined ? {} : { platforms: q.platforms[i % q.platforms.length]! }),
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
    for (const platforms of q.platforms ?? [undefined]) {
      const on = platforms === undefined ? {} : { platforms };
      asked.push({ filter: { ...on, from: iso(start), to: iso(start + 24) }, terms: [rare] });
      asked.push({
        filter: { topicId, ...on, from: iso(start + 5), to: iso(start + 7) },
        terms: [rare],
      });
    }
  }
  for (const query of asked) {
    const persons = personsOf(truth, query);
    for (const cap of [5, K - 1, K, K + 1]) {
      expect(await count(query, cap), `${label}: ${JSON.stringify(query)} cap ${cap}`).toBe(
        Math.min(cap, persons),
      );
    }
  }
}

/** Analyses arriving late: every eleventh post stored without keywords first, then analysed. */
export async function analyseLate(store: SqliteStore, truth: readonly TermTruth[]): Promise<void> {
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
}

/**
 * Edits with a new analysis: other keywords for every sixth post, and for the posts of person
 * `dropper` the rare term gives way to another; the stored keywords then match the posts.
 */
export async function changeKeywords(
  store: SqliteStore,
  truth: readonly TermTruth[],
  rand: () => number,
  q: Pick<TermQueries, 'rare' | 'pickTerms'> & { dropper: string },
): Promise<void> {
  const later = new Date(Date.now() + 60_000).toISOString();
  const changed = truth.filter((m, i) => i % 6 === 0 || m.authorKey === q.dropper);
  for (const m of changed) {
    m.keywords = m.keywords.includes(q.rare) ? ['mưa'] : q.pickTerms(rand);
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
}

/**
 * Saves and tags (most, in batches) the posts of the term tests: on days 3, 4 and 5 the rare
 * term by k − 1, k and k + 1 persons on reddit (two posts each), and with `othersOnX` by three
 * more on x; then random posts of 30 persons, outlets and authorless posts, some without
 * keywords.
 */
export async function saveTermPosts(
  store: SqliteStore,
  topicId: number,
  rand: () => number,
  q: Pick<TermQueries, 'rare' | 'spanHours' | 'pickTerms'> & { othersOnX: boolean },
): Promise<TermTruth[]> {
  const posts: Omit<TermTruth, 'id' | 'topics'>[] = [];
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
  for (const [day, persons] of [
    [3, K - 1],
    [4, K],
    [5, K + 1],
  ] as const) {
    for (let p = 0; p < persons; p++) {
      for (let r = 0; r < 2; r++) {
        push(START_HOUR + day * 24 + 2 + p, 'reddit', `d${day}-${p}`, 'person', [q.rare]);
      }
    }
    if (q.othersOnX) {
      for (let p = 0; p < 3; p++)
        push(START_HOUR + day * 24 + 4, 'x', `e${day}-${p}`, 'person', [q.rare]);
    }
  }
  for (let i = 0; i < 500; i++) {
    const hour = START_HOUR + Math.floor(rand() * q.spanHours);
    const platform = (['reddit', 'x', 'web'] as Platform[])[Math.floor(rand() * 3)]!;
    const roll = rand();
    const terms = q.pickTerms(rand);
    if (roll < 0.7 && platform !== 'web')
      push(hour, platform, `person${Math.floor(rand() * 30)}`, 'person', terms);
    else if (roll < 0.85) push(hour, 'web', `outlet${i % 3}`, 'outlet', terms);
    else push(hour, platform, null, null, terms);
  }
  const ids = await saveInBatches(store, posts.map(postInput), 71);
  const truth = posts.map((m, i) => ({ ...m, id: ids[i]!, topics: new Set([0]) }));
  await tagSome(store, topicId, truth, rand, 0.8, 130);
  return truth;
}
