// The in-memory half of story assignment (story-assigner.ts): the tracker and the calls that
// change or read it, as plain data in and out, so it runs the same on the writer's thread or
// on a thread of its own (story-engine-thread.ts). Calls are answered strictly in the order
// they were made; the tracker's state, and so every story id, depends on that order only.
import {
  StoryTracker,
  stripBoilerplate,
  strippedStoryTerms,
} from '../../analysis/stories/index.js';
import { storyText } from '../story-links.js';

/** A group of copies this large is not rewritten when it changes; its new members are. */
export const MAX_REWRITTEN_CHAIN = 200;

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

/** A new mention to assign (deleted ones are not sent). */
export interface EngineText {
  id: number;
  title: string | null;
  text: string;
  sortMs: number;
  source: string | null;
  /** Provinces, each once. */
  places: string[];
  /** Set for a reply: the stored id of its thread's root (null while that is not stored). */
  thread: { root: number | null } | null;
  newStoryId?: string;
}

/** What the tracker made of one text. */
export interface EngineResult {
  /** The story the tracker put it in; null when none (a reply may still join its root's). */
  story: number | null;
  first: number | null;
  copiedFrom: number | null;
  similarity: number | null;
  delay: number | null;
  /**
   * With a first publisher: the copy group's head and its other members with their delays,
   * or null when the group is too large to rewrite. Undefined without a first publisher.
   */
  chain?: { head: number; members: [number, number | null][] } | null;
}

export type EngineCall =
  | { op: 'reset' }
  | { op: 'restore'; rows: StoredText[] }
  | { op: 'assign'; texts: EngineText[] }
  | { op: 'forget'; id: number }
  | { op: 'held' };

export type EngineReply =
  | { op: 'done' }
  | { op: 'assigned'; results: EngineResult[] }
  | { op: 'held'; texts: number; stories: number };

export class StoryEngine {
  private tracker = new StoryTracker();

  handle(call: EngineCall): EngineReply {
    switch (call.op) {
      case 'reset':
        this.tracker = new StoryTracker();
        return { op: 'done' };
      case 'restore':
        for (const row of call.rows) this.restore(row);
        return { op: 'done' };
      case 'assign':
        return { op: 'assigned', results: call.texts.map((text) => this.assign(text)) };
      case 'forget':
        this.tracker.forget(String(call.id));
        return { op: 'done' };
      case 'held':
        return {
          op: 'held',
          texts: this.tracker.duplicates.size,
          stories: this.tracker.stories.activeStories,
        };
    }
  }

  /** A mention already assigned (stored with its story) goes back into the tracker. */
  private restore(row: StoredText): void {
    const tracker = this.tracker;
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

  private assign(input: EngineText): EngineResult {
    const id = String(input.id);
    const { duplicate, story } = this.tracker.add({
      id,
      text: storyText(input.title, input.text),
      publishedAt: input.sortMs,
      source: input.source,
      places: input.places,
      thread: input.thread
        ? { root: input.thread.root === null ? null : String(input.thread.root) }
        : null,
      ...(input.newStoryId === undefined ? {} : { newStoryId: input.newStoryId }),
    });
    const best = duplicate.matches[0];
    const first = duplicate.firstPublisher;
    const result: EngineResult = {
      story: story.storyId === null ? null : Number(story.storyId),
      first: first === null ? null : Number(first.id),
      copiedFrom: best === undefined ? null : Number(best.id),
      similarity: best?.similarity ?? null,
      delay: duplicate.delayMs,
    };
    if (first !== null) {
      // The group may be new, or have a new first publisher: its members say so.
      const chain = this.tracker.duplicates.chain(id);
      result.chain =
        chain.length > MAX_REWRITTEN_CHAIN
          ? null
          : {
              head: Number(chain[0]!.id),
              members: chain.filter((l) => l.id !== id).map((l) => [Number(l.id), l.delayMs]),
            };
    }
    return result;
  }
}
