// Plain-text excerpt around the first place any search word occurs, found in folded text so
// that "duong" puts the excerpt around "đường".
import { foldDiacritics } from '../text/fold.js';
import { isWholeWordAt } from './search-terms.js';

const DEFAULT_WIDTH = 160;

/**
 * Folded text plus, for each folded position, its position in the original. Folding NFC text
 * almost always keeps the length (one letter in, one letter out), so positions are shared; only
 * otherwise fold one code point at a time to map them (a few letters lower-case to two).
 */
function foldWithOffsets(text: string): { folded: string; offsetOf: (at: number) => number } {
  const whole = foldDiacritics(text);
  if (whole.length === text.length) return { folded: whole, offsetOf: (at) => at };
  let folded = '';
  const offsets: number[] = [];
  let position = 0;
  for (const char of text) {
    const f = foldDiacritics(char);
    for (let i = 0; i < f.length; i++) offsets.push(position);
    folded += f;
    position += char.length;
  }
  return { folded, offsetOf: (at) => offsets[at] ?? position };
}

/** Index in `folded` of the first whole-word occurrence of any of `words`, or -1. */
function firstWordMatch(folded: string, words: string[]): { at: number; length: number } | null {
  let best: { at: number; length: number } | null = null;
  for (const word of words) {
    if (word.length === 0) continue;
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + 1)) {
      if (best !== null && at >= best.at) break;
      if (isWholeWordAt(folded, at, word.length)) {
        best = { at, length: word.length };
        break;
      }
    }
  }
  return best;
}

/**
 * Up to about `width` characters of `text` around the first whole-word occurrence of one of the
 * folded `words`; the start of the text when none occurs. Ellipses mark cut ends.
 */
export function makeSnippet(text: string, words: string[], width = DEFAULT_WIDTH): string {
  const source = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (source.length <= width) return source;
  const { folded, offsetOf } = foldWithOffsets(source);
  const match = firstWordMatch(folded, words);
  const matchStart = match ? offsetOf(match.at) : 0;
  let start = Math.max(0, matchStart - Math.floor(width / 3));
  let end = Math.min(source.length, start + width);
  start = Math.max(0, end - width);
  // Cut on spaces so no word is halved.
  if (start > 0) {
    const space = source.indexOf(' ', start);
    if (space !== -1 && space < matchStart) start = space + 1;
  }
  if (end < source.length) {
    const space = source.lastIndexOf(' ', end);
    if (space > matchStart) end = space;
  }
  return `${start > 0 ? '…' : ''}${source.slice(start, end)}${end < source.length ? '…' : ''}`;
}
