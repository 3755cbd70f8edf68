// Posts and the brute-force top terms shared by the tests of the term counts per day, week and
// month (with or without platform): posts of given keywords, platform and time, the figures'
// random filters, and the top terms recounted from the posts kept beside the store.
import { expect } from 'vitest';
import type { MentionInput, Platform } from '../../../model.js';
import type { MentionFilter } from '../../listening-store.js';
import { mentionInput } from '../../store.conformance.js';
import type { SqliteStore } from '../sqlite-store.js';

export const DAY = 86_400_000;
export const TERMS = ['ngập', 'kẹt xe', 'giá xăng', 'mất điện', 'học phí', 'triều cường', 'cháy'];
export const PLATFORMS: Platform[] = ['reddit', 'x', 'facebook'];

export interface TermPost {
  id: number;
  externalId: string;
  ms: number;
  keywords: string[];
  author: string;
  platform: Platform;
  topics: Set<number>;
}

export function termPostInput(
  t: Omit<TermPost, 'id' | 'topics'>,
  updatedAt: string | null = null,
): MentionInput {
  const at = new Date(t.ms).toISOString();
  return mentionInput({
    platform: t.platform,
    canonicalUrl: null,
    externalId: t.externalId,
    author: { key: t.author, displayName: null, kind: 'person' },
    publishedAt: at,
    collectedAt: at,
    updatedAt,
    text: `bài ${t.externalId} ${updatedAt ?? ''}`,
    analysis: {
      lang: 'vi',
      sentiment: 'neutral',
      sentimentConfidence: 0.9,
      keywords: t.keywords,
    } as MentionInput['analysis'],
  });
}

/** Random keywords of TERMS, one of them now and then repeated (it counts once per mention). */
export function keywordPicker(rand: () => number): () => string[] {
  return () => {
    const words = TERMS.filter(() => rand() < 0.35);
    return rand() < 0.2 && words.length > 0 ? [...words, words[0]!] : words;
  };
}

/**
 * The `i`th random figure's filter around the posts from `firstDay`: 1 to 90 days, some
 * without topic, start or end, cut a few hours into their days.
 */
function termFilter(
  i: number,
  rand: () => number,
  firstDay: number,
  topicId: number,
  platforms: Platform[] | null,
): MentionFilter {
  const from = firstDay - 3 + Math.floor(rand() * 85);
  const length = [1, 7, 9, 30, 45, 90][i % 6]!;
  const offset = Math.floor(rand() * 3) * 3_600_000;
  return {
    ...(i % 3 === 0 ? {} : { topicId }),
    ...(platforms === null ? {} : { platforms }),
    ...(i % 10 === 9 ? {} : { from: new Date(from * DAY + offset).toISOString() }),
    ...(i % 10 === 8 ? {} : { to: new Date((from + length) * DAY - offset).toISOString() }),
  };
}

/** The store's top terms for `filter` are those of the posts, counted by whole UTC days. */
export async function expectTopTermsExact(
  label: string,
  store: SqliteStore,
  truth: readonly TermPost[],
  filter: MentionFilter,
): Promise<void> {
  const lo = filter.from === undefined ? -Infinity : Math.floor(Date.parse(filter.from) / DAY);
  const hi = filter.to === undefined ? Infinity : Math.ceil(Date.parse(filter.to) / DAY);
  const want = new Map<string, number>();
  for (const m of truth) {
    const day = Math.floor(m.ms / DAY);
    if (!m.topics.has(filter.topicId ?? 0) || day < lo || day >= hi) continue;
    if (filter.platforms !== undefined && !filter.platforms.includes(m.platform)) continue;
    for (const term of new Set(m.keywords)) want.set(term, (want.get(term) ?? 0) + 1);
  }
  const expected = [...want.entries()]
    .map(([term, count]) => ({ term, count }))
    .sort((a, b) => b.count - a.count || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const got = await store.topTerms(filter, 100);
  expect(
    got.map((r) => ({ term: r.term, count: r.count })),
    `${label}: ${JSON.stringify(filter)}`,
  ).toEqual(expected);
}

/** The store's top terms for the 40 random figures, by platforms `platformsOf(i)` if any. */
export async function expectTermFiguresExact(
  label: string,
  store: SqliteStore,
  truth: readonly TermPost[],
  rand: () => number,
  on: { firstDay: number; topicId: number; platformsOf: (i: number) => Platform[] | null },
): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const filter = termFilter(i, rand, on.firstDay, on.topicId, on.platformsOf(i));
    await expectTopTermsExact(label, store, truth, filter);
  }
}

/**
 * Saves posts again with new keywords. Each edit is later than the one before and than every
 * mention's own time (some lie later today or tomorrow), so the store never takes it for a stale
 * copy, whatever the hour.
 */
export function keywordEditor(
  today: number,
  keywordsOf: () => string[],
): (store: SqliteStore, which: TermPost[]) => Promise<void> {
  let edits = 0;
  return async (store, which) => {
    edits += 1;
    const later = new Date((today + 2) * DAY + edits * 60_000).toISOString();
    for (const m of which) m.keywords = keywordsOf();
    await store.saveMentions(
      null,
      which.map((m) => termPostInput(m, later)),
    );
  };
}
