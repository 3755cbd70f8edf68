// Features of the gap between two syllables, shared by training (scripts/train-segmenter.ts)
// and run time. Every feature is a hashed index into one weight table. Per-sentence arrays live
// in a reusable SentenceContext so segmenting allocates little.
import { MAX_WORD_SYLLABLES, type WordDictionary } from './dictionary.js';
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

const CACHE_LIMIT = 200_000;
/** Raw syllable -> hash * 8 + shape; most text reuses a few thousand syllables. */
const syllableCache = new Map<string, number>();

/** A number, with or without separators ("20", "1.000.000", "12,5", "20/11/2025"). */
const NUMBER = /^\p{N}+(?:[.,:/]\p{N}+)*$/u;
/**
 * Every number shares one hash: which number it is says nothing about word boundaries, while
 * its class does ("10 triệu", "tháng 3" are one word in the treebank).
 */
const NUMBER_HASH = hashSyllable('<number>');

function hashAndShape(s: string): number {
  let v = syllableCache.get(s);
  if (v === undefined) {
    v = (NUMBER.test(s) ? NUMBER_HASH : hashSyllable(s)) * 8 + shapeOf(s);
    if (syllableCache.size >= CACHE_LIMIT) syllableCache.clear();
    syllableCache.set(s, v);
  }
  return v;
}

/** Index i + PAD of the padded arrays is syllable i; pads hold 0. */
const PAD = 2;

/**
 * Per-sentence arrays the feature function reads. Reuse one instance across sentences: `load`
 * overwrites it and grows the arrays when needed.
 */
export class SentenceContext {
  n = 0;
  hashes = new Uint32Array(64);
  shapes = new Uint8Array(64);
  /** pairs[p] = mix(hashes[p], hashes[p + 1]); skips[p] = mix(hashes[p], hashes[p + 2]). */
  pairs = new Uint32Array(64);
  skips = new Uint32Array(64);
  /** triples[p] = mix(pairs[p], hashes[p + 2]). */
  triples = new Uint32Array(64);
  /** wordAt[(len - 2) * capacity + p]: syllables p .. p+len-1 form a dictionary word. */
  wordAt = new Uint8Array(3 * 64);
  /**
   * Dictionary evidence per gap, as bit flags: 1 the pair is a word; 2 / 4 a 3-syllable word
   * covers the gap from the left / right; 8 a 4-syllable word covers it; 16 a word ends at the
   * left syllable; 32 a word starts at the right syllable; 64 forward longest matching joins it.
   */
  flags = new Uint16Array(64);

  load(syllables: string[], dict: WordDictionary): this {
    const n = syllables.length;
    this.n = n;
    const width = n + 2 * PAD + 1;
    if (this.hashes.length < width) {
      const cap = width * 2;
      this.hashes = new Uint32Array(cap);
      this.shapes = new Uint8Array(cap);
      this.pairs = new Uint32Array(cap);
      this.skips = new Uint32Array(cap);
      this.triples = new Uint32Array(cap);
      this.wordAt = new Uint8Array(3 * cap);
      this.flags = new Uint16Array(cap);
    }
    const { hashes, shapes } = this;
    hashes.fill(0, 0, width);
    shapes.fill(0, 0, width);
    for (let i = 0; i < n; i++) {
      const v = hashAndShape(syllables[i]!);
      shapes[i + PAD] = v & 7;
      hashes[i + PAD] = (v - (v & 7)) / 8;
    }
    for (let p = 0; p + 2 < width; p++) {
      this.pairs[p] = mix(hashes[p]!, hashes[p + 1]!);
      this.skips[p] = mix(hashes[p]!, hashes[p + 2]!);
      this.triples[p] = mix(this.pairs[p]!, hashes[p + 2]!);
    }
    this.loadDictionary(dict, width);
    return this;
  }

