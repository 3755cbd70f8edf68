// A story's size within a topic as both stores read it back, and its mapping to TopicStorySize.
// The SQL that reads it stays with each store.
import type { TopicStorySize } from '../alerts/story-rules.js';

/** Mention ids linked from a story size at most. */
const LINKED = 20;

export interface TopicStorySizeRow {
  story_id: number;
  mentions: number;
  copies: number;
  authors: number;
  first_at: string;
  last_at: string;
  title: string | null;
}

/** `ids`: the story's mentions in the topic, in ascending order. */
export const topicStorySizeOf = (r: TopicStorySizeRow, ids: number[]): TopicStorySize => ({
  storyId: r.story_id,
  mentions: r.mentions,
  copies: r.copies,
  authors: r.authors,
  firstAt: r.first_at,
  lastAt: r.last_at,
  title: r.title,
  mentionIds: ids.slice(0, LINKED),
});
