// Dictionary baseline: forward longest matching.
import { MAX_WORD_SYLLABLES, type WordDictionary } from './dictionary.js';
import { hashSyllable } from './syllable-hash.js';
import { joinByGaps, type WordSegmenter } from './word-segmenter.js';

/**
 * Mark, for each gap between syllables, whether forward longest matching joins it.
 * `out[i]` is 1 when syllables i and i+1 fall in one dictionary word.
 */
export function forwardMaxMatch(
  dict: WordDictionary,
  hashes: ArrayLike<number>,
  out: Uint8Array,
): void {
  const n = hashes.length;
  out.fill(0, 0, Math.max(0, n - 1));
  let i = 0;
  while (i < n) {
    let len = Math.min(MAX_WORD_SYLLABLES, n - i);
    while (len > 1 && !dict.has(hashes, i, len)) len--;
    for (let k = i; k < i + len - 1; k++) out[k] = 1;
    i += len;
  }
}

export class MaxMatchSegmenter implements WordSegmenter {
  constructor(private readonly dict: WordDictionary) {}

  segment(syllables: string[]): string[] {
    const hashes = syllables.map(hashSyllable);
    const joins = new Uint8Array(Math.max(0, syllables.length - 1));
    forwardMaxMatch(this.dict, hashes, joins);
    return joinByGaps(syllables, joins);
  }
}
