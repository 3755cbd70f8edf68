// Story assignment on PostgreSQL: the near-duplicate index and story clusterer of
// src/analysis/stories, as the SQLite store runs them (src/store/sqlite/story-assigner.ts),
// inside the transaction that stores the mentions. Several writers share the tables, so:
//  - assignment takes a transaction-level advisory lock (STORY_LOCK) just before it writes,
//    held to commit: writers assign one batch at a time, in one order;
//  - under the lock a writer first catches up on the links other writers committed since it
//    last looked (mention_stories.seq, given under the lock, so in commit order), putting
//    their texts back into its tracker, then assigns its own mentions;
//  - a transaction that fails after assigning leaves the tracker with texts that were never
//    stored: `reset` drops it, and the next batch rebuilds it from the tables.
// Which mentions get a story, the copy chains of near-duplicates, and an edited mention whose
// text changed enough leaving its story to be assigned afresh, follow the SQLite assigner;
// after a (re)start the tracker is rebuilt from the last STORY_REBUILD_DAYS of stored mentions
// before the newest. A link another writer wrote again (a re-assigned mention) replaces what
// this tracker held of that mention when it catches up.
import type pg from 'pg';
import {
  changesStory,
  StoryTracker,
  stripBoilerplate,
  strippedStoryTerms,
} from '../../analysis/stories/index.js';
import { type StoryLink, storyLinkOf, storyText } from '../story-links.js';

const REBUILD_DAYS = 3;
const DAY_MS = 86_400_000;
const MAX_REWRITTEN_CHAIN = 200;
/** An arbitrary constant: the advisory lock story writers take in turn. */
export const STORY_LOCK = 4_815_162_343;

/** A newly stored mention to assign. */
export interface NewStoryMention {
  id: number;
  title: string | null;
  text: string;
  sortMs: number;
  authorKey: string | null;
  provinces: readonly string[];
  /** Set for a reply: the stored id of its thread's root (null while that is not stored). */
  thread: { rootId: number | null } | null;
  /** Id of the story it starts, when it starts one (default: its own id). */
  newStoryId?: number;
}

/** A stored mention whose text an edit changed: its text now, and before the edit. */
export interface EditedStoryMention extends NewStoryMention {
  before: { title: string | null; text: string };
}

interface StoredText {
  id: string;
  title: string | null;
  text: string;
  sort_ms: string;
  story_id: string;
  thread_root_id: string | null;
  provinces: string[] | null;
  seq: string;
}

const STORED_TEXTS = `SELECT m.id, m.title, m.text, m.sort_ms, s.story_id, m.thread_root_id, s.seq,
    (SELECT array_agg(DISTINCT p.province) FROM mention_places AS p WHERE p.mention_id = m.id)
      AS provinces
  FROM mention_stories AS s JOIN mentions AS m ON m.id = s.mention_id`;

export class PgStoryAssigner {
  private tracker: StoryTracker | null = null;
  /** Highest mention_stories.seq this tracker has seen. */
  private seen = 0;

  /** Drops the tracker (after a failed transaction); the next batch rebuilds it. */
  reset(): void {
    this.tracker = null;
    this.seen = 0;
  }

  /** Texts and stories the tracker holds now. */
  get held(): { texts: number; stories: number } {
    const t = this.tracker;
    return t === null
      ? { texts: 0, stories: 0 }
      : { texts: t.duplicates.size, stories: t.stories.activeStories };
  }

  private restore(tracker: StoryTracker, row: StoredText): void {
    const text = storyText(row.title, row.text);
    const id = String(row.id);
    const at = Number(row.sort_ms);
    const stripped = stripBoilerplate(text);
    try {
      tracker.duplicates.add({ id, text, stripped, publishedAt: at, source: null });
    } catch {
      // Already indexed.
    }
    if (row.thread_root_id !== null) {
      tracker.stories.attach(id, String(row.story_id), at);
      return;
    }
    const terms = strippedStoryTerms(stripped);
    tracker.stories.restore(
      { id, text, terms, publishedAt: at, places: row.provinces ?? [] },
      String(row.story_id),
    );
  }

  /** The tracker, built or brought up to date with what other writers committed. */
  private async current(client: pg.PoolClient): Promise<StoryTracker> {
    if (this.tracker === null) {
      const tracker = new StoryTracker();
      const { rows: top } = await client.query<{ newest: string | null; seq: string | null }>(
        `SELECT (SELECT max(sort_ms) FROM mentions) AS newest,
           (SELECT max(seq) FROM mention_stories) AS seq`,
      );
      const newest = top[0]?.newest ?? null;
      if (newest !== null) {
        const { rows } = await client.query<StoredText>(
          `${STORED_TEXTS} WHERE m.sort_ms >= $1 AND m.deleted_at IS NULL ORDER BY m.id`,
          [Number(newest) - REBUILD_DAYS * DAY_MS],
        );
        for (const row of rows) this.restore(tracker, row);
      }
      this.tracker = tracker;
      this.seen = Number(top[0]?.seq ?? 0);
      return tracker;
    }
    const { rows } = await client.query<StoredText>(
      `${STORED_TEXTS} WHERE s.seq > $1 AND m.deleted_at IS NULL ORDER BY s.seq`,
      [this.seen],
    );
    for (const row of rows) {
      // Linked again (re-assigned after an edit): its old text and story go first.
      this.tracker.forget(String(row.id));
      this.restore(this.tracker, row);
      this.seen = Math.max(this.seen, Number(row.seq));
    }
    return this.tracker;
  }

