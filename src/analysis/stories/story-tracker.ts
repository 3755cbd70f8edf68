// What ingest calls per text: near-duplicate detection first, then story clustering, where a
// copy joins the story of the text it copies without being compared again. A reply is not
// clustered: a conversation is about its post, so it joins the story of its thread's root.
import {
  type DuplicateOptions,
  type DuplicateResult,
  NearDuplicateIndex,
} from './near-duplicate-index.js';
import { type StoryAssignment, StoryClusterer, type StoryOptions } from './story-clusterer.js';
import { stripBoilerplate } from './strip-boilerplate.js';

export interface TrackOptions {
  duplicates?: DuplicateOptions;
  stories?: StoryOptions;
}

export interface TrackedText {
  id: string;
  text: string;
  publishedAt: number;
  source?: string | null;
  places?: readonly string[];
  /** Id of the story this text starts, when it starts one (default: its own id). */
  newStoryId?: string;
  /**
   * Set for a reply or comment: the post that starts its thread (root null while that post
   * is not known; the reply then gets no story).
   */
  thread?: { root: string | null } | null;
}

export class StoryTracker {
  readonly duplicates: NearDuplicateIndex;
  readonly stories: StoryClusterer;

  constructor(options: TrackOptions = {}) {
    this.duplicates = new NearDuplicateIndex(options.duplicates);
    this.stories = new StoryClusterer(options.stories);
  }

  add(doc: TrackedText): { duplicate: DuplicateResult; story: StoryAssignment } {
    // Both read the text without its outlet wrapping, stripped and split into words once.
    const stripped = stripBoilerplate(doc.text);
    const tokens = this.stories.dictionary.read(stripped);
    const duplicate = this.duplicates.add({ ...doc, stripped, words: tokens.words });
    if (doc.thread) {
      const root = doc.thread.root === null ? null : this.stories.storyOf(doc.thread.root);
      const joined = root !== null && this.stories.attach(doc.id, root, doc.publishedAt);
      return {
        duplicate,
        story: { id: doc.id, storyId: joined ? root : null, isNew: false, similarity: null },
      };
    }
    const story = this.stories.add({
      id: doc.id,
      text: doc.text,
      terms: tokens.terms,
      publishedAt: doc.publishedAt,
      places: doc.places,
      sameStoryAs: duplicate.matches[0]?.id ?? null,
      ...(doc.newStoryId === undefined ? {} : { newStoryId: doc.newStoryId }),
    });
    return { duplicate, story };
  }

  /** Take a text out of both (an edit made it another text), so it can be added again. */
  forget(id: string): void {
    this.duplicates.forget(id);
    this.stories.forget(id);
  }
}
