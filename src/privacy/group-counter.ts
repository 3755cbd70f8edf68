// How many distinct persons wrote the mentions behind a figure, counted only up to the smallest
// allowed group: enough to say whether the figure may be shown.
import type { MentionFilter } from '../store/listening-store.js';

export interface GroupQuery {
  filter: MentionFilter;
  /** Only mentions with one of these keywords (a term's figure); counted by UTC day. */
  terms?: string[];
  /**
   * Instead of the filter's from/to: the union of these [from, to) ranges (ISO 8601), e.g.
   * the series buckets that were suppressed, taken together.
   */
  ranges?: [from: string, to: string][];
}

/**
 * Distinct persons among the mentions a figure counts, up to `cap` (more are reported as
 * `cap`). Persons are authors of kind 'person', and authorless mentions outside news (counted
 * together as one, which can only make a group look smaller). Pages, channels and outlets are
 * public by nature and not counted.
 */
export type GroupCounter = (query: GroupQuery, cap: number) => Promise<number>;
