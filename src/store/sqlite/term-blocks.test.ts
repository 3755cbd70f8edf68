// Top terms from daily, weekly and monthly term counts (and, filtered by platform, from the
// per-platform daily ones), with weeks and months sealed at different points, late keyword
// edits on both sides of the seal, untagging and erasure, against a recount of the mentions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionInput, Platform } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import type { MentionFilter } from '../listening-store.js';
import { mentionInput } from '../store.conformance.js';
import { SqliteRetention } from './retention.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import { rebuildTermBlocks, sealedBlocks, sealTermBlocks } from './term-blocks-schema.js';

const DAY = 86_400_000;
const TODAY = Math.floor(Date.now() / DAY);
const FIRST_DAY = TODAY - 80;
const TERMS = ['ngập', 'kẹt xe', 'giá xăng', 'mất điện', 'học phí', 'triều cường', 'cháy'];
const PLATFORMS: Platform[] = ['reddit', 'x', 'facebook'];

interface Truth {
  id: number;
  externalId: string;
  ms: number;
  keywords: string[];
  author: string;
  platform: Platform;
  topics: Set<number>;
}

function post(t: Omit<Truth, 'id' | 'topics'>, updatedAt: string | null = null): MentionInput {
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

describe('term counts by day, week and month', () => {
  let store: SqliteStore;
  let truth: Truth[];
  let topicId: number;
  const rand = seededRandom(7);
  let edits = 0;

  const keywordsOf = () => {
    const words = TERMS.filter(() => rand() < 0.35);
    // A repeated keyword counts once per mention.
    return rand() < 0.2 && words.length > 0 ? [...words, words[0]!] : words;
  };

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    topicId = (await store.createTopic({ name: 'ngập', query: 'ngập' })).id;
    truth = [];
    const inputs: Omit<Truth, 'id' | 'topics'>[] = [];
    for (let i = 0; i < 500; i++) {
      inputs.push({
        externalId: `m${i}`,
        ms: FIRST_DAY * DAY + Math.floor(rand() * 81 * DAY),
        keywords: keywordsOf(),
        author: `a${i % 40}`,
        platform: PLATFORMS[Math.floor(rand() * PLATFORMS.length)]!,
      });
    }
    for (let i = 0; i < inputs.length; i += 120) {
      const chunk = inputs.slice(i, i + 120);
      const { ids } = await store.saveMentions(
        null,
        chunk.map((t) => post(t)),
      );
      for (const [j, t] of chunk.entries()) truth.push({ ...t, id: ids[j]!, topics: new Set([0]) });
    }
    const tagged = truth.filter(() => rand() < 0.7);
    await store.tagMentions(
      topicId,
      tagged.map((m) => m.id),
    );
    for (const m of tagged) m.topics.add(topicId);
  });

  afterEach(async () => {
    await store.close();
  });

  async function expectTermsExact(label: string): Promise<void> {
    for (let i = 0; i < 40; i++) {
      const from = FIRST_DAY - 3 + Math.floor(rand() * 85);
      const length = [1, 7, 9, 30, 45, 90][i % 6]!;
      const offset = Math.floor(rand() * 3) * 3_600_000;
      // Some figures by one or two platforms (the per-platform level).
      const platforms = i % 4 === 1 ? [PLATFORMS[i % 3]!] : i % 4 === 2 ? PLATFORMS.slice(1) : null;
      const filter: MentionFilter = {
        ...(i % 3 === 0 ? {} : { topicId }),
        ...(platforms === null ? {} : { platforms }),
        ...(i % 10 === 9 ? {} : { from: new Date(from * DAY + offset).toISOString() }),
        ...(i % 10 === 8 ? {} : { to: new Date((from + length) * DAY - offset).toISOString() }),
      };
      const lo = filter.from === undefined ? -Infinity : Math.floor(Date.parse(filter.from) / DAY);
      const hi = filter.to === undefined ? Infinity : Math.ceil(Date.parse(filter.to) / DAY);
      const want = new Map<string, number>();
      for (const m of truth) {
        const day = Math.floor(m.ms / DAY);
        if (!m.topics.has(filter.topicId ?? 0) || day < lo || day >= hi) continue;
        if (platforms !== null && !platforms.includes(m.platform)) continue;
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
  }

  async function editKeywords(which: Truth[]): Promise<void> {
    // Each edit is later than the one before and than every mention's own time (some lie later
    // today or tomorrow), so the store never takes it for a stale copy, whatever the hour.
    edits += 1;
    const later = new Date((TODAY + 2) * DAY + edits * 60_000).toISOString();
    for (const m of which) m.keywords = keywordsOf();
    await store.saveMentions(
      null,
      which.map((m) => post(m, later)),
    );
  }

  it('stays exact as weeks and months are sealed, edited, untagged and erased', async () => {
    const sealed = sealedBlocks(store.db);
    expect(sealed.week).toBeGreaterThan(Math.floor((FIRST_DAY + 3) / 7));
    await expectTermsExact('saved');

    // Seal only up to five weeks ago: the rest of the range is read from days.
    rebuildTermBlocks(store.db, (TODAY - 35) * DAY);
    expect(sealedBlocks(store.db).week).toBeLessThan(sealed.week);
    await expectTermsExact('sealed five weeks ago');
    await editKeywords(truth.filter((_, i) => i % 6 === 0));
    await expectTermsExact('edited, sealed five weeks ago');

    // The writer seals the rest.
    sealTermBlocks(store.db, Date.now());
    expect(sealedBlocks(store.db)).toEqual(sealed);
    await expectTermsExact('sealed up to now');
    await editKeywords(truth.filter((_, i) => i % 5 === 1));
    await expectTermsExact('edited after sealing');

    const untag = truth.filter((m, i) => m.topics.has(topicId) && i % 4 === 0);
    await store.untagPairs(untag.map((m) => [topicId, m.id]));
    for (const m of untag) m.topics.delete(topicId);
    await expectTermsExact('untagged');

    await new SqliteRetention(store.db).eraseAuthors(['a3', 'a11']);
    truth = truth.filter((m) => m.author !== 'a3' && m.author !== 'a11');
    await expectTermsExact('erased');
  });
});
