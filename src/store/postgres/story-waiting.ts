// Story assignment done once for a fleet of writers. Writers that analyse mentions do not each
// keep a story index (each would have to index every text the others stored); they put the
// analysed mentions on a waiting list, in the transaction that stores their analysis, and one
// process (the fleet's story assigner, under a lease) assigns them with its one index.
//
// Order: a story index is order-dependent, and one process assigns in id order (the order
// mentions were stored in). The assigner therefore takes waiting mentions in id order and stops
// before the first one that a mention still awaiting its analysis (lang null) precedes, so the
// stories are those one process would have assigned; a waiting mention held back longer than
// `holdMs` (an earlier mention whose analysis failed or lags far behind) is assigned anyway, and
// the unanalysed mentions before it are given up on (`passed`): they were stored before it, so
// they have lagged at least as long, and later mentions do not wait for them again. A mention
// whose analysis never completes thus holds the assignment of those after it for `holdMs`
// once, not `holdMs` for each of them (a new assigner, which starts with nothing passed, waits
// for it once more).
//
// A mention stored by a transaction not yet committed is invisible here, though its id (taken
// when it was inserted) may be lower than those of mentions already waiting. Mention ids are
// therefore taken through next_mention_id(), which first takes a shared advisory lock
// (MENTION_IDS_LOCK, held to commit), and the assigner only takes waiting mentions up to a
// horizon (MentionIdHorizon): the last id given out when it looked, once every transaction
// that held the lock then has ended, so every id up to it is stored or never will be. A writer
// still holding the lock `holdMs` after the assigner saw it is not waited for again.
import type pg from 'pg';
import { inTransaction } from './connection.js';
import { type NewStoryMention, type PgStoryAssigner, STORY_LOCK } from './story-assigner.js';

export const storyWaitingMigration = {
  name: 'story waiting list',
  sql: `CREATE TABLE story_waiting (
  mention_id bigint PRIMARY KEY,
  since timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- The mentions still awaiting analysis, for the assigner's order (few at any time).
CREATE INDEX mentions_awaiting_analysis ON mentions (id)
  WHERE lang IS NULL AND deleted_at IS NULL;`,
};

/**
 * An arbitrary constant: with the oid of the schema's mention_ids sequence, the advisory lock
 * every transaction taking mention ids holds (shared) to its end, so the story assigner can
 * tell which of them may still commit a lower id (stores in other schemas of the database
 * have locks of their own).
 */
export const MENTION_IDS_LOCK = 481_516_234;

export const mentionIdsMigration = {
  name: 'mention ids taken under a shared lock',
  sql: `CREATE FUNCTION next_mention_id() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  -- Before the id: a transaction holding an id not yet committed holds the lock.
  PERFORM pg_advisory_xact_lock_shared(${MENTION_IDS_LOCK}, 'mention_ids'::regclass::oid::int4);
  RETURN nextval('mention_ids');
END $$;
ALTER TABLE mentions ALTER COLUMN id SET DEFAULT next_mention_id();`,
};

/**
 * The mention id up to which every mention is committed or never will be, for the order the
 * assigner keeps (see the head of this file). Keep one per assigner: a look that finds writers
 * still holding ids is settled by a later one.
 */
export class MentionIdHorizon {
  /** Every mention id up to this is committed or given up. */
  settled = 0;
  /** The last id given out at `at`, and the writers then holding ids (virtual transaction ids). */
  private mark: { upTo: number; writers: string[]; at: number } | null = null;
  /** Writers still running `holdMs` after a mark: not waited for again. */
  private readonly givenUp = new Set<string>();

  /** Looks again (two statements of `client`); returns the horizon. */
  async advance(client: pg.PoolClient, holdMs: number, now = Date.now()): Promise<number> {
    // The sequence first, then the lock holders: a writer that took an id up to `upTo` took
    // the lock before it, so it has either ended or is among the holders read after.
    // (mention_ids keeps the default cache of 1: last_value is the last id given out.)
    const { rows: ids } = await client.query<{ last_value: string; is_called: boolean }>(
      'SELECT last_value, is_called FROM mention_ids',
    );
    const upTo = Number(ids[0]!.last_value) - (ids[0]!.is_called ? 0 : 1);
    const { rows } = await client.query<{ writers: string[] | null }>(
      `SELECT array_agg(virtualtransaction) AS writers FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND objsubid = 2
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND classid = $1::int8::oid AND objid = 'mention_ids'::regclass
         AND pid <> pg_backend_pid()`,
      [MENTION_IDS_LOCK],
    );
    const running = new Set(rows[0]?.writers ?? []);
    for (const writer of this.givenUp) if (!running.has(writer)) this.givenUp.delete(writer);
    const mark = this.mark;
    if (mark !== null) {
      const waiting = mark.writers.filter((w) => running.has(w) && !this.givenUp.has(w));
      if (waiting.length === 0 || now - mark.at >= holdMs) {
        for (const writer of waiting) this.givenUp.add(writer);
        this.settled = Math.max(this.settled, mark.upTo);
        this.mark = null;
      }
    }
    if (this.mark === null) {
      const writers = [...running].filter((w) => !this.givenUp.has(w));
      if (writers.length === 0) this.settled = Math.max(this.settled, upTo);
      else this.mark = { upTo, writers, at: now };
    }
    return this.settled;
  }
}

