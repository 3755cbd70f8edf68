// Word tokens for matching, shared by document preparation and query compilation so both sides
// split text the same way. The folded stream follows what the store's FTS5 index sees
// (foldDiacritics, then SQLite's unicode61 tokenizer: letters, digits and private-use characters
// make words, everything else separates).
import { foldDiacritics, lowerNfc } from '../text/fold.js';

/** One word position: the accent-folded form and the lower-cased NFC form it came from. */
export interface WordToken {
  folded: string;
  exact: string;
}

// Combining marks stay inside a word here so that a mark which NFC could not compose (e.g.
// "q\u0301u") does not split the word before folding removes the mark, as the store's folding does.
const EXACT_WORD = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{Co}\p{M}]*/gu;
const FOLDED_WORD = /[\p{L}\p{N}\p{Co}]+/gu;

export function tokenize(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  for (const exactMatch of lowerNfc(text).matchAll(EXACT_WORD)) {
    const exact = exactMatch[0];
    // Usually one folded word per exact word; marks outside the combining-diacritics block
    // survive folding and split it, as they do in the FTS5 index.
    for (const foldedMatch of foldDiacritics(exact).matchAll(FOLDED_WORD)) {
      tokens.push({ folded: foldedMatch[0], exact });
    }
  }
  return tokens;
}
