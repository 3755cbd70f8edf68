// Story extents per topic (rollup_story_extents, story-extents-schema.ts) stay equal to a
// recount from the story day rows through writes, tags, untags, edits, deletion and erasure,
// and the top stories of whole-day ranges read through them (stories inside a range whole,
// stories crossing its ends summed by day, long stories through their own index) equal the
// top stories counted from the mentions.
import type pg from 'pg';
import { expect, it } from 'vitest';
import type { MentionInput, Platform } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import type { MentionFilter } from '../listening-store.js';
import { FLOOD_TEXT, GOLD_TEXT } from '../place-story.conformance.js';
import { placeStoryStoreFor } from '../place-story-store-for.js';
import { retentionStoreFor } from '../retention-store-for.js';
import { mentionInput } from '../store.conformance.js';
import { spanDays } from './place-story-store.js';
import type { PostgresStore } from './postgres-store.js';
import { recountSpanRollups } from './story-author-spans-schema.js';
import { LONG_STORY_DAYS, STORY_EXTENTS_FILL_SQL } from './story-extents-schema.js';
import { describePostgres } from './test-database.js';
import { storeAndPoolPerTest } from './test-store-pool.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2025-08-30 00:00 local (UTC+7). */
const START = Date.parse('2025-08-29T17:00:00Z');
const PLATFORMS: Platform[] = ['web', 'x', 'facebook'];
const iso = (ms: number) => new Date(ms).toISOString();

describePostgres('PostgreSQL story extents', () => {
  let store: PostgresStore;
  let pool: pg.Pool;
  storeAndPoolPerTest(1, (opened) => {
    ({ store, pool } = opened);
  });

  const EXTENTS = `SELECT topic_id, story_id, first_day, last_day, n FROM rollup_story_extents
    ORDER BY 1, 2`;

  async function expectExact(topicId: number, label: string) {
    const kept = (await pool.query(EXTENTS)).rows;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM rollup_story_extents');
      await client.query(STORY_EXTENTS_FILL_SQL);
      expect(kept, `${label}: extents`).toEqual((await client.query(EXTENTS)).rows);
      // The bulk recount of the story and author levels (triggers on) fills it the same.
      await recountSpanRollups(client);
      expect(kept, `${label}: bulk extents`).toEqual((await client.query(EXTENTS)).rows);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect(kept.length, label).toBeGreaterThan(10);
    const figures = placeStoryStoreFor(store)!;
    const filters: MentionFilter[] = [{}, { topicId }];
    // Ranges of whole local days: inside, across and after the long story.
    for (const [a, b] of [
      [0, 3],
      [1, 5],
      [2, 9],
      [4, 6],
      [9, 13],
      [10, 30],
    ] as const) {
      filters.push({ topicId, from: iso(START + a * DAY), to: iso(START + b * DAY) });
      filters.push({ from: iso(START + a * DAY), to: iso(START + b * DAY) });
    }
    filters.push({ topicId, from: iso(START + 8 * DAY) }, { to: iso(START + 5 * DAY) });
    for (const filter of filters) {
      expect(spanDays(filter), 'read from the levels').not.toBeNull();
      const counted = { ...filter, platforms: PLATFORMS };
      expect(spanDays(counted)).toBeNull();
      for (const limit of [1, 3, 50]) {
        const name = `${label} ${JSON.stringify(filter)} top ${limit}`;
        expect(await figures.listStories(filter, limit), name).toEqual(
          await figures.listStories(counted, limit),
        );
      }
    }
  }

  it('keeps each story extent exact and reads top stories through it', async () => {
    const rand = seededRandom(17);
    const topic = await store.createTopic({ name: 't', query: 'x' });
    // The flood text and replies to it every day for two weeks (one long story), the gold
    // text on days 3 to 5, and texts of their own.
    // A text of its own per day, long enough for the near-duplicate index.
    const words = Array.from({ length: 400 }, (_, i) => `chữ${i.toString(36)}`);
    const ownText = (day: number) => {
      const r = seededRandom(100 + day);
      return Array.from({ length: 40 }, () => words[Math.floor(r() * words.length)]).join(' ');
    };
    const inputs: MentionInput[] = [];
    for (let day = 0; day < 14; day++) {
      // [external id, text, parent]: the flood texts after the first reply in its thread (one
      // story); a day's own text is printed twice that day and once the day after.
      const texts: [string, string, string | null][] = [
        [`flood${day}a`, `${FLOOD_TEXT} (${day})`, day > 0 ? 'flood0a' : null],
        [`flood${day}b`, `${FLOOD_TEXT} [${day}]`, 'flood0a'],
      ];
      if (day >= 3 && day <= 5) {
        texts.push([`gold${day}a`, `${GOLD_TEXT} (${day})`, null]);
        texts.push([`gold${day}b`, `${GOLD_TEXT} [${day}]`, null]);
      }
      texts.push([`own${day}-0`, ownText(day), null]);
      texts.push([`own${day}-1`, `${ownText(day)} (1)`, null]);
      if (day > 0) texts.push([`own${day}-2`, `${ownText(day - 1)} (2)`, null]);
      for (const [i, [externalId, text, parent]] of texts.entries()) {
        inputs.push(
          mentionInput({
            externalId,
            ...(parent === null ? {} : { parentExternalId: parent, threadRootExternalId: parent }),
            publishedAt: iso(START + day * DAY + (2 + i * 3) * HOUR),
            platform: PLATFORMS[(day + i) % 3]!,
            text,
            author: { key: `person-${Math.floor(rand() * 5)}`, kind: 'person', displayName: 'x' },
            analysis: {
              lang: 'vi',
              sentiment: (['positive', 'negative', 'neutral'] as const)[i % 3]!,
              sentimentConfidence: 0.8,
              keywords: [],
              places: [],
              sectors: [],
            },
          }),
        );
      }
    }
    const ids: number[] = [];
    for (let day = 0; day < 14; day++) {
      const batch = inputs.filter(
        (m) => Math.floor((Date.parse(m.publishedAt!) - START) / DAY) === day,
      );
      const saved = await store.saveMentions(null, batch);
      ids.push(...saved.ids);
      await store.tagMentions(
        topic.id,
        saved.ids.filter(() => rand() < 0.7),
      );
    }
    const { rows: long } = await pool.query(
      `SELECT count(*)::int AS n FROM rollup_story_extents WHERE last_day - first_day >= $1`,
      [LONG_STORY_DAYS],
    );
    expect(long[0].n, 'a story spans more days than the first-day index reaches').toBeGreaterThan(
      0,
    );
    await expectExact(topic.id, 'written and tagged');

    await store.untagPairs(ids.slice(5, 15).map((id) => [topic.id, id]));
    await expectExact(topic.id, 'untagged');

    // Edits: a reprint moves three days later, another is deleted.
    const edit = (i: number, change: Partial<MentionInput>) =>
      store.saveMentions(null, [{ ...inputs[i]!, updatedAt: iso(START + 20 * DAY), ...change }]);
    await edit(0, { publishedAt: iso(START + 3 * DAY + HOUR) });
    await edit(7, { deleted: true });
    await expectExact(topic.id, 'edited');

    await retentionStoreFor(store)!.eraseAuthors(['person-1']);
    await expectExact(topic.id, 'erased');
  });
});
