// Exact-diacritics verification: does a document contain every term with its diacritics as
// typed? Backends use the folded index to find candidates, then keep those that pass here.
import { lowerNfc } from '../text/fold.js';
import { exactWords, type SearchTerm } from './search-terms.js';

function containsPhrase(words: string[], phrase: string[]): boolean {
  const first = phrase[0];
  if (first === undefined) return true;
  for (let i = words.indexOf(first); i !== -1; i = words.indexOf(first, i + 1)) {
    let all = true;
    for (let j = 1; j < phrase.length; j++) {
      if (words[i + j] !== phrase[j]) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/** True when every term appears, diacritics and word order intact, in the title or the text. */
export function matchesExactly(
  terms: SearchTerm[],
  document: { title: string | null; text: string },
): boolean {
  // Most candidates fail on a plain substring test, which is far cheaper than splitting words.
  const haystack = lowerNfc(
    document.title === null ? document.text : `${document.title}\n${document.text}`,
  );
  if (!terms.every((term) => term.exact.every((word) => haystack.includes(word)))) return false;
  const titleWords = document.title ? exactWords(document.title) : [];
  const textWords = exactWords(document.text);
  return terms.every(
    (term) => containsPhrase(titleWords, term.exact) || containsPhrase(textWords, term.exact),
  );
}
