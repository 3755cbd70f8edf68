// The waiting list's order across connections: a mention stored by a transaction not yet
// committed has a lower id than one stored after it and committed first; the later one waits
// for it, so the story is the one a single process storing them in id order would give.
import type pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { FLOOD_TEXT } from '../place-story.conformance.js';
import { mentionInput } from '../store.conformance.js';
import { PgBatchWriter } from './batch-writer.js';
import { inTransaction } from './connection.js';
import { openPostgresStore, type PostgresStore } from './postgres-store.js';
import { PgStoryAssigner } from './story-assigner.js';
import { assignWaitingStories, MentionIdHorizon, storyWaitingList } from './story-waiting.js';
import { createTestSchema, describePostgres, type TestSchema } from './test-database.js';

const REPRINT = `TPO - ${FLOOD_TEXT} Theo Tuổi Trẻ.`;

describePostgres('story waiting list: ids not yet committed', () => {
  let schema: TestSchema | undefined;
  let store: PostgresStore | undefined;
  let open: pg.PoolClient | undefined;
  afterEach(async () => {
    await open?.query('ROLLBACK').catch(() => {});
    open?.release();
    await store?.close();
    await schema?.drop();
    open = store = schema = undefined;
  });

  async function setUp() {
    schema = await createTestSchema();
    store = await openPostgresStore(schema.url);
    const s = store;
    const { source } = await s.addSource({ kind: 'feed', url: 'https://news.example/f' });
    /** Stores a mention unanalysed in a transaction of its own, left open. */
    const storeUncommitted = async (text: string) => {
      open = await s.pool.connect();
      await open.query('BEGIN');
      const saved = await new PgBatchWriter(open).save(source.id, [
        { ...mentionInput({ text, externalId: text.slice(0, 12) }), analysis: null },
      ]);
      return saved.ids[0]!;
    };
    const storeCommitted = async (text: string, externalId: string) => {
      const saved = await s.saveMentions(source.id, [
        { ...mentionInput({ text, externalId }), analysis: null },
      ]);
      return saved.ids[0]!;
    };
    /** What an analysis job does for the stories: analysed, and put on the waiting list. */
    const analysed = (id: number) =>
      inTransaction(s.pool, async (client) => {
        await client.query("UPDATE mentions SET lang = 'vi' WHERE id = $1", [id]);
        await storyWaitingList().assign(client, [
          { id, title: null, text: '', sortMs: 0, authorKey: null, provinces: [], thread: null },
        ]);
      });
    const stories = async () => {
      const { rows } = await s.pool.query<{ id: string; story: string; first: string | null }>(
        `SELECT mention_id AS id, story_id AS story, first_publisher_id AS first
         FROM mention_stories ORDER BY mention_id`,
      );
      return rows.map((r) => ({
        id: Number(r.id),
        story: Number(r.story),
        first: r.first === null ? null : Number(r.first),
      }));
    };
    return { s, storeUncommitted, storeCommitted, analysed, stories };
  }

  it('holds a later mention while an earlier id is stored by a transaction not yet committed', async () => {
    const { storeUncommitted, storeCommitted, analysed, stories } = await setUp();
    const original = await storeUncommitted(FLOOD_TEXT);
    const reprint = await storeCommitted(REPRINT, 'reprint');
    expect(reprint).toBeGreaterThan(original);
    await analysed(reprint);
    const assigner = new PgStoryAssigner();
    const horizon = new MentionIdHorizon();
    const pool = store!.pool;
    expect(await assignWaitingStories(pool, assigner, { holdMs: 60_000, horizon })).toEqual({
      taken: 0,
      held: 1,
      passed: 0,
    });
    expect(await stories()).toEqual([]);

    await open!.query('COMMIT');
    // Committed but not analysed yet: still held, now by the rule for visible mentions.
    expect(await assignWaitingStories(pool, assigner, { holdMs: 60_000, horizon })).toMatchObject({
      taken: 0,
      held: 1,
    });
    await analysed(original);
    expect(await assignWaitingStories(pool, assigner, { holdMs: 60_000, horizon })).toMatchObject({
      taken: 2,
      held: 0,
    });
    // The original starts the story and the reprint copies it, as in id order.
    expect(await stories()).toEqual([
      { id: original, story: original, first: original },
      { id: reprint, story: original, first: original },
    ]);
  });

  it('gives up on a transaction that holds an id longer than holdMs, once', async () => {
    const { storeUncommitted, storeCommitted, analysed, stories } = await setUp();
    const pool = store!.pool;
    const assigner = new PgStoryAssigner();
    const horizon = new MentionIdHorizon();
    const stuck = await storeUncommitted('Một bài không bao giờ được lưu xong.');
    const first = await storeCommitted(FLOOD_TEXT, 'first');
    await analysed(first);
    // Held no time at all: taken past the open transaction, which is then given up on.
    expect(await assignWaitingStories(pool, assigner, { holdMs: 0, horizon })).toMatchObject({
      taken: 1,
    });
    expect(await assignWaitingStories(pool, assigner, { holdMs: 0, horizon })).toMatchObject({
      taken: 0,
      held: 0,
    });
    // A later mention is not held for it again...
    const second = await storeCommitted(REPRINT, 'second');
    await analysed(second);
    expect(await assignWaitingStories(pool, assigner, { holdMs: 60_000, horizon })).toMatchObject({
      taken: 1,
      held: 0,
    });
    expect((await stories()).map((r) => r.id)).toEqual([first, second]);
    expect(stuck).toBeLessThan(first);
    // ...while a horizon that never gave up on it holds what comes after it.
    const third = await storeCommitted(`${FLOOD_TEXT} Cập nhật lúc chiều.`, 'third');
    await analysed(third);
    expect(
      await assignWaitingStories(pool, new PgStoryAssigner(), {
        holdMs: 60_000,
        horizon: new MentionIdHorizon(),
      }),
    ).toMatchObject({ taken: 0, held: 1 });
  });
});
