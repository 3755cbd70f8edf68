// The full-text vector of a mention, built here rather than by to_tsvector: words are split
// and folded by the same tokenizer as the in-memory matcher (src/query/tokenize.ts), so `đ`
// folds to `d`, and the index needs neither the unaccent extension (a contrib module a server
// may lack) nor a text search configuration. Title words carry weight A, body words weight B,
// each field numbered from 1 (compile-tsquery.ts compares positions within one field only).
// PostgreSQL keeps positions up to 16,383 and 256 per word: beyond them a phrase or NEAR late
// in a very long text is not found by the index.
import { tokenize } from '../../query/tokenize.js';
import { MAX_LEXEME_BYTES } from './compile-tsquery.js';

const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_WORD = 256;

/** Adds a field's words after position `start`; returns the last position used. */
function addField(
  words: Map<string, string[]>,
  text: string | null,
  weight: 'A' | 'B',
  start: number,
): number {
  if (!text) return start;
  let position = start;
  for (const token of tokenize(text)) {
    position++;
    if (position > MAX_POSITION) break;
    const word = token.folded;
    if (Buffer.byteLength(word) > MAX_LEXEME_BYTES) continue;
    const list = words.get(word);
    if (list === undefined) words.set(word, [`${position}${weight}`]);
    else if (list.length < MAX_POSITIONS_PER_WORD) list.push(`${position}${weight}`);
  }
  return Math.min(position, MAX_POSITION);
}

/** tsvector input text for a mention's title and body (empty for a deleted mention). */
export function tsvectorText(title: string | null, text: string): string {
  const words = new Map<string, string[]>();
  const titleEnd = addField(words, title, 'A', 0);
  addField(words, text, 'B', titleEnd);
  const parts: string[] = [];
  for (const [word, positions] of words) {
    parts.push(`'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}':${positions.join(',')}`);
  }
  return parts.join(' ');
}
