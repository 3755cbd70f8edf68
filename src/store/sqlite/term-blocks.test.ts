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
  expectTermFiguresExact,
  keywordEditor,
  keywordPicker,
  PLATFORMS,
  type TermPost,
  termPostInput,
} from './test-support/term-counts.js';

const TODAY = Math.floor(Date.now() / DAY);
const FIRST_DAY = TODAY - 80;

describe('term counts by day, week and month', () => {
  let store: SqliteStore;
  let truth: TermPost[];
  let topicId: number;
  const rand = seededRandom(7);
  const keywordsOf = keywordPicker(rand);
  const edit = keywordEditor(TODAY, keywordsOf);

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
    // Some figures by one or two platforms (the per-platform level).
    await expectTermFiguresExact(label, store, truth, rand, {
      firstDay: FIRST_DAY,
      topicId,
      platformsOf: (i) =>
        i % 4 === 1 ? [PLATFORMS[i % 3]!] : i % 4 === 2 ? PLATFORMS.slice(1) : null,
    });
  }

  const editKeywords = (which: TermPost[]) => edit(store, which);

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
