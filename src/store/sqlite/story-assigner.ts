// Assigns each newly stored mention to a story and links near-duplicates to their first
// publisher (src/analysis/stories), inside the batch's transaction, so a mention and its story
// are stored together. The tracker's state (MinHash index, open stories) lives in memory and
// is bounded by its windows (7 days of texts for near-duplicates, stories silent for 7 days
// are dropped); after a restart it is rebuilt, on the first save, from the mentions of the
// last `rebuildDays` days before the newest stored one, each put back into the story it was
// stored in. Another process writing the same file keeps its own state.
//
// Which mentions get a story: a reply or comment (it has a thread root) joins its root's story
// and is not clustered on its own words; a text with too few content words to carry an event
// (StoryOptions.minContentWords) gets none unless it is a copy; near-duplicate detection runs
// for every text of at least DuplicateOptions.minWords words. The rows are written once per
// batch (`flush`), not per mention. The tracker (story-engine.ts) is on the writer's thread,
// or on one of its own when the first batch is large (STORY_THREAD_MIN_TEXTS): a batch's
// mentions are then sent to it as they are inserted, the writer writes the batch's other rows
// meanwhile, and `flush` takes the stories.
import type Database from 'better-sqlite3';
import { changesStory } from '../../analysis/stories/index.js';
import type { MentionInput } from '../../model.js';
import { type StoryLink, storyText } from '../story-links.js';
import type { EngineResult, EngineText, StoredText } from './story-engine.js';
import { type EngineClient, LocalEngine, ThreadEngine } from './story-engine-thread.js';

export type { StoredText } from './story-engine.js';

/** Days of stored mentions the tracker is rebuilt from: the story join window. */
export const STORY_REBUILD_DAYS = 3;
const DAY_MS = 86_400_000;
/** Mentions sent to a tracker on its own thread per call, while a batch is being inserted. */
const SEND_CHUNK = 500;
/** Stored mentions put back into the tracker per call. */
const RESTORE_CHUNK = 2000;
/**
 * New texts in the batch that first loads the tracker from which it gets a thread of its own
 * (story-engine-thread.ts): imports, whose batches are large, then assign a batch's stories
 * while its other rows are written. Small batches keep it on the writer's thread, where a
 * call costs no message. Either way the stories are the same.
 */
export const STORY_THREAD_MIN_TEXTS = 1000;

export interface StoryAssignerOptions {
  /** Where the tracker lives: by the size of the batch that loads it, or always one way. */
  thread?: 'auto' | 'always' | 'never';
}

/** What story assignment reads of a mention. */
export type StoryMention = Pick<MentionInput, 'title' | 'text' | 'deleted'> & {
  analysis?: { places?: readonly { province: string }[] } | null;
  /** Set for a reply: the stored id of its thread's root (null while that is not stored). */
  thread?: { rootId: number | null } | null;
};

/** A story's new members in this batch. */
interface StoryGrowth {
  story: number;
  first: number;
  firstAt: string;
  lastAt: string;
  size: number;
}

export class StoryAssigner {
  /** The tracker (story-engine.ts), null until the first call that needs it loads it. */
  private engine: EngineClient | null = null;
  private readonly s;
  /** Rows waiting for `flush`: story growth by story id, links by mention id, copy updates. */
  private readonly growth = new Map<number, StoryGrowth>();
  private readonly links = new Map<number, StoryLink>();
  private readonly copies = new Map<number, { first: number; delay: number | null }>();
  /** Mentions given to `assign` and not sent yet: sent together, in order, by `start`. */
  private pending: EngineText[] = [];
  /** Groups of mentions sent whose stories are not taken yet (by `flush`), oldest first. */
  private sent: EngineText[][] = [];
  private readonly thread: 'auto' | 'always' | 'never';

