// MinHash signatures over word shingles: the share of equal positions in two signatures
// estimates the Jaccard similarity of the two shingle sets (Broder, 1997).
import { foldDiacritics } from '../../text/fold.js';
import { stripBoilerplate } from './strip-boilerplate.js';

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Folded words of a text after its boilerplate is stripped: diacritics and case fold away, so a
 * copy that lost its accents or changed case still matches.
 */
export function fingerprintWords(text: string): string[] {
  return foldedWords(stripBoilerplate(text));
}

/** Folded words of a text whose boilerplate is already stripped. */
export function foldedWords(stripped: string): string[] {
  return foldDiacritics(stripped).match(WORD) ?? [];
}

const NUMBER = /\p{N}+(?:[.,/:]\p{N}+)*/gu;

/**
 * The distinct numbers a text states ("21.11.2022", "3,5", "600"), boilerplate stripped. A copy
 * keeps its numbers; templated texts (lottery results, daily horoscopes) differ in little else.
 */
export function numbersOf(text: string): string[] {
  return numbersIn(stripBoilerplate(text));
}

/** The distinct numbers of a text whose boilerplate is already stripped. */
export function numbersIn(stripped: string): string[] {
  return [...new Set(stripped.match(NUMBER) ?? [])];
}

/** Jaccard similarity of two small sets; 1 when either is empty (nothing to disagree on). */
export function numbersAgreement(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 1;
  const set = new Set(a);
  let both = 0;
  for (const x of b) if (set.has(x)) both++;
  return both / (a.length + b.length - both);
}

/** FNV-1a, 32 bits, over a string's UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finaliser: a fast bijective mix of 32 bits. */
function mix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes of the distinct `size`-word shingles; a text shorter than `size` words is one shingle. */
export function shingleHashes(words: readonly string[], size: number): Uint32Array {
  if (words.length === 0) return new Uint32Array(0);
  const out = new Set<number>();
  const last = Math.max(0, words.length - size);
  const span = Math.min(size, words.length);
  // hashString of the shingle's words joined by spaces, without building the string.
  for (let i = 0; i <= last; i++) {
    let h = 0x811c9dc5;
    for (let k = i; k < i + span; k++) {
      if (k > i) h = Math.imul(h ^ 32, 0x01000193);
      const w = words[k]!;
      for (let c = 0; c < w.length; c++) h = Math.imul(h ^ w.charCodeAt(c), 0x01000193);
    }
    out.add(h >>> 0);
  }
  return Uint32Array.from(out);
}

/**
 * Hashes of every `size`-word shingle, repeats included, into `out` (grown when short; the
 * array holding them is returned with their count). A signature is a least per position, which
 * repeats do not change, so signatures need no distinct set.
 */
export function shingleHashesInto(
  words: readonly string[],
  size: number,
  out: Uint32Array,
): { hashes: Uint32Array; count: number } {
  if (words.length === 0) return { hashes: out, count: 0 };
  const last = Math.max(0, words.length - size);
  const span = Math.min(size, words.length);
  let hashes = out;
  if (hashes.length < last + 1) hashes = new Uint32Array((last + 1) * 2);
  for (let i = 0; i <= last; i++) {
    let h = 0x811c9dc5;
    for (let k = i; k < i + span; k++) {
      if (k > i) h = Math.imul(h ^ 32, 0x01000193);
      const w = words[k]!;
      for (let c = 0; c < w.length; c++) h = Math.imul(h ^ w.charCodeAt(c), 0x01000193);
    }
    hashes[i] = h >>> 0;
  }
  return { hashes, count: last + 1 };
}

export class MinHasher {
  private readonly seeds: Int32Array;
  /** Scratch of `signature`. */
  private readonly least: Int32Array;

  constructor(readonly numHashes: number) {
    this.seeds = new Int32Array(numHashes);
    this.least = new Int32Array(numHashes);
    // Fixed seeds: signatures must stay comparable across runs and processes.
    for (let i = 0; i < numHashes; i++) this.seeds[i] = mix32(0x9e3779b9 + i * 0x632be5ab);
  }

  /**
   * Per position, the least of the shingles' hashes (the first `count`, default all) under
   * that position's permutation.
   */
  signature(shingles: Uint32Array, count = shingles.length): Uint32Array {
    return this.signatureInto(shingles, count, new Uint32Array(this.numHashes), 0);
  }

  /** `signature` written into `out` from `offset` on; returns `out`. */
  signatureInto(
    shingles: Uint32Array,
    count: number,
    out: Uint32Array,
    offset: number,
  ): Uint32Array {
    // Compared as signed integers with the top bit flipped, which orders them as unsigned: the
    // loop stays on small integers.
    const n = this.numHashes;
    const seeds = this.seeds;
    const least = this.least;
    least.fill(0x7fffffff);
    for (let s = 0; s < count; s++) {
      const x = shingles[s]! | 0;
      for (let i = 0; i < n; i++) {
        let h = x ^ seeds[i]!;
        h ^= h >>> 16;
        h = Math.imul(h, 0x85ebca6b);
        h ^= h >>> 13;
        h = Math.imul(h, 0xc2b2ae35);
        h ^= h >>> 16;
        h ^= 0x80000000;
        if (h < least[i]!) least[i] = h;
      }
    }
    for (let i = 0; i < n; i++) out[offset + i] = least[i]! ^ 0x80000000;
    return out;
  }
}

/** Share of equal positions: an unbiased estimate of the Jaccard similarity. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length === 0 ? 0 : same / a.length;
}
