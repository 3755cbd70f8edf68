// The span level of distinct stories and authors and the month levels of places and sectors
// stay equal to a recount from the mentions,
// and the place, sector and story figures read from it equal those counted from the mentions,
// through late sentiment, tags and untags, edits that move a mention to another story or place,
// a new author, deletion and erasure.
import type pg from 'pg';
import { expect, it } from 'vitest';
import type { MentionAnalysis, MentionInput, MentionPlace, Platform } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import type { MentionFilter } from '../listening-store.js';
import { FLOOD_TEXT, GOLD_TEXT } from '../place-story.conformance.js';
import { placeStoryStoreFor } from '../place-story-store-for.js';
import { retentionStoreFor } from '../retention-store-for.js';
import { mentionInput } from '../store.conformance.js';
import { spanDays } from './place-story-store.js';
import { FILL_PLACE_MONTHS_SQL } from './places-stories-schema.js';
import type { PostgresStore } from './postgres-store.js';
import { FILL_SPANS_SQL, recountSpanRollups } from './story-author-spans-schema.js';
import { describePostgres } from './test-database.js';
import { storeAndPoolPerTest } from './test-store-pool.js';

const HOUR = 3_600_000;
/** 2025-08-30 00:00 local (UTC+7): the mentions run into September. */
const START = Date.parse('2025-08-29T17:00:00Z');
const DAY = 24 * HOUR;
const PLATFORMS: Platform[] = ['web', 'x', 'facebook'];
const PLACES: MentionPlace[] = [
  { province: '79', ward: '26734', level: 'ward', code: '26734', confidence: 0.9 },
  { province: '79', ward: null, level: 'city', code: '79', confidence: 0.9 },
  { province: '01', ward: '00004', level: 'ward', code: '00004', confidence: 0.9 },
  { province: '48', ward: null, level: 'city', code: '48', confidence: 0.9 },
];
const SECTORS = ['flooding', 'traffic', 'health'];

function analysisOf(rand: () => number): MentionAnalysis {
  const sentiment = (['positive', 'negative', 'neutral', null] as const)[Math.floor(rand() * 4)]!;
  return {
    lang: 'vi',
    sentiment,
    sentimentConfidence: sentiment === null ? null : 0.8,
    keywords: [],
    places: PLACES.filter(() => rand() < 0.4),
    sectors: SECTORS.filter(() => rand() < 0.4).map((sector) => ({ sector, confidence: 0.7 })),
  };
}