  /**
   * Assigns newly stored mentions (in the order given) and writes their stories, links and
   * changed copy chains, inside the caller's transaction.
   */
  async assign(client: pg.PoolClient, mentions: readonly NewStoryMention[]): Promise<void> {
    if (mentions.length === 0) return;
    await client.query('SELECT pg_advisory_xact_lock($1)', [STORY_LOCK]);
    const tracker = await this.current(client);
    const growth = new Map<
      number,
      { story: number; first: number; firstAt: string; lastAt: string; size: number }
    >();
    const links = new Map<number, StoryLink>();
    const copies = new Map<number, { first: number; delay: number | null }>();
    const rootsToRead = new Set<number>();
    const pendingRoots: { mention: NewStoryMention; root: number }[] = [];
    for (const mention of mentions) {
      const root = mention.thread?.rootId ?? null;
      const { duplicate, story } = tracker.add({
        id: String(mention.id),
        text: storyText(mention.title, mention.text),
        publishedAt: mention.sortMs,
        source: mention.authorKey,
        places: [...new Set(mention.provinces)],
        thread: mention.thread ? { root: root === null ? null : String(root) } : null,
        ...(mention.newStoryId === undefined ? {} : { newStoryId: String(mention.newStoryId) }),
      });
      let storyId: number | null = story.storyId === null ? null : Number(story.storyId);
      if (storyId === null && root !== null) {
        storyId = links.get(root)?.story ?? null;
        if (storyId === null) {
          // A reply whose root the tracker no longer holds joins the root's stored story.
          rootsToRead.add(root);
          pendingRoots.push({ mention, root });
          continue;
        }
      }
      if (storyId === null) continue;
      this.grow(growth, storyId, mention);
      const first = duplicate.firstPublisher;
      links.set(mention.id, storyLinkOf(mention.id, storyId, duplicate));
      if (first === null) continue;
      const chain = tracker.duplicates.chain(String(mention.id));
      if (chain.length > MAX_REWRITTEN_CHAIN) continue;
      const head = Number(chain[0]!.id);
      for (const link of chain) {
        if (link.id === String(mention.id)) continue;
        const member = Number(link.id);
        const waiting = links.get(member);
        if (waiting !== undefined) {
          waiting.first = head;
          waiting.delay = link.delayMs;
        } else copies.set(member, { first: head, delay: link.delayMs });
      }
    }
    if (rootsToRead.size > 0) {
      const { rows } = await client.query<{ mention_id: string; story_id: string }>(
        'SELECT mention_id, story_id FROM mention_stories WHERE mention_id = ANY($1::bigint[])',
        [[...rootsToRead]],
      );
      const stored = new Map(rows.map((r) => [Number(r.mention_id), Number(r.story_id)]));
      for (const { mention, root } of pendingRoots) {
        const storyId = stored.get(root) ?? links.get(root)?.story;
        if (storyId === undefined) continue;
        this.grow(growth, storyId, mention);
        links.set(mention.id, {
          id: mention.id,
          story: storyId,
          first: null,
          copiedFrom: null,
          similarity: null,
          delay: null,
        });
      }
    }
    await this.write(client, growth, links, copies);
  }

  private grow(
    growth: Map<
      number,
      { story: number; first: number; firstAt: string; lastAt: string; size: number }
    >,
    storyId: number,
    mention: NewStoryMention,
  ): void {
    const at = new Date(mention.sortMs).toISOString();
    const grown = growth.get(storyId);
    if (grown === undefined) {
      growth.set(storyId, { story: storyId, first: mention.id, firstAt: at, lastAt: at, size: 1 });
      return;
    }
    grown.size++;
    if (at < grown.firstAt) {
      grown.firstAt = at;
      grown.first = mention.id;
    }
    if (at > grown.lastAt) grown.lastAt = at;
  }

