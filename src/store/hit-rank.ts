// A cheap relevance figure for a search hit. Results are ordered by time, not relevance, so
// this is for display and client-side re-sorting of a page. FTS5's bm25() was dropped: it
// counts every document holding each term, which cost 20-80 ms per query on common words at
// 1M mentions, more than the rest of the search.
import { foldDiacritics } from '../text/fold.js';
import { isWholeWordAt } from './search-terms.js';

/** Whole-word occurrences of any of the folded `words` in already folded `folded`. */
function countOccurrences(folded: string, words: string[]): number {
  let count = 0;
  for (const word of words) {
    if (word.length === 0) continue;
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + word.length)) {
      if (isWholeWordAt(folded, at, word.length)) count++;
    }
  }
  return count;
}

/**
 * Occurrences of the query's folded words, title occurrences counting double, scaled down for
 * long texts so a short post that is about the words outranks a long one that mentions them.
 */
export function rankHit(document: { title: string | null; text: string }, words: string[]): number {
  const title = document.title ? countOccurrences(foldDiacritics(document.title), words) : 0;
  const body = countOccurrences(foldDiacritics(document.text), words);
  const lengthFactor = Math.log2(2 + document.text.length / 100);
  return Math.round(((2 * title + body) / lengthFactor) * 1000) / 1000;
}