describePostgres('PostgreSQL span level of distinct stories and authors', () => {
  let store: PostgresStore;
  let pool: pg.Pool;
  storeAndPoolPerTest(1, (opened) => {
    ({ store, pool } = opened);
  });

  const spanRows = async (on: Pick<pg.Pool, 'query'> = pool) => {
    const days = await on.query(
      `SELECT kind, entity, day, topic_id, level, key, n, copies FROM rollup_entity_days
       ORDER BY 1, 2, 3, 4, 5, 6`,
    );
    const spans = await on.query(
      `SELECT topic_id, kind, level, key, day, prev_day, n, copies FROM rollup_entity_spans
       ORDER BY 1, 2, 3, 4, 5, 6`,
    );
    const months: Record<string, unknown[]> = {};
    for (const table of ['rollup_place_months', 'rollup_sector_months']) {
      months[table] = (
        await on.query(`SELECT * FROM ${table} WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5`)
      ).rows;
    }
    return { days: days.rows, spans: spans.rows, months };
  };

  /** The kept levels equal a recount, and every figure read from them its mention count. */
  async function expectExact(topicId: number, label: string) {
    const kept = await spanRows();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(FILL_SPANS_SQL);
      const days = await client.query(
        `SELECT kind, entity, day, topic_id, level, key, n, copies FROM rollup_entity_days
         ORDER BY 1, 2, 3, 4, 5, 6`,
      );
      const spans = await client.query(
        `SELECT topic_id, kind, level, key, day, prev_day, n, copies FROM rollup_entity_spans
         ORDER BY 1, 2, 3, 4, 5, 6`,
      );
      expect(kept.days, `${label}: day rows`).toEqual(days.rows);
      expect(kept.spans, `${label}: span rows`).toEqual(spans.rows);
      // The bulk recount (one sort, byte-wise, triggers off for the fill) gives the same rows.
      await recountSpanRollups(client);
      const bulk = await spanRows(client);
      expect(bulk.days, `${label}: bulk day rows`).toEqual(kept.days);
      expect(bulk.spans, `${label}: bulk span rows`).toEqual(kept.spans);
      await client.query(FILL_PLACE_MONTHS_SQL);
      for (const table of ['rollup_place_months', 'rollup_sector_months']) {
        const recounted = await client.query(
          `SELECT * FROM ${table} WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5`,
        );
        expect(kept.months[table], `${label}: ${table}`).toEqual(recounted.rows);
      }
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    const figures = placeStoryStoreFor(store)!;
    const all = await figures.storyFigures({ topicId });
    expect(Math.min(all.stories, all.authors, all.copies), label).toBeGreaterThan(0);
    expect(all.stories).toBeLessThan(all.mentions);
    const iso = (ms: number) => new Date(ms).toISOString();
    const filters: MentionFilter[] = [
      {},
      { topicId },
      { topicId, from: iso(START + DAY), to: iso(START + 3 * DAY) },
      { from: iso(START + 2 * DAY) },
      { topicId, from: iso(START + 2 * DAY), to: iso(START + 4 * DAY) },
      { from: iso(START + 3 * DAY) },
      { topicId, to: iso(START + 2 * DAY) },
    ];
    for (const filter of filters) {
      expect(spanDays(filter), 'read from the levels').not.toBeNull();
      // Every platform the mentions have: the same mentions, counted from the mentions.
      const counted = { ...filter, platforms: PLATFORMS };
      expect(spanDays(counted)).toBeNull();
      const name = `${label} ${JSON.stringify(filter)}`;
      expect(await figures.storyFigures(filter), name).toEqual(await figures.storyFigures(counted));
      expect(await figures.listStories(filter, 5), `${name} stories`).toEqual(
        await figures.listStories(counted, 5),
      );
      for (const level of ['province', 'ward', 'sector'] as const) {
        expect(await figures.figuresBy(level, filter, 100), `${name} by ${level}`).toEqual(
          await figures.figuresBy(level, counted, 100),
        );
      }
    }
  }

  it('keeps distinct stories and authors exact through every kind of change', async () => {
    const rand = seededRandom(5);
    const topic = await store.createTopic({ name: 't', query: 'x' });
    const inputs: MentionInput[] = [];
    for (let i = 0; i < 60; i++) {
      const base = i % 3 === 0 ? FLOOD_TEXT : i % 3 === 1 ? GOLD_TEXT : `tin riêng số ${i}`;
      inputs.push(
        mentionInput({
          publishedAt: new Date(START + Math.floor(rand() * 5 * 24) * HOUR + 60_000).toISOString(),
          platform: PLATFORMS[i % 3]!,
          text: i < 6 ? base : `${base} (${i})`,
          author:
            rand() < 0.7
              ? { key: `person-${Math.floor(rand() * 6)}`, kind: 'person', displayName: 'x' }
              : null,
          analysis: analysisOf(rand),
        }),
      );
    }
    const saved = await store.saveMentions(null, inputs);
    const { rows: linked } = await pool.query(
      `SELECT count(DISTINCT story_id)::int AS stories,
         count(*) FILTER (WHERE first_publisher_id <> mention_id)::int AS copies
       FROM mention_stories`,
    );
    expect(linked[0].copies).toBeGreaterThan(0);
    await store.tagMentions(
      topic.id,
      saved.ids.filter(() => rand() < 0.6),
    );
    await expectExact(topic.id, 'written and tagged');

    // Late sentiment and new places on a few.
    for (const id of saved.ids.slice(0, 8)) await store.setAnalysis(id, analysisOf(rand));
    await expectExact(topic.id, 'late analysis');

    // Untagged.
    await store.untagPairs(saved.ids.slice(10, 20).map((id) => [topic.id, id]));
    await expectExact(topic.id, 'untagged');

    // Edits: a flood reprint becomes the gold text (another story), another moves a day and
    // gets a new author and places.
    const edit = (i: number, change: Partial<MentionInput>) =>
      store.saveMentions(null, [
        { ...inputs[i]!, updatedAt: new Date(START + 10 * DAY).toISOString(), ...change },
      ]);
    await edit(3, { text: `${GOLD_TEXT} (sửa)` });
    await edit(4, {
      text: 'bài đã sửa hẳn',
      publishedAt: new Date(START + 4 * DAY + HOUR).toISOString(),
      author: { key: 'person-new', kind: 'person', displayName: 'y' },
      analysis: analysisOf(rand),
    });
    await edit(7, { deleted: true });
    await expectExact(topic.id, 'edited');

    // Erasure of a person.
    const retention = retentionStoreFor(store)!;
    await retention.eraseAuthors(['person-2']);
    await expectExact(topic.id, 'erased');
  });

  it('gives a large story one more mention by rewriting only the rows of its day', async () => {
    const topic = await store.createTopic({ name: 't', query: 'x' });
    const rand = seededRandom(11);
    const at = (day: number, hour: number) =>
      new Date(START + day * DAY + hour * HOUR).toISOString();
    const inputs = Array.from({ length: 40 }, (_, i) =>
      mentionInput({
        publishedAt: at(i % 10, (i * 5) % 24),
        platform: PLATFORMS[i % 3]!,
        text: i % 2 === 0 ? FLOOD_TEXT : `${FLOOD_TEXT} (${i})`,
        author: { key: `person-${i % 4}`, kind: 'person', displayName: 'x' },
        analysis: analysisOf(rand),
      }),
    );
    // Arriving in time order, a few at a time, as collected.
    inputs.sort((x, y) => Date.parse(x.publishedAt!) - Date.parse(y.publishedAt!));
    for (let i = 0; i < inputs.length; i += 5) {
      const saved = await store.saveMentions(null, inputs.slice(i, i + 5));
      await store.tagMentions(topic.id, saved.ids);
    }
    // The largest story (the assigner may split a long run of copies in time).
    const { rows: stories } = await pool.query(
      `SELECT story_id::text AS story, count(*)::int AS n FROM mention_stories
       GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
    );
    const story = stories[0].story as string;
    expect(stories[0].n).toBeGreaterThanOrEqual(10);
    const storyRows = async () =>
      (
        await pool.query(
          `SELECT day, topic_id, level, key, n, copies, xmin::text AS version FROM rollup_entity_days
           WHERE kind = 0 AND entity = $1 ORDER BY day, topic_id, level, key`,
          [story],
        )
      ).rows;
    const before = await storyRows();
    const days = [...new Set(before.map((r) => Number(r.day)))];
    expect(days.length).toBeGreaterThanOrEqual(3);

    // One more mention, a reply to one of the story's, on the story's second day, from a new
    // author: it joins the story without rewriting whose copy any other mention is.
    const second = days[1]! * DAY - 7 * HOUR - START;
    const { rows: member } = await pool.query(
      `SELECT m.external_id FROM mention_stories AS s JOIN mentions AS m ON m.id = s.mention_id
       WHERE s.story_id = $1 ORDER BY m.id LIMIT 1`,
      [story],
    );
    const extra = await store.saveMentions(null, [
      mentionInput({
        publishedAt: at(second / DAY, 2),
        text: 'Nước vẫn chưa rút ở đầu hẻm nhà tôi, xe cộ phải đi vòng.',
        parentExternalId: member[0].external_id,
        threadRootExternalId: member[0].external_id,
        author: { key: 'person-extra', kind: 'person', displayName: 'x' },
        analysis: analysisOf(rand),
      }),
    ]);
    await store.tagMentions(topic.id, extra.ids);
    const after = await storyRows();
    const { rows: dayOf } = await pool.query(
      `SELECT floor((floor(sort_ms / 3600000.0) + 7) / 24.0)::bigint AS day FROM mentions WHERE id = $1`,
      [extra.ids[0]],
    );
    const day = dayOf[0].day as string;
    expect(Number(day)).toBe(days[1]);
    const { rows: link } = await pool.query(
      'SELECT story_id::text AS story FROM mention_stories WHERE mention_id = $1',
      [extra.ids[0]],
    );
    expect(link[0].story).toBe(story);
    const key = (r: Record<string, unknown>) => `${r.day}/${r.topic_id}/${r.level}/${r.key}`;
    const old = new Map(before.map((r) => [key(r), r]));
    // Every row of another day is the very row it was (not rewritten); the day's rows grew.
    for (const row of after.filter((r) => r.day !== day)) expect(old.get(key(row))).toEqual(row);
    expect(after.filter((r) => r.day !== day)).toHaveLength(
      before.filter((r) => r.day !== day).length,
    );
    const grown = after.filter((r) => r.day === day && old.get(key(r))?.n !== r.n);
    expect(grown.length).toBeGreaterThan(0);
    await expectExact(topic.id, 'one more mention');
  });
  it('stays exact when day rows only grow, appear between days, go, or change copies', async () => {
    const topic = await store.createTopic({ name: 't', query: 'x' });
    const analysis: MentionAnalysis = {
      lang: 'vi',
      sentiment: 'negative',
      sentimentConfidence: 0.8,
      keywords: [],
      places: [PLACES[0]!],
      sectors: [{ sector: 'flooding', confidence: 0.7 }],
    };
    const at = (day: number, hour: number) =>
      new Date(START + day * DAY + hour * HOUR).toISOString();
    const copy = (day: number, hour: number, author: string, change: Partial<MentionInput> = {}) =>
      mentionInput({
        publishedAt: at(day, hour),
        text: FLOOD_TEXT,
        author: { key: author, kind: 'person', displayName: 'x' },
        analysis,
        ...change,
      });
    const save = async (inputs: MentionInput[]) => {
      const saved = await store.saveMentions(null, inputs);
      await store.tagMentions(topic.id, saved.ids);
      return saved.ids;
    };
    // One story on days 0, 2 and 4, two authors.
    await save([copy(0, 2, 'person-0'), copy(0, 3, 'person-1')]);
    await save([copy(2, 2, 'person-0'), copy(2, 5, 'person-1')]);
    await save([copy(4, 2, 'person-0')]);
    await save([mentionInput({ publishedAt: at(1, 1), text: 'tin riêng', analysis })]);
    await expectExact(topic.id, 'three days');

    // A day that only gains a mention with the keys it has: its rows' counts grow, none appears.
    await save([copy(2, 8, 'person-0')]);
    await expectExact(topic.id, 'grown');

    // A day between two of the story's and the authors' days: the next rows' previous day moves.
    const between = copy(3, 1, 'person-0');
    await save([between]);
    await expectExact(topic.id, 'between');

    // Untagged on day 2 and then gone from day 3: rows go, the next rows' previous day moves back.
    const { rows: day2 } = await pool.query(
      `SELECT id FROM mentions WHERE sort_ms >= $1 AND sort_ms < $2`,
      [START + 2 * DAY, START + 3 * DAY],
    );
    await store.untagPairs(day2.map((r) => [topic.id, Number(r.id)]));
    await expectExact(topic.id, 'untagged day');
    await store.saveMentions(null, [
      { ...between, updatedAt: new Date(START + 10 * DAY).toISOString(), deleted: true },
    ]);
    await expectExact(topic.id, 'gone');

    // An earlier original: which mentions are copies may change on every day of the story.
    await save([copy(0, 0, 'person-1')]);
    await expectExact(topic.id, 'earlier original');
  });
});

describePostgres('PostgreSQL span level under concurrent commits', () => {
  let store: PostgresStore;
  let pool: pg.Pool;
  storeAndPoolPerTest(3, (opened) => {
    ({ store, pool } = opened);
  });

  /** Waits until `count` tagging statements wait on a lock (other suites share the server). */
  const waitingOnLocks = async (count: number) => {
    for (let i = 0; i < 200; i++) {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'
           AND query LIKE 'INSERT INTO mention_topics %'`,
      );
      if (rows[0].n >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${count} sessions never waited on a lock`);
  };

  it('counts an author day touched by two transactions that commit at once', async () => {
    const topic = await store.createTopic({ name: 't', query: 'x' });
    const author = { key: 'person-c', kind: 'person' as const, displayName: 'c' };
    const sentiments = ['positive', 'negative', 'neutral'] as const;
    // One author, one local day; sentiments and platforms apart, so no other roll-up row is
    // shared by the two tagging transactions.
    const saved = await store.saveMentions(
      null,
      sentiments.map((sentiment, i) =>
        mentionInput({
          publishedAt: new Date(START + (2 + i) * HOUR).toISOString(),
          platform: PLATFORMS[i]!,
          text: `tin riêng thứ ${i + 1} về chuyện khác hẳn nhau ${'abc'[i]}`,
          author,
          analysis: {
            lang: 'vi',
            sentiment,
            sentimentConfidence: 0.8,
            keywords: [],
            places: [],
            sectors: [],
          },
        }),
      ),
    );
    const [m0, m1, m2] = saved.ids as [number, number, number];
    await store.tagMentions(topic.id, [m0]);

    // A third session holds the hourly level, so the first tagging stops at commit after its
    // span rows are written and before it ends; the second then commits beside it.
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE rollup_hourly IN EXCLUSIVE MODE');
      const first = store.tagMentions(topic.id, [m1]);
      await waitingOnLocks(1);
      const second = store.tagMentions(topic.id, [m2]);
      await waitingOnLocks(2);
      await holder.query('COMMIT');
      await Promise.all([first, second]);
    } finally {
      holder.release();
    }

    const { rows } = await pool.query(
      `SELECT n::int AS n FROM rollup_entity_days
       WHERE kind = 1 AND entity = $1 AND topic_id = $2 AND level = ''`,
      [author.key, topic.id],
    );
    expect(rows).toEqual([{ n: 3 }]);
    // Every day and span row as a recount from the mentions has it.
    const read = async (client: pg.PoolClient) => [
      (await client.query('SELECT * FROM rollup_entity_days ORDER BY 1, 2, 3, 4, 5, 6')).rows,
      (await client.query('SELECT * FROM rollup_entity_spans ORDER BY 1, 2, 3, 4, 5, 6')).rows,
    ];
    const client = await pool.connect();
    try {
      const kept = await read(client);
      await client.query('BEGIN');
      await client.query(FILL_SPANS_SQL);
      expect(kept).toEqual(await read(client));
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
