// Whether an edited text is still the text it was: the Jaccard similarity of the two texts'
// word-pair shingles (boilerplate stripped, accents folded), computed exactly. Below the
// near-duplicate threshold the edit would not even count as a copy of the original, so the
// text is placed in a story afresh; above it (a typo fixed, a sentence added) it stays.
import { fingerprintWords, shingleHashes } from './minhash.js';
import { DEFAULT_DUPLICATE_OPTIONS } from './near-duplicate-index.js';

/** Edits leaving less than this share of shingles in common re-place the text in a story. */
export const RESTORY_BELOW = DEFAULT_DUPLICATE_OPTIONS.threshold;

/** Exact Jaccard similarity of two texts' shingle sets (1 for two texts without words). */
export function shingleSimilarity(a: string, b: string): number {
  const size = DEFAULT_DUPLICATE_OPTIONS.shingleSize;
  const x = new Set(shingleHashes(fingerprintWords(a), size));
  const y = shingleHashes(fingerprintWords(b), size);
  if (x.size === 0 && y.length === 0) return 1;
  let both = 0;
  for (const h of y) if (x.has(h)) both++;
  return both / (x.size + y.length - both);
}

/** True when `after` differs from `before` enough to be placed in a story afresh. */
export function changesStory(before: string, after: string): boolean {
  return before !== after && shingleSimilarity(before, after) < RESTORY_BELOW;
}
