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

// Character classes, as SQLite's unicode61 sees them: letters, digits and private-use
// characters make words. Combining marks stay inside a word here so that a mark which NFC could
// not compose (e.g. "q\u0301u") does not split the word before folding removes the mark, as the
// store's folding does. Classes of BMP characters are cached in a table: regex property tests on
// every character would dominate preparation time.
const SEPARATOR = 1;
const WORD = 2;
const MARK = 3;
const WORD_CHAR = /^[\p{L}\p{N}\p{Co}]$/u;
const MARK_CHAR = /^\p{M}$/u;
const bmpClasses = new Uint8Array(0x10000);

function classify(char: string): number {
  if (WORD_CHAR.test(char)) return WORD;
  return MARK_CHAR.test(char) ? MARK : SEPARATOR;
}

function classOf(code: number, text: string, at: number): number {
  if (code < 0x80) {
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90)
      ? WORD
      : SEPARATOR;
  }
  if (code >= 0xd800 && code <= 0xdbff)
    return classify(String.fromCodePoint(text.codePointAt(at)!));
  let known = bmpClasses[code]!;
  if (known === 0) {
    known = classify(String.fromCharCode(code));
    bmpClasses[code] = known;
  }
  return known;
}

/** Words of already lower-cased NFC text: a letter or digit, then letters, digits and marks. */
function exactWords(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const kind = classOf(code, text, i);
    const width = code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    if (kind === WORD || (kind === MARK && start >= 0)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(text.slice(start, i));
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) words.push(text.slice(start));
  return words;
}

const FOLDED_WORD = /[\p{L}\p{N}\p{Co}]+/gu;
const PLAIN_ASCII = /^[a-z0-9]+$/;

// Folding is the costly step and a language has a few thousand distinct syllables, so folded
// forms are remembered; the cache is dropped whole when it grows past its bound.
const FOLD_CACHE_LIMIT = 50_000;
const foldCache = new Map<string, readonly string[]>();

function foldedWords(exact: string): readonly string[] {
  if (PLAIN_ASCII.test(exact)) return [exact];
  let folded = foldCache.get(exact);
  if (folded === undefined) {
    folded = Array.from(foldDiacritics(exact).matchAll(FOLDED_WORD), (match) => match[0]);
    if (foldCache.size >= FOLD_CACHE_LIMIT) foldCache.clear();
    foldCache.set(exact, folded);
  }
  return folded;
}

/** Word positions as two parallel lists, folded and exact forms. */
export interface WordColumns {
  folded: string[];
  exact: string[];
}

/** The same words as `tokenize`, without an object per word (document preparation's path). */
export function tokenizeColumns(text: string): WordColumns {
  const folded: string[] = [];
  const exact: string[] = [];
  for (const word of exactWords(lowerNfc(text))) {
    for (const form of foldedWords(word)) {
      folded.push(form);
      exact.push(word);
    }
  }
  return { folded, exact };
}

export function tokenize(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  for (const exact of exactWords(lowerNfc(text))) {
    // Usually one folded word per exact word; marks outside the combining-diacritics block
    // survive folding and split it, as they do in the FTS5 index.
    for (const folded of foldedWords(exact)) tokens.push({ folded, exact });
  }
  return tokens;
}
