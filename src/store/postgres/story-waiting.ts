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
  options: { holdMs: number; limit?: number; passed?: number },
): Promise<WaitingOutcome> {
  let passed = options.passed ?? 0;
  try {
    return await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [STORY_LOCK]);
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
