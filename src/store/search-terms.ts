// Turns what a user typed into search terms, shared by every store backend. A term is a phrase:
// one or more words that must appear next to each other. Words outside quotes are one-word
// phrases; "quoted text" is one phrase. All terms are ANDed.
import { foldDiacritics, lowerNfc } from '../text/fold.js';

/** A word as search indexes split it: letters and digits; everything else separates. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

export interface SearchTerm {
  /** Words folded (lower-case, no diacritics): what the folded index holds. */
  folded: string[];
  /** Words lower-cased NFC with their diacritics: what exact-diacritics matching compares. */
  exact: string[];
}

/** Split text into index words, lower-cased NFC, diacritics kept. */
export function exactWords(text: string): string[] {
  return lowerNfc(text).match(WORD) ?? [];
}

/**
 * Text as a folded full-text index should hold it: folded, and everything that is not part of
 * a word turned into a space, so the index splits words exactly as `foldedWords` does. (SQLite's
 * unicode61 tokenizer, for one, takes characters beyond U+FFFF such as emoji for letters:
 * "đấy🧐" would be one word.)
 */
export function indexForm(text: string): string {
  return foldDiacritics(text).replace(NOT_WORD, ' ');
}

const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/gu;

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

/** Whether the `length` characters at `at` in `folded` are a whole word, not part of one. */
export function isWholeWordAt(folded: string, at: number, length: number): boolean {
  return !isWordChar(folded[at - 1]) && !isWordChar(folded[at + length]);
}

/** Split text into index words, folded. */
export function foldedWords(text: string): string[] {
  return foldDiacritics(text).match(WORD) ?? [];
}

/**
 * Parse a free-text query. Never fails: quotes left open close at the end, punctuation is a
 * separator, and a query with no words yields no terms.
 */
export function parseSearchTerms(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const parts = query.normalize('NFC').split('"');
  parts.forEach((part, index) => {
    const quoted = index % 2 === 1;
    const chunks = quoted ? [part] : part.split(/\s+/);
    for (const chunk of chunks) {
      // Fold word by word so both lists stay aligned; a word of bare marks folds to nothing.
      const words = exactWords(chunk)
        .map((word) => ({ exact: word, folded: foldDiacritics(word).replace(/\p{M}/gu, '') }))
        .filter((word) => word.folded.length > 0);
      if (words.length === 0) continue;
      terms.push({ folded: words.map((w) => w.folded), exact: words.map((w) => w.exact) });
    }
  });
  return terms;
}
