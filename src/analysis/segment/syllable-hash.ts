// Syllables and syllable n-grams are handled as 32-bit hashes, so the model and the dictionary
// need no vocabulary table and lookups allocate nothing.
import { normalizeWord } from '../normalize/normalize-text.js';

/** FNV-1a over UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Order-sensitive combination of two 32-bit values. */
export function mix(h: number, x: number): number {
  let v = Math.imul(h ^ x, 0x9e3779b1);
  v ^= v >>> 15;
  v = Math.imul(v, 0x85ebca6b);
  return (v ^ (v >>> 13)) >>> 0;
}

/** Canonical key of a syllable: lower case, NFC, one tone placement. */
export function syllableKey(syllable: string): string {
  return normalizeWord(syllable.toLowerCase());
}

/** Hash of a syllable's canonical key. */
export function hashSyllable(syllable: string): number {
  return hashString(syllableKey(syllable));
}
