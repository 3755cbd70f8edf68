// A trending term is ranked by how far its count rose above what its baseline predicts, so the
// list shows that rise, with the count and the expected count beside the term.
import type { CountRow, TrendingTerm } from '../../../src/http/api-types.js';
import { BASELINE_WINDOWS } from '../../../src/http/trending-terms.js';

const LABELS = {
  vi: (term: string, current: string, expected: string) =>
    `${term} (${current} đề cập, thường lệ ${expected})`,
  en: (term: string, current: string, expected: string) =>
    `${term} (${current} mentions, usually ${expected})`,
};

/** The bar row of a trending term: its count is the rise above the expected count. */
export function trendRow(
  term: TrendingTerm,
  lang: 'vi' | 'en',
  number: (value: number) => string,
): CountRow {
  const expected = term.baseline / BASELINE_WINDOWS;
  const shownExpected = number(Math.round(expected * 10) / 10);
  return {
    key: term.term,
    label: LABELS[lang](term.term, number(term.current), shownExpected),
    count: Math.max(0, Math.round(term.current - expected)),
  };
}
