// What both story assigners (SQLite file and PostgreSQL) compute alike: the text a story is
// recognised by, and the row linking a mention to its story, first publisher and closest copy.
import type { StoryTracker } from '../analysis/stories/index.js';

const MAX_TEXT = 4000;

/** The text a story is recognised by: the title and the opening of the body. */
export function storyText(title: string | null, text: string): string {
  const full = title && !text.startsWith(title) ? `${title}\n${text}` : text;
  return full.length > MAX_TEXT ? full.slice(0, MAX_TEXT) : full;
}

export interface StoryLink {
  id: number;
  story: number;
  first: number | null;
  copiedFrom: number | null;
  similarity: number | null;
  delay: number | null;
}

/** The link of mention `id` put in `story`, from what the tracker found of its copies. */
export function storyLinkOf(
  id: number,
  story: number,
  duplicate: ReturnType<StoryTracker['add']>['duplicate'],
): StoryLink {
  const best = duplicate.matches[0];
  const first = duplicate.firstPublisher;
  return {
    id,
    story,
    first: first === null ? null : Number(first.id),
    copiedFrom: best === undefined ? null : Number(best.id),
    similarity: best?.similarity ?? null,
    delay: duplicate.delayMs,
  };
}