  private async write(
    client: pg.PoolClient,
    growth: Map<
      number,
      { story: number; first: number; firstAt: string; lastAt: string; size: number }
    >,
    links: Map<number, StoryLink>,
    copies: Map<number, { first: number; delay: number | null }>,
  ): Promise<void> {
    if (growth.size > 0) {
      const g = [...growth.values()].sort((a, b) => a.story - b.story);
      await client.query(
        `INSERT INTO stories AS st (id, first_mention_id, first_at, last_at, size)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[])
         ON CONFLICT (id) DO UPDATE SET size = st.size + excluded.size,
           first_mention_id = CASE WHEN excluded.first_at < st.first_at
             THEN excluded.first_mention_id ELSE st.first_mention_id END,
           first_at = least(st.first_at, excluded.first_at),
           last_at = greatest(st.last_at, excluded.last_at)`,
        [
          g.map((x) => x.story),
          g.map((x) => x.first),
          g.map((x) => x.firstAt),
          g.map((x) => x.lastAt),
          g.map((x) => x.size),
        ],
      );
    }
    if (links.size > 0) {
      const l = [...links.values()];
      const { rows } = await client.query<{ seq: string }>(
        `INSERT INTO mention_stories AS ms (mention_id, story_id, first_publisher_id, copied_from,
           similarity, delay_ms)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[],
           $5::float8[], $6::bigint[])
         ON CONFLICT (mention_id) DO UPDATE SET first_publisher_id = excluded.first_publisher_id,
           copied_from = coalesce(excluded.copied_from, ms.copied_from),
           similarity = coalesce(excluded.similarity, ms.similarity), delay_ms = excluded.delay_ms,
           seq = nextval('mention_story_seq')
         RETURNING seq`,
        [
          l.map((x) => x.id),
          l.map((x) => x.story),
          l.map((x) => x.first),
          l.map((x) => x.copiedFrom),
          l.map((x) => x.similarity),
          l.map((x) => (x.delay === null ? null : Math.round(x.delay))),
        ],
      );
      // Under the lock nothing else was written since the catch-up: every seq up to ours is seen.
      for (const row of rows) this.seen = Math.max(this.seen, Number(row.seq));
    }
    if (copies.size > 0) {
      const c = [...copies];
      await client.query(
        `UPDATE mention_stories AS ms SET first_publisher_id = c.first, delay_ms = c.delay
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS c (id, first, delay)
         WHERE ms.mention_id = c.id`,
        [
          c.map(([id]) => id),
          c.map(([, x]) => x.first),
          c.map(([, x]) => (x.delay === null ? null : Math.round(x.delay))),
        ],
      );
    }
  }

  /**
   * Edited mentions whose text changed enough (changesStory: under 60 % of its word pairs
   * kept) leave their stories and are assigned afresh, as texts arriving now would be; a
   * smaller edit keeps a mention where it was, and a mention without a story gets none.
   * Returns the ids re-assigned.
   */
  async reassign(client: pg.PoolClient, edits: readonly EditedStoryMention[]): Promise<number[]> {
    const changed = edits.filter((e) =>
      changesStory(storyText(e.before.title, e.before.text), storyText(e.title, e.text)),
    );
    if (changed.length === 0) return [];
    await client.query('SELECT pg_advisory_xact_lock($1)', [STORY_LOCK]);
    const tracker = await this.current(client);
    const ids = changed.map((e) => e.id);
    const { rows: linked } = await client.query<{ mention_id: string }>(
      'SELECT mention_id FROM mention_stories WHERE mention_id = ANY($1::bigint[])',
      [ids],
    );
    const inStory = new Set(linked.map((r) => Number(r.mention_id)));
    const moved = changed.filter((e) => inStory.has(e.id));
    if (moved.length === 0) return [];
    await removeFromStories(
      client,
      moved.map((e) => e.id),
    );
    for (const e of moved) tracker.forget(String(e.id));
    // Story ids are the ids of the mentions that start them; an edited mention that started a
    // story still told by others starts its new one under the next unused negative id.
    const { rows: taken } = await client.query<{ id: string; lowest: string | null }>(
      `SELECT id, (SELECT min(id) FROM stories) AS lowest FROM stories
       WHERE id = ANY($1::bigint[])`,
      [moved.map((e) => e.id)],
    );
    const stillTold = new Set(taken.map((r) => Number(r.id)));
    let next = Math.min(0, Number(taken[0]?.lowest ?? 0)) - 1;
    await this.assign(
      client,
      moved.map((e) => (stillTold.has(e.id) ? { ...e, newStoryId: next-- } : e)),
    );
    return moved.map((e) => e.id);
  }

  /** Deleted mentions leave their stories; a story left empty goes. */
  async remove(client: pg.PoolClient, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await removeFromStories(client, ids);
    for (const id of ids) this.tracker?.forget(String(id));
  }
}

/** Takes mentions out of their stories (links, sizes), dropping stories left empty. */
export async function removeFromStories(
  client: pg.PoolClient | pg.Pool,
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return;
  // Two statements: a DELETE in the same statement as the UPDATE of a row cannot see (and so
  // cannot remove) the row that UPDATE wrote.
  const { rows } = await client.query<{ id: string; size: string }>(
    `WITH gone AS (
       DELETE FROM mention_stories WHERE mention_id = ANY($1::bigint[]) RETURNING story_id)
     UPDATE stories AS st SET size = st.size - g.n
     FROM (SELECT story_id, count(*) AS n FROM gone GROUP BY story_id) AS g
     WHERE st.id = g.story_id RETURNING st.id, st.size`,
    [[...ids]],
  );
  const empty = rows.filter((r) => Number(r.size) <= 0).map((r) => r.id);
  if (empty.length > 0) {
    await client.query('DELETE FROM stories WHERE id = ANY($1::bigint[]) AND size <= 0', [empty]);
  }
}
