// The per-platform term level as the write path keeps it (batches, tags, late analyses, untags)
// equals the level counted again from the mentions by the migration's fill.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Platform } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import { mentionInput } from '../store.conformance.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import { fillPlatformTerms } from './term-platforms-schema.js';

const PLATFORMS: Platform[] = ['web', 'x', 'facebook'];
const TERMS = ['ngập', 'kẹt xe', 'giá xăng', 'mất điện', 'học phí'];
const FIRST_MS = Date.UTC(2025, 5, 1, 17);

function levelRows(store: SqliteStore): unknown[] {
  return store.db
    .prepare(
      `SELECT topic_id, platform, day, term, n FROM rollup_terms_platforms WHERE n <> 0
       ORDER BY topic_id, platform, day, term`,
    )
    .all();
}

describe('term counts per day and platform', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  it('keeps what a recount from the mentions gives', async () => {
    const rand = seededRandom(5);
    const topic = (await store.createTopic({ name: 'ngập', query: 'ngập' })).id;
    const keywords = () => {
      const words = TERMS.filter(() => rand() < 0.4);
      return rand() < 0.2 && words.length > 0 ? [...words, words[0]!] : words;
    };
    const ids: number[] = [];
    for (let batch = 0; batch < 4; batch++) {
      const inputs = Array.from({ length: 60 }, () => {
        const at = new Date(FIRST_MS + Math.floor(rand() * 20 * 86_400_000)).toISOString();
        return mentionInput({
          platform: PLATFORMS[Math.floor(rand() * PLATFORMS.length)]!,
          publishedAt: at,
          collectedAt: at,
          // Some are stored unanalysed and analysed later.
          analysis:
            rand() < 0.25
              ? null
              : {
                  lang: 'vi',
                  sentiment: 'neutral',
                  sentimentConfidence: 0.9,
                  keywords: keywords(),
                },
        });
      });
      ids.push(...(await store.saveMentions(null, inputs)).ids);
    }
    await store.tagMentions(
      topic,
      ids.filter(() => rand() < 0.6),
    );
    for (const id of ids.filter(() => rand() < 0.3)) {
      await store.setAnalysis(id, {
        lang: 'vi',
        sentiment: 'negative',
        sentimentConfidence: 0.8,
        keywords: keywords(),
      });
    }
    await store.untagPairs(ids.filter((_, i) => i % 7 === 0).map((id) => [topic, id]));

    const kept = levelRows(store);
    expect(kept.length).toBeGreaterThan(0);
    fillPlatformTerms(store.db);
    expect(levelRows(store)).toEqual(kept);
  });
});
