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
// batch (`flush`), not per mention.
import type Database from 'better-sqlite3';
import {
  changesStory,
  StoryTracker,
  stripBoilerplate,
  strippedStoryTerms,
} from '../../analysis/stories/index.js';
import type { MentionInput } from '../../model.js';
import { type StoryLink, storyLinkOf, storyText } from '../story-links.js';

/** Days of stored mentions the tracker is rebuilt from: the story join window. */
export const STORY_REBUILD_DAYS = 3;
const DAY_MS = 86_400_000;
/** A group of copies this large is not rewritten when it changes; its new members are. */
const MAX_REWRITTEN_CHAIN = 200;

/** A stored mention and the story it was assigned to. */
export interface StoredText {
  id: number;
  title: string | null;
  text: string;
  sort_key: number;
  story_id: number;
  provinces: string | null;
  /** Set for a reply: it was put in its root's story, not clustered. */
  thread_root_id?: number | null;
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
  private tracker: StoryTracker | null = null;
  private readonly s;
  /** Rows waiting for `flush`: story growth by story id, links by mention id, copy updates. */
  private readonly growth = new Map<number, StoryGrowth>();
  private readonly links = new Map<number, StoryLink>();
  private readonly copies = new Map<number, { first: number; delay: number | null }>();
  /** Mentions given to `assign` and not assigned yet: assigned together, in order, at `flush`. */
  private pending: [number, StoryMention, number, string | null][] = [];

  constructor(
    db: Database.Database,
    private readonly rebuildDays = STORY_REBUILD_DAYS,
  ) {
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
    const t = this.tracker;
    return t === null
      ? { texts: 0, stories: 0 }
      : { texts: t.duplicates.size, stories: t.stories.activeStories };
  }

  private loaded(): StoryTracker {
    if (this.tracker !== null) return this.tracker;
    const newest = this.s.newest.get()?.key ?? null;
    this.tracker = new StoryTracker();
    if (newest !== null) this.rebuild((newest / 2 ** 20) * 1000, Number.MAX_SAFE_INTEGER);
    return this.tracker;
  }

  /**
   * Starts afresh from the stories stored in the `rebuildDays` before `sortMs` (not after it):
   * for walking stored mentions forward in time, as a back-fill does.
   */
  startAt(sortMs: number): void {
    this.drain();
    this.tracker = new StoryTracker();
    this.rebuild(sortMs, Math.floor(sortMs / 1000) * 2 ** 20);
  }

  /** Puts back the stored mentions whose search key lies in [rebuildDays before `toMs`, `beforeKey`). */
  private rebuild(toMs: number, beforeKey: number): void {
    const fromMs = toMs - this.rebuildDays * DAY_MS;
    const fromKey = Math.max(0, Math.floor(fromMs / 1000) * 2 ** 20);
    for (const row of this.s.recent.iterate(fromKey, beforeKey)) this.restore(row);
  }

  /** A mention already assigned (stored with its story) goes back into the tracker. */
  restore(row: StoredText): void {
    this.drain();
    const tracker = this.tracker ?? this.loaded();
    const text = storyText(row.title, row.text);
    const at = Math.floor(row.sort_key / 2 ** 20) * 1000;
    const id = String(row.id);
    const places = row.provinces === null ? [] : row.provinces.split(',');
    const stripped = stripBoilerplate(text);
    try {
      tracker.duplicates.add({ id, text, stripped, publishedAt: at, source: null });
    } catch {
      // Already indexed: nothing to put back.
    }
    if (row.thread_root_id !== undefined && row.thread_root_id !== null) {
      tracker.stories.attach(id, String(row.story_id), at);
      return;
    }
    const terms = strippedStoryTerms(stripped);
    tracker.stories.restore({ id, text, terms, publishedAt: at, places }, String(row.story_id));
  }

  /**
   * Assign a newly stored mention (call once per mention, inside the save transaction, and
   * `flush` before the transaction ends).
   */
  assign(id: number, input: StoryMention, sortMs: number, source: string | null): void {
    // Assigned at `flush`, all of a batch in a row: the tracker's structures stay in the
    // processor's caches instead of being evicted by the row writes between mentions.
    this.pending.push([id, input, sortMs, source]);
  }

  /** Assigns the mentions waiting, in the order they were given. */
  private drain(): void {
    const waiting = this.pending;
    if (waiting.length === 0) return;
    this.pending = [];
    for (const [id, input, sortMs, source] of waiting) this.assignAs(id, input, sortMs, source);
  }

  private assignAs(
    id: number,
    input: StoryMention,
    sortMs: number,
    source: string | null,
    newStoryId?: string,
  ): void {
    if (input.deleted) return;
    const tracker = this.loaded();
    const places = [...new Set((input.analysis?.places ?? []).map((p) => p.province))];
    const root = input.thread?.rootId ?? null;
    const { duplicate, story } = tracker.add({
      id: String(id),
      text: storyText(input.title, input.text),
      publishedAt: sortMs,
      source,
      places,
      thread: input.thread ? { root: root === null ? null : String(root) } : null,
      ...(newStoryId === undefined ? {} : { newStoryId }),
    });
    // A reply whose root the tracker no longer holds joins the root's stored story.
    const storyId =
      story.storyId !== null
        ? Number(story.storyId)
        : root === null
          ? null
          : (this.links.get(root)?.story ?? this.s.storyOf.get(root)?.story_id ?? null);
    if (storyId === null) return;
    const at = new Date(sortMs).toISOString();
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
    const first = duplicate.firstPublisher;
    this.links.set(id, storyLinkOf(id, storyId, duplicate));
    if (first === null) return;
    // The group may be new, or have a new first publisher: its members say so.
    const chain = tracker.duplicates.chain(String(id));
    if (chain.length > MAX_REWRITTEN_CHAIN) return;
    const head = Number(chain[0]!.id);
    for (const link of chain) {
      if (link.id === String(id)) continue;
      const member = Number(link.id);
      const waiting = this.links.get(member);
      if (waiting !== undefined) {
        waiting.first = head;
        waiting.delay = link.delayMs;
      } else this.copies.set(member, { first: head, delay: link.delayMs });
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
    this.loaded().forget(String(id));
    // Story ids are the ids of the mentions that start them; an edited mention that started a
    // story still told by others starts its new one under the next unused negative id.
    const taken = this.s.storyTaken.get(id) !== undefined;
    const newStoryId = taken
      ? String(Math.min(0, this.s.lowestStory.get()?.id ?? 0) - 1)
      : undefined;
    this.assignAs(id, after, sortMs, source, newStoryId);
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
