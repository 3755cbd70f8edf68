// What narrows the mentions list on the topic page, and how a live mention is checked against it.
import type { Mention } from '../../../src/http/api-types.js';
import { dayOf, dayStartIso, nextDay } from '../format/zoned-time.js';

/** Inclusive calendar days in the chosen zone; null ends are open. */
export interface DayRange {
  from: string | null;
  to: string | null;
}

export type MentionSortChoice = 'newest' | 'oldest' | 'engagement';

export interface ListFilter {
  sentiment?: string;
  platform?: string;
  lang?: string;
  source?: string;
  /** Text filter in the query language (a clicked term is a phrase of it). */
  q?: string;
  /** A clicked day bucket. */
  day?: string;
}

export function rangeParams(range: DayRange, timeZone: string): { from?: string; to?: string } {
  const params: { from?: string; to?: string } = {};
  if (range.from) params.from = dayStartIso(range.from, timeZone);
  if (range.to) params.to = dayStartIso(nextDay(range.to), timeZone);
  return params;
}

export function listParams(
  topicId: number,
  range: DayRange,
  filter: ListFilter,
  timeZone: string,
  sort: MentionSortChoice = 'newest',
): Record<string, string | number | undefined> {
  const window = filter.day ? { from: filter.day, to: filter.day } : range;
  return {
    topic: topicId,
    ...rangeParams(window, timeZone),
    sentiment: filter.sentiment,
    platform: filter.platform,
    lang: filter.lang,
    source: filter.source,
    q: filter.q,
    sort,
    limit: 25,
  };
}

/**
 * Whether a mention that just arrived belongs in the list as filtered. A text filter cannot be
 * evaluated here, so with one the mention is counted instead of shown.
 */
export function matchesListFilter(
  mention: Mention,
  range: DayRange,
  filter: ListFilter,
  timeZone: string,
): boolean {
  if (filter.q) return false;
  if (filter.sentiment && mention.analysis?.sentiment !== filter.sentiment) return false;
  if (filter.platform && mention.platform !== filter.platform) return false;
  const lang = mention.analysis?.lang ?? mention.language;
  if (filter.lang && lang !== filter.lang) return false;
  if (filter.source && !mention.sourceIds.includes(Number(filter.source))) return false;
  const day = dayOf(mention.publishedAt ?? mention.collectedAt, timeZone);
  if (filter.day) return day === filter.day;
  if (range.from && day < range.from) return false;
  if (range.to && day > range.to) return false;
  return true;
}

/** A clicked term as a query-language phrase. */
export function termQuery(term: string): string {
  return `"${term.replace(/"/g, '')}"`;
}