  constructor(
    db: Database.Database,
    private readonly rebuildDays = STORY_REBUILD_DAYS,
    options: StoryAssignerOptions = {},
  ) {
    this.thread = options.thread ?? 'auto';
    this.s = {
      upsertStories: db.prepare<[string]>(
        `INSERT INTO stories (id, first_mention_id, first_at, last_at, size)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4
         FROM json_each(?) WHERE true
         ON CONFLICT DO UPDATE SET size = size + excluded.size,
           first_mention_id = CASE WHEN excluded.first_at < first_at
             THEN excluded.first_mention_id ELSE first_mention_id END,
           first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)`,
      ),
      link: db.prepare<[string]>(
        `INSERT INTO mention_stories (mention_id, story_id, first_publisher_id, copied_from,
           similarity, delay_ms)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
         FROM json_each(?) WHERE true
         ON CONFLICT DO UPDATE SET first_publisher_id = excluded.first_publisher_id,
           copied_from = coalesce(excluded.copied_from, copied_from),
           similarity = coalesce(excluded.similarity, similarity), delay_ms = excluded.delay_ms`,
      ),
      setCopies: db.prepare<[string]>(
        `UPDATE mention_stories SET
           first_publisher_id = c.value ->> 1, delay_ms = c.value ->> 2
         FROM json_each(?) AS c WHERE mention_id = c.value ->> 0`,
      ),
      storyOf: db.prepare<[number], { story_id: number }>(
        'SELECT story_id FROM mention_stories WHERE mention_id = ?',
      ),
      storyTaken: db.prepare<[number], { one: number }>(
        'SELECT 1 AS one FROM stories WHERE id = ?',
      ),
      lowestStory: db.prepare<[], { id: number | null }>('SELECT min(id) AS id FROM stories'),
      unlink: db.prepare<[number]>('DELETE FROM mention_stories WHERE mention_id = ?'),
      shrink: db.prepare<[number]>('UPDATE stories SET size = size - 1 WHERE id = ?'),
      dropEmpty: db.prepare<[number]>('DELETE FROM stories WHERE id = ? AND size <= 0'),
      newest: db.prepare<[], { key: number | null }>('SELECT max(search_key) AS key FROM mentions'),
      recent: db.prepare<[number, number], StoredText>(
        `SELECT m.id, m.title, m.text, m.search_key AS sort_key, s.story_id, m.thread_root_id,
           (SELECT group_concat(DISTINCT p.province) FROM mention_places AS p
            WHERE p.mention_id = m.id) AS provinces
         FROM mentions AS m JOIN mention_stories AS s ON s.mention_id = m.id
         WHERE m.search_key >= ? AND m.search_key < ? AND m.deleted_at IS NULL ORDER BY m.id`,
      ),
    };
  }

  /** Texts and stories the tracker holds now (bounded by its windows). */
  get held(): { texts: number; stories: number } {
    this.drain();
    if (this.engine === null) return { texts: 0, stories: 0 };
    const reply = this.call(this.engine, { op: 'held' });
    return reply.op === 'held'
      ? { texts: reply.texts, stories: reply.stories }
      : { texts: 0, stories: 0 };
  }

  /** Ends the tracker's thread, if it has one. */
  close(): void {
    this.engine?.close();
    this.engine = null;
    this.pending = [];
    this.sent = [];
  }

  private call(engine: EngineClient, call: Parameters<EngineClient['send']>[0]) {
    engine.send(call);
    return engine.take();
  }

  /** A new tracker, on a thread when `texts` new ones are about to be assigned and that is the rule. */
  private fresh(texts: number): EngineClient {
    this.engine?.close();
    const threaded =
      this.thread === 'always' || (this.thread === 'auto' && texts >= STORY_THREAD_MIN_TEXTS);
    this.engine = threaded ? new ThreadEngine() : new LocalEngine();
    return this.engine;
  }

  private loaded(texts = 0): EngineClient {
    if (this.engine !== null) return this.engine;
    const newest = this.s.newest.get()?.key ?? null;
    const engine = this.fresh(texts);
    if (newest !== null) this.rebuild((newest / 2 ** 20) * 1000, Number.MAX_SAFE_INTEGER);
    return engine;
  }

  /**
   * Starts afresh from the stories stored in the `rebuildDays` before `sortMs` (not after it):
   * for walking stored mentions forward in time, as a back-fill does.
   */
  startAt(sortMs: number): void {
    this.drain();
    this.fresh(0);
    this.rebuild(sortMs, Math.floor(sortMs / 1000) * 2 ** 20);
  }

  /** Puts back the stored mentions whose search key lies in [rebuildDays before `toMs`, `beforeKey`). */
  private rebuild(toMs: number, beforeKey: number): void {
    const engine = this.engine!;
    const fromMs = toMs - this.rebuildDays * DAY_MS;
    const fromKey = Math.max(0, Math.floor(fromMs / 1000) * 2 ** 20);
    let rows: StoredText[] = [];
    let calls = 0;
    for (const row of this.s.recent.iterate(fromKey, beforeKey)) {
      rows.push(row);
      if (rows.length === RESTORE_CHUNK) {
        engine.send({ op: 'restore', rows });
        calls++;
        rows = [];
      }
    }
    if (rows.length > 0) {
      engine.send({ op: 'restore', rows });
      calls++;
    }
    for (; calls > 0; calls--) engine.take();
  }

  /** A mention already assigned (stored with its story) goes back into the tracker. */
  restore(row: StoredText): void {
    this.drain();
    this.call(this.loaded(), { op: 'restore', rows: [row] });
  }

  /**
   * Assign a newly stored mention (call once per mention, inside the save transaction, and
   * `flush` before the transaction ends).
   */
  assign(id: number, input: StoryMention, sortMs: number, source: string | null): void {
    // Assigned all of a batch in a row, at `start` or `flush`: the tracker's structures stay
    // in the processor's caches instead of being evicted by the row writes between mentions.
    if (input.deleted) return;
    this.pending.push(engineText(id, input, sortMs, source));
    // A tracker on its own thread starts on the batch's first mentions while the writer
    // inserts the rest.
    if (this.pending.length >= SEND_CHUNK && this.engine?.threaded) this.start();
  }

  /**
   * Sends the mentions given to `assign` so far to the tracker: on its own thread they are
   * assigned while the caller writes other rows, and `flush` takes the result.
   */
  start(): void {
    if (this.pending.length === 0) return;
    const texts = this.pending;
    this.pending = [];
    this.loaded(texts.length).send({ op: 'assign', texts });
    this.sent.push(texts);
  }