/** The channel the waiting list's writers notify (payload STORIES_WAITING) at commit. */
export const STORIES_WAITING = 'stories';

/** What an analysing writer hands stories to: the index itself, or the waiting list. */
export interface StoryAssign {
  assign(client: pg.PoolClient, mentions: readonly NewStoryMention[]): Promise<void>;
  /** Drops what the failed transaction left in memory. */
  reset(): void;
}

/**
 * Puts mentions on the waiting list inside the caller's transaction (and, with `channel`,
 * notifies it at commit) instead of assigning them here.
 */
export function storyWaitingList(channel?: string): StoryAssign {
  return {
    async assign(client, mentions) {
      if (mentions.length === 0) return;
      await client.query(
        `INSERT INTO story_waiting (mention_id) SELECT unnest($1::bigint[])
         ON CONFLICT (mention_id) DO NOTHING`,
        [mentions.map((m) => m.id)],
      );
      if (channel !== undefined) {
        await client.query('SELECT pg_notify($1, $2)', [channel, STORIES_WAITING]);
      }
    },
    reset() {},
  };
}

interface WaitingRow {
  id: string;
  held_ms: number;
  title: string | null;
  text: string | null;
  sort_ms: string | null;
  author_key: string | null;
  thread_root_id: string | null;
  thread_root_external_id: string | null;
  ready: boolean;
  provinces: string[] | null;
  /** The last mention before it still awaiting analysis and not passed, if any. */
  blocker: string | null;
}

export interface WaitingOutcome {
  /** Mentions taken off the list and assigned (or found to need no story). */
  taken: number;
  /** Mentions left waiting for an earlier mention's analysis. */
  held: number;
  /** Unanalysed mentions up to this id are no longer waited for (pass it to the next call). */
  passed: number;
}

/**
 * Assigns waiting mentions, at most `limit`, in id order, in one transaction under the story
 * lock; see the head of this file for which are held back.
 */
export async function assignWaitingStories(
  pool: pg.Pool,
  assigner: PgStoryAssigner,
  options: { holdMs: number; limit?: number; passed?: number; horizon?: MentionIdHorizon },
): Promise<WaitingOutcome> {
  let passed = options.passed ?? 0;
  const horizon = options.horizon ?? new MentionIdHorizon();
  try {
    return await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [STORY_LOCK]);
      const settled = await horizon.advance(client, options.holdMs);
      const { rows } = await client.query<WaitingRow>(
        `SELECT w.mention_id AS id,
           (extract(epoch FROM clock_timestamp() - w.since) * 1000)::float8 AS held_ms,
           m.title, m.text, m.sort_ms, m.author_key, m.thread_root_id, m.thread_root_external_id,
           (m.id IS NOT NULL AND m.deleted_at IS NULL AND m.lang IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM mention_stories AS s WHERE s.mention_id = m.id))
             AS ready,
           (SELECT array_agg(DISTINCT p.province) FROM mention_places AS p
             WHERE p.mention_id = w.mention_id) AS provinces,
           (SELECT max(u.id) FROM mentions AS u WHERE u.lang IS NULL AND u.deleted_at IS NULL
             AND u.id > $2 AND u.id < w.mention_id) AS blocker
         FROM story_waiting AS w LEFT JOIN mentions AS m ON m.id = w.mention_id
         ORDER BY w.mention_id LIMIT $1`,
        [options.limit ?? 1_000, passed],
      );
      const taken: WaitingRow[] = [];
      for (const row of rows) {
        // A lower id may still be committed: everything from here waits (for `holdMs` at most).
        if (Number(row.id) > settled && row.held_ms < options.holdMs) break;
        if (row.blocker !== null && Number(row.blocker) > passed) {
          // Everything after a held mention waits with it: the order is the point.
          if (row.held_ms < options.holdMs) break;
          passed = Number(row.blocker);
        }
        taken.push(row);
      }
      if (taken.length === 0) return { taken: 0, held: rows.length, passed };
      const fresh: NewStoryMention[] = taken
        .filter((row) => row.ready)
        .map((row) => ({
          id: Number(row.id),
          title: row.title,
          text: row.text ?? '',
          sortMs: Number(row.sort_ms),
          authorKey: row.author_key,
          provinces: row.provinces ?? [],
          thread:
            row.thread_root_external_id === null
              ? null
              : { rootId: row.thread_root_id === null ? null : Number(row.thread_root_id) },
        }));
      await assigner.assign(client, fresh);
      await client.query('DELETE FROM story_waiting WHERE mention_id = ANY($1::bigint[])', [
        taken.map((row) => Number(row.id)),
      ]);
      return { taken: taken.length, held: rows.length - taken.length, passed };
    });
  } catch (error) {
    // The index may hold texts of the transaction that was rolled back.
    assigner.reset();
    throw error;
  }
}
