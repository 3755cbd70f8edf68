// Builds FTS5 MATCH expressions for mentions_fts from parsed search terms. Every word goes out
// inside a double-quoted FTS5 string (quotes doubled), so no user input can be read as FTS5
// syntax: operators, column filters, stars and parentheses are all just text to the tokenizer.
import type { SearchTerm } from '../search-terms.js';

/** An FTS5 string literal. */
export function ftsString(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** Terms ANDed; each term a phrase of its folded words. Null when there are no terms. */
export function ftsMatchFromTerms(terms: SearchTerm[]): string | null {
  if (terms.length === 0) return null;
  return terms.map((term) => ftsString(term.folded.join(' '))).join(' AND ');
}
