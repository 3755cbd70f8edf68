// Top terms from daily, weekly and monthly term counts (and, filtered by platform, from the
// per-platform daily ones), with weeks and months sealed at different points, late keyword
// edits on both sides of the seal, untagging and erasure, against a recount of the mentions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../seeded-random.js';
import { SqliteRetention } from './retention.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import { rebuildTermBlocks, sealedBlocks, sealTermBlocks } from './term-blocks-schema.js';
import {
  DAY,
  expectTopTermsExact,
  keywordPicker,
  PLATFORMS,
  type TermPost,
  termFilter,
  termPostInput,
} from './test-support/term-counts.js';

const TODAY = Math.floor(Date.now() / DAY);
const FIRST_DAY = TODAY - 80;

describe('term counts by day, week and month', () => {
  let store: SqliteStore;
  let truth: TermPost[];
  let topicId: number;
  const rand = seededRandom(7);
  let edits = 0;
  const keywordsOf = keywordPicker(rand);

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    topicId = (await store.createTopic({ name: 'ngập', query: 'ngập' })).id;
    truth = [];
    const inputs: Omit<TermPost, 'id' | 'topics'>[] = [];
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
        chunk.map((t) => termPostInput(t)),
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
      // Some figures by one or two platforms (the per-platform level).
      const platforms = i % 4 === 1 ? [PLATFORMS[i % 3]!] : i % 4 === 2 ? PLATFORMS.slice(1) : null;
      await expectTopTermsExact(
        label,
        store,
        truth,
        termFilter(i, rand, FIRST_DAY, topicId, platforms),
      );
    }
  }

  async function editKeywords(which: TermPost[]): Promise<void> {
    // Each edit is later than the one before and than every mention's own time (some lie later
    // today or tomorrow), so the store never takes it for a stale copy, whatever the hour.
    edits += 1;
    const later = new Date((TODAY + 2) * DAY + edits * 60_000).toISOString();
    for (const m of which) m.keywords = keywordsOf();
    await store.saveMentions(
      null,
      which.map((m) => termPostInput(m, later)),
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