  /** Assigns every mention given to `assign`, in order. */
  private drain(): void {
    this.start();
    try {
      for (const texts of this.sent.splice(0)) {
        const reply = this.engine!.take();
        if (reply.op !== 'assigned') throw new Error('story engine answered out of order');
        for (const [i, text] of texts.entries()) this.apply(text, reply.results[i]!);
      }
    } catch (error) {
      // Replies may be left unread: the next save rebuilds the tracker from what is stored.
      this.close();
      throw error;
    }
  }

  /** Books a mention's story, link and the copy group's changes, from what the tracker said. */
  private apply(input: EngineText, result: EngineResult): void {
    const id = input.id;
    const root = input.thread?.root ?? null;
    // A reply whose root the tracker no longer holds joins the root's stored story.
    const storyId =
      result.story !== null
        ? result.story
        : root === null
          ? null
          : (this.links.get(root)?.story ?? this.s.storyOf.get(root)?.story_id ?? null);
    if (storyId === null) return;
    const at = new Date(input.sortMs).toISOString();
    const grown = this.growth.get(storyId);
    if (grown === undefined) {
      this.growth.set(storyId, { story: storyId, first: id, firstAt: at, lastAt: at, size: 1 });
    } else {
      grown.size++;
      if (at < grown.firstAt) {
        grown.firstAt = at;
        grown.first = id;
      }
      if (at > grown.lastAt) grown.lastAt = at;
    }
    this.links.set(id, {
      id,
      story: storyId,
      first: result.first,
      copiedFrom: result.copiedFrom,
      similarity: result.similarity,
      delay: result.delay,
    });
    const chain = result.chain;
    if (chain === undefined || chain === null) return;
    for (const [member, delay] of chain.members) {
      const waiting = this.links.get(member);
      if (waiting !== undefined) {
        waiting.first = chain.head;
        waiting.delay = delay;
      } else this.copies.set(member, { first: chain.head, delay });
    }
  }

  /** Writes the stories, links and copy chains assigned since the last flush. */
  flush(): void {
    this.drain();
    // Rows as JSON arrays in column order, read by position.
    if (this.growth.size > 0) {
      const rows = [...this.growth.values()].map((g) => [
        g.story,
        g.first,
        g.firstAt,
        g.lastAt,
        g.size,
      ]);
      this.s.upsertStories.run(JSON.stringify(rows));
    }
    if (this.links.size > 0) {
      const rows = [...this.links.values()].map((l) => [
        l.id,
        l.story,
        l.first,
        l.copiedFrom,
        l.similarity,
        l.delay,
      ]);
      this.s.link.run(JSON.stringify(rows));
    }
    if (this.copies.size > 0) {
      this.s.setCopies.run(
        JSON.stringify([...this.copies].map(([id, c]) => [id, c.first, c.delay])),
      );
    }
    this.growth.clear();
    this.links.clear();
    this.copies.clear();
  }

  /**
   * An edited mention whose text changed enough (changesStory: under 60 % of its word pairs
   * kept) leaves its story and is assigned afresh, as a text arriving now would be; a smaller
   * edit keeps it where it was. Returns whether it was re-assigned.
   */
  reassign(
    id: number,
    before: { title: string | null; text: string },
    after: StoryMention,
    sortMs: number,
    source: string | null,
  ): boolean {
    this.flush();
    if (after.deleted || this.s.storyOf.get(id) === undefined) return false;
    if (!changesStory(storyText(before.title, before.text), storyText(after.title, after.text))) {
      return false;
    }
    this.remove(id);
    this.call(this.loaded(), { op: 'forget', id });
    // Story ids are the ids of the mentions that start them; an edited mention that started a
    // story still told by others starts its new one under the next unused negative id.
    const taken = this.s.storyTaken.get(id) !== undefined;
    const newStoryId = taken
      ? String(Math.min(0, this.s.lowestStory.get()?.id ?? 0) - 1)
      : undefined;
    const text = engineText(id, after, sortMs, source);
    if (newStoryId !== undefined) text.newStoryId = newStoryId;
    const reply = this.call(this.loaded(), { op: 'assign', texts: [text] });
    if (reply.op === 'assigned') this.apply(text, reply.results[0]!);
    return true;
  }

  /** A deleted mention leaves its story; a story left empty goes. */
  remove(id: number): void {
    this.flush();
    const row = this.s.storyOf.get(id);
    if (row === undefined) return;
    this.s.unlink.run(id);
    this.s.shrink.run(row.story_id);
    this.s.dropEmpty.run(row.story_id);
  }
}

/** What the tracker is given of a mention. */
function engineText(
  id: number,
  input: StoryMention,
  sortMs: number,
  source: string | null,
): EngineText {
  return {
    id,
    title: input.title,
    text: input.text,
    sortMs,
    source,
    places: [...new Set((input.analysis?.places ?? []).map((p) => p.province))],
    thread: input.thread ? { root: input.thread.rootId ?? null } : null,
  };
}
