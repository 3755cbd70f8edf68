// Figures by place, sector and story, for analytics and reports: per province, ward or sector
// the mentions, the distinct stories and distinct authors in a filter (any MentionFilter: topic,
// period, platform, place, sector …) with the classified sentiment counts; the story and author
// counts of a filter, which reports count instead of reprints; and a filter's stories with their
// size, first publisher and copies. SQLite (sqlite/sqlite-place-story-store.ts) and PostgreSQL
// (postgres/place-story-store.ts) implement it; place-story-store-for.ts picks the store's.
import type { MentionFilter } from './listening-store.js';

export type TagLevel = 'province' | 'ward' | 'sector';

/** One province, ward or sector of a filter. */
export interface TagFigureRow {
  /** Province or ward code, or sector id. */
  key: string;
  /** Today's name with its type word ("thành phố Hồ Chí Minh", "phường Sài Gòn"), or the sector's Vietnamese name. */
  label: string | null;
  mentions: number;
  /** Distinct stories among those mentions: reprints of one article count once. */
  stories: number;
  /** Distinct authors (pseudonymous keys); mentions without an author are not counted. */
  authors: number;
  /** Classified counts (predicted labels), as in breakdowns; not estimated shares. */
  positive: number;
  neutral: number;
  negative: number;
}

export interface StoryFigures {
  mentions: number;
  stories: number;
  authors: number;
  /** Mentions that are near-duplicates of an earlier one (reprints, copied pages). */
  copies: number;
}

export interface StoryRow {
  id: number;
  /** Mentions of the story inside the filter, and in all. */
  mentions: number;
  size: number;
  /** Of the story's mentions in the filter, those that copy an earlier one. */
  copies: number;
  /** Distinct authors of its mentions in the filter. */
  authors: number;
  firstAt: string;
  lastAt: string;
  firstPublisher: {
    mentionId: number;
    title: string | null;
    url: string | null;
    /** An outlet's, page's or channel's name; null for a person (never named). */
    author: string | null;
    publishedAt: string | null;
  };
  negative: number;
}

export interface PlaceStoryStore {
  /** Rows largest first; a mention counts once for each province, ward or sector it is about. */
  figuresBy(level: TagLevel, filter: MentionFilter, limit?: number): Promise<TagFigureRow[]>;
  storyFigures(filter: MentionFilter): Promise<StoryFigures>;
  /** The filter's stories, most mentions first. */
  listStories(filter: MentionFilter, limit?: number): Promise<StoryRow[]>;
  /**
   * Distinct persons behind each story's mentions in the filter, for the small-group rule:
   * authors of kind 'person', and authorless mentions outside news together as one.
   */
  storyPersons(filter: MentionFilter, storyIds: readonly number[]): Promise<Map<number, number>>;
}