  private loadDictionary(dict: WordDictionary, width: number): void {
    const { n, hashes, flags } = this;
    const cap = this.hashes.length;
    const wordAt = this.wordAt;
    for (let row = 0; row < 3; row++) wordAt.fill(0, row * cap, row * cap + width);
    for (let i = 0; i + 1 < n; i++) {
      const bits = dict.matchLengths(hashes, i + PAD, n + PAD);
      if (bits === 0) continue;
      for (let len = 2; len <= MAX_WORD_SYLLABLES; len++) {
        if (bits & (1 << (len - 2))) wordAt[(len - 2) * cap + i + PAD] = 1;
      }
    }
    flags.fill(0, 0, width);
    // Forward longest matching from the same table.
    let i = 0;
    while (i < n) {
      let len = Math.min(MAX_WORD_SYLLABLES, n - i);
      while (len > 1 && wordAt[(len - 2) * cap + i + PAD] === 0) len--;
      for (let k = i; k < i + len - 1; k++) flags[k] = 64;
      i += len;
    }
    const d3 = cap;
    const d4 = 2 * cap;
    for (let g = 0; g < n - 1; g++) {
      const p = g + PAD;
      let f = flags[g]!;
      if (wordAt[p]) f |= 1;
      if (wordAt[d3 + p - 1]) f |= 2;
      if (wordAt[d3 + p]) f |= 4;
      if (wordAt[d4 + p - 2] || wordAt[d4 + p - 1] || wordAt[d4 + p]) f |= 8;
      if (wordAt[p - 1] || wordAt[d3 + p - 2]) f |= 16;
      if (wordAt[p + 1] || wordAt[d3 + p + 1]) f |= 32;
      flags[g] = f;
    }
  }

  /** True when gap g touches punctuation (never inside a word). */
  touchesPunct(g: number): boolean {
    return this.shapes[g + PAD] === Shape.punct || this.shapes[g + PAD + 1] === Shape.punct;
  }
}

/**
 * Write the feature indices of gap g (between syllables g and g+1) into out; returns the count.
 * `prevJoin` is 1 when gap g-1 was joined (decoding runs left to right).
 * `mask` is the feature space size minus one (a power of two).
 */
export function gapFeatures(
  ctx: SentenceContext,
  g: number,
  prevJoin: number,
  mask: number,
  out: Uint32Array,
): number {
  const h = ctx.hashes;
  const s = ctx.shapes;
  const p = g + PAD;
  const b = h[p]!;
  const c = h[p + 1]!;
  const f = ctx.flags[g]!;
  const shapes = ((s[p - 1]! * 8 + s[p]!) * 8 + s[p + 1]!) * 8 + s[p + 2]!;
  out[0] = mix(1, 0) & mask; // always on: BoundarySegmenter adds its weight once, as bias
  out[1] = mix(2, b) & mask;
  out[2] = mix(3, c) & mask;
  out[3] = mix(4, ctx.pairs[p - 1]!) & mask;
  out[4] = mix(5, ctx.pairs[p]!) & mask;
  out[5] = mix(6, ctx.pairs[p + 1]!) & mask;
  out[6] = mix(7, ctx.triples[p - 1]!) & mask;
  out[7] = mix(8, ctx.triples[p]!) & mask;
  out[8] = mix(9, h[p - 1]!) & mask;
  out[9] = mix(10, h[p + 2]!) & mask;
  out[10] = mix(11, ctx.skips[p - 1]!) & mask;
  out[11] = mix(12, ctx.skips[p]!) & mask;
  out[12] = mix(13, shapes) & mask;
  out[13] = mix(14, f) & mask;
  out[14] = mix(15, f * 64 + s[p]! * 8 + s[p + 1]!) & mask;
  out[15] = mix(16 + (f & 1), b) & mask;
  out[16] = mix(18 + (f & 1), c) & mask;
  out[17] = mix(20 + prevJoin, f) & mask;
  out[18] = mix(22 + prevJoin, ctx.pairs[p]!) & mask;
  return 19;
}
