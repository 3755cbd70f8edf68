// Features of the gap between two syllables, shared by training (scripts/train-segmenter.ts)
// and run time. Every feature is a hashed index into one weight table.
import type { WordDictionary } from './dictionary.js';
import { forwardMaxMatch } from './max-match.js';
import { hashSyllable, mix } from './syllable-hash.js';

/** Upper bound on the features one gap emits. */
export const MAX_GAP_FEATURES = 20;

/** Coarse look of a syllable, used where the syllable itself is too sparse. */
export const Shape = {
  none: 0,
  lower: 1,
  title: 2,
  upper: 3,
  digit: 4,
  punct: 5,
} as const;

const UPPER = /^\p{Lu}/u;
const ANY_LOWER = /\p{Ll}/u;
const ANY_LETTER = /\p{L}/u;
const ANY_DIGIT = /\p{N}/u;

export function shapeOf(s: string): number {
  if (ANY_DIGIT.test(s)) return Shape.digit;
  if (!ANY_LETTER.test(s)) return Shape.punct;
  if (!UPPER.test(s)) return Shape.lower;
  return s.length > 1 && !ANY_LOWER.test(s) ? Shape.upper : Shape.title;
}

/** Per-sentence arrays the feature function reads; padded by two on each side. */
export interface SentenceContext {
  n: number;
  /** hashes[i + 2] is syllable i; pads are 0. */
  hashes: Uint32Array;
  shapes: Uint8Array;
  /** Dictionary evidence per gap, see dictFlags. */
  flags: Uint16Array;
}

function dictFlags(dict: WordDictionary, h: Uint32Array, n: number, fmm: Uint8Array): Uint16Array {
  // has[len][i]: syllables i .. i+len-1 form a dictionary word (len 2..4).
  const has = [2, 3, 4].map((len) => {
    const row = new Uint8Array(n + 4);
    for (let i = 0; i + len <= n; i++) row[i + 2] = dict.has(h, i + 2, len) ? 1 : 0;
    return row;
  });
  const [d2, d3, d4] = has as [Uint8Array, Uint8Array, Uint8Array];
  const flags = new Uint16Array(Math.max(0, n - 1));
  for (let g = 0; g < n - 1; g++) {
    const p = g + 2; // padded index of the left syllable
    let f = 0;
    if (d2[p]) f |= 1;
    if (d3[p - 1]) f |= 2;
    if (d3[p]) f |= 4;
    if (d4[p - 2] || d4[p - 1] || d4[p]) f |= 8;
    if (d2[p - 1] || d3[p - 2]) f |= 16; // a word ends at the left syllable
    if (d2[p + 1] || d3[p + 1]) f |= 32; // a word starts at the right syllable
    if (fmm[g]) f |= 64;
    flags[g] = f;
  }
  return flags;
}

export function sentenceContext(syllables: string[], dict: WordDictionary): SentenceContext {
  const n = syllables.length;
  const hashes = new Uint32Array(n + 4);
  const shapes = new Uint8Array(n + 4);
  for (let i = 0; i < n; i++) {
    const s = syllables[i]!;
    hashes[i + 2] = hashSyllable(s);
    shapes[i + 2] = shapeOf(s);
  }
  const fmm = new Uint8Array(Math.max(0, n - 1));
  forwardMaxMatch(dict, hashes.subarray(2, n + 2), fmm);
  return { n, hashes, shapes, flags: dictFlags(dict, hashes, n, fmm) };
}

/**
 * Write the feature indices of gap g (between syllables g and g+1) into out; returns the count.
 * `mask` is the weight table size minus one (a power of two).
 */
export function gapFeatures(
  ctx: SentenceContext,
  g: number,
  mask: number,
  out: Uint32Array,
): number {
  const h = ctx.hashes;
  const s = ctx.shapes;
  const p = g + 2;
  const a = h[p - 1]!;
  const b = h[p]!;
  const c = h[p + 1]!;
  const d = h[p + 2]!;
  const sa = s[p - 1]!;
  const sb = s[p]!;
  const sc = s[p + 1]!;
  const sd = s[p + 2]!;
  const f = ctx.flags[g]!;
  const shapes = (((sa * 8 + sb) * 8 + sc) * 8 + sd) | 0;
  let k = 0;
  out[k++] = mix(1, 0) & mask;
  out[k++] = mix(2, b) & mask;
  out[k++] = mix(3, c) & mask;
  out[k++] = mix(mix(4, a), b) & mask;
  out[k++] = mix(mix(5, b), c) & mask;
  out[k++] = mix(mix(6, c), d) & mask;
  out[k++] = mix(mix(mix(7, a), b), c) & mask;
  out[k++] = mix(mix(mix(8, b), c), d) & mask;
  out[k++] = mix(9, a) & mask;
  out[k++] = mix(10, d) & mask;
  out[k++] = mix(mix(11, a), c) & mask;
  out[k++] = mix(mix(12, b), d) & mask;
  out[k++] = mix(13, shapes) & mask;
  out[k++] = mix(14, f) & mask;
  out[k++] = mix(mix(15, f), sb * 8 + sc) & mask;
  out[k++] = mix(mix(16, f & 1), b) & mask;
  out[k++] = mix(mix(17, f & 1), c) & mask;
  return k;
}
