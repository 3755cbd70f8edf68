// Judges "new story above a size" rules: a story (reprints and near-duplicates grouped at
// ingest) that started after the rule and has reached `size` distinct authors among the
// topic's mentions fires once (the window is the story). Distinct authors, not mentions, so
// one outlet reprinting its own article, or one person posting it again, does not grow it.
import type { AlertRule, NewAlert } from './alert-types.js';
import { LINKED_MENTIONS } from './spike-rules.js';

export const DEFAULT_STORY_SIZE = 5;

/** One story as the topic holds it. */
export interface TopicStorySize {
  /** The story's id: the id of the mention that started it. */
  storyId: number;
  /** The topic's mentions of the story, and how many of them copy an earlier one. */
  mentions: number;
  copies: number;
  /** Distinct authors of those mentions (mentions without an author are not counted). */
  authors: number;
  firstAt: string;
  lastAt: string;
  /** The first publisher's title, when it has one. */
  title: string | null;
  /** The topic's mentions of the story, oldest first, at most LINKED_MENTIONS. */
  mentionIds: number[];
}

export interface StorySizes {
  /** The stories holding any of `mentionIds`, measured within the topic. */
  storiesOf(topicId: number, mentionIds: number[]): Promise<TopicStorySize[]>;
}

export function storySizeOf(rule: AlertRule): number {
  return rule.settings.size ?? DEFAULT_STORY_SIZE;
}

/** The alerts the stories of newly tagged mentions fire for one rule. */
export async function judgeNewStories(
  sizes: StorySizes,
  rule: AlertRule,
  mentionIds: number[],
): Promise<NewAlert[]> {
  if (mentionIds.length === 0) return [];
  const size = storySizeOf(rule);
  const alerts: NewAlert[] = [];
  for (const story of await sizes.storiesOf(rule.topicId, mentionIds)) {
    // A story that began before the rule is not new to whoever set it.
    if (story.storyId <= rule.afterMentionId || story.authors < size) continue;
    const about = story.title ? `: ${story.title}` : '';
    alerts.push({
      ruleId: rule.id,
      topicId: rule.topicId,
      windowKey: `story:${story.storyId}`,
      title:
        `New story of ${story.authors} distinct authors (${story.mentions} mentions, ` +
        `${story.copies} copies; threshold ${size} authors)${about}`,
      detail: {
        metric: 'story_size',
        from: story.firstAt,
        to: story.lastAt,
        value: story.authors,
        baseline: null,
        threshold: size,
        method:
          `a story begun after the rule reached ${size} distinct authors among the topic's ` +
          'mentions; reprints by the same author count once',
        storyId: story.storyId,
        mentions: story.mentions,
        copies: story.copies,
      },
      mentionIds: story.mentionIds.slice(0, LINKED_MENTIONS),
    });
  }
  return alerts;
}
