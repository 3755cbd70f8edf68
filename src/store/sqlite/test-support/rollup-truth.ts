// Set-up and checks shared by the roll-up level tests that compare a level with a recount of
// the mentions kept beside the store: posts of a given hour, author and analysis, tagging most
// of them in batches, capped person sets against the persons of each bucket, and a level's
// migration run again on a file that already holds the mentions.
import { expect } from 'vitest';
import type { MentionInput, Platform, Sentiment } from '../../../model.js';
import { mentionInput } from '../../store.conformance.js';
import { migrate, migrations, schemaVersion } from '../migrations.js';
import type { SqliteStore } from '../sqlite-store.js';

export const HOUR = 3_600_000;
/** First hour of the posts of every such test. */
export const START_HOUR = Date.parse('2025-10-25T00:00:00Z') / HOUR;

/** A post of the tests: its hour, minute past it, author and analysis. */
export interface Post {
  externalId: string;
  hour: number;
  minute: number;
  platform: Platform;
  author: MentionInput['author'];
  lang?: string;
  sentiment: Sentiment | null;
  confidence?: number;
  keywords?: string[];
  /** Set on an edit: the text changes and the new analysis replaces the stored one. */
  updatedAt?: string | null;
}

export function postInput(post: Post): MentionInput {
  const at = new Date(post.hour * HOUR + post.minute * 60_000).toISOString();
  const updatedAt = post.updatedAt ?? null;
  return mentionInput({
    platform: post.platform,
    canonicalUrl: null,
    externalId: post.externalId,
    author: post.author,
    publishedAt: at,
    collectedAt: at,
    updatedAt,
    text: `bài ${post.externalId}${updatedAt === null ? '' : ' (sửa)'}`,
    analysis: {
      lang: post.lang ?? 'vi',
      sentiment: post.sentiment,
      sentimentConfidence: post.sentiment === null ? null : (post.confidence ?? 0.9),
      keywords: post.keywords ?? ['ngập'],
    } as MentionInput['analysis'],
  });
}

/** Who a post counts as for the small-group rule (PERSON_SQL); null for none. */
export function personOf(platform: Platform, author: MentionInput['author']): string | null {
  if (author?.kind === 'person') return author.key;
  if (author === null && platform !== 'web') return '';
  return null;
}

/** An author of the tests: null for none, else a key of that kind. */
export function authorOf(
  key: string | null,
  kind: 'person' | 'outlet' | null,
): MentionInput['author'] {
  return key === null || kind === null ? null : { key, displayName: null, kind };
}

/** Saves `inputs` in batches of `size` without a source; the ids in input order. */
export async function saveInBatches(
  store: SqliteStore,
  inputs: MentionInput[],
  size: number,
  sourceId: number | null = null,
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < inputs.length; i += size) {
    ids.push(...(await store.saveMentions(sourceId, inputs.slice(i, i + size))).ids);
  }
  return ids;
}

/** Tags about `share` of the posts with the topic, in batches of `size`, noting it on each. */
export async function tagSome<T extends { id: number; topics?: Set<number> }>(
  store: SqliteStore,
  topicId: number,
  posts: T[],
  rand: () => number,
  share: number,
  size: number,
): Promise<T[]> {
  const tagged = posts.filter(() => rand() < share);
  for (let i = 0; i < tagged.length; i += size) {
    const chunk = tagged.slice(i, i + size);
    await store.tagMentions(
      topicId,
      chunk.map((m) => m.id),
    );
    for (const m of chunk) m.topics?.add(topicId);
  }
  return tagged;
}

/** Adds `person` to the set kept under `key`. */
export function addPerson(sets: Map<string, Set<string>>, key: string, person: string): void {
  const set = sets.get(key) ?? new Set();
  set.add(person);
  sets.set(key, set);
}

/**
 * The stored capped sets equal the buckets of the posts: the same buckets, each holding
 * min(k, persons) of its own persons.
 */
export function expectCappedSets(
  label: string,
  want: Map<string, Set<string>>,
  got: Map<string, Set<string>>,
  k: number,
): void {
  expect([...got.keys()].sort(), label).toEqual([...want.keys()].sort());
  for (const [key, persons] of want) {
    const stored = got.get(key)!;
    expect(stored.size, `${label}: ${key}`).toBe(Math.min(k, persons.size));
    for (const person of stored) expect(persons.has(person), `${label}: ${key}`).toBe(true);
  }
}

/**
 * Drops a level (`drop`: SQL) from a file holding mentions, runs its migration (the first
 * named `name`…) again and checks it holds what it held (`snapshot`) and passes `check`; then
 * that `fill` gives the same again.
 */
export async function expectMigrationRefills(
  store: SqliteStore,
  level: {
    name: string;
    drop: string;
    snapshot: () => unknown;
    check: (label: string) => void | Promise<void>;
    fill: (db: SqliteStore['db']) => void;
  },
): Promise<void> {
  const before = level.snapshot();
  expect((before as unknown[]).length).toBeGreaterThan(0);
  const index = migrations.findIndex((m) => m.name.startsWith(level.name));
  expect(index).toBeGreaterThanOrEqual(0);
  store.db.exec(level.drop);
  store.db.pragma(`user_version = ${index}`);
  migrate(store.db, migrations.slice(0, index + 1));
  expect(schemaVersion(store.db)).toBe(index + 1);
  expect(level.snapshot()).toEqual(before);
  await level.check('migrated');
  level.fill(store.db);
  expect(level.snapshot()).toEqual(before);
}

/**
 * The capped person sets read by `sql` (rows with a `person` column, each in the bucket named
 * by `bucketOf`) equal those of the posts: each post of a person counts in the buckets
 * `bucketsOf` names for each of its topics.
 */
export function expectStoredSets<T extends { person: string | null; topics: Set<number> }, R>(
  label: string,
  store: SqliteStore,
  posts: T[],
  bucketsOf: (post: T, topic: number) => string[],
  sql: string,
  bucketOf: (row: R) => string,
  k: number,
): void {
  const want = new Map<string, Set<string>>();
  for (const post of posts) {
    if (post.person === null) continue;
    for (const t of post.topics) {
      for (const bucket of bucketsOf(post, t)) addPerson(want, bucket, post.person);
    }
  }
  const got = new Map<string, Set<string>>();
  for (const row of store.db.prepare(sql).all() as (R & { person: string })[]) {
    addPerson(got, bucketOf(row), row.person);
  }
  expectCappedSets(label, want, got, k);
}
