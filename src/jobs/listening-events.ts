// In-process notifications from collection to live readers (the API's event streams). The
// collector and topic tagger publish; subscribers must be quick and never throw.
import type { Mention } from '../model.js';

export interface ListeningEvents {
  /** A stored mention was tagged with topics (at ingest or by a back-fill). */
  publishTagged(mention: Mention, topicIds: number[]): void;
  /** Returns an unsubscribe function. */
  onTagged(listener: (mention: Mention, topicIds: number[]) => void): () => void;
}

export function createListeningEvents(): ListeningEvents {
  const listeners = new Set<(mention: Mention, topicIds: number[]) => void>();
  return {
    publishTagged(mention, topicIds) {
      for (const listener of listeners) {
        try {
          listener(mention, topicIds);
        } catch (error) {
          console.error(`listening event listener failed: ${(error as Error).message}`);
        }
      }
    },
    onTagged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
