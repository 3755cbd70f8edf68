import { foldFast } from './fast-fold.js';
import { type FeatureConfig, isNegator, SCOPE_BREAKERS, SEEDS } from './features.js';
import { FNV_OFFSET, hashSlice, hashString, mixHash } from './hash.js';
import type { LinearModel } from './linear-model.js';
import type { RegisterModel } from './register-model.js';

// The linear model's scores and the register model's sum without a buffer of feature indices:
// what each word contributes on its own (its unigram and folded unigram, plain and negated, and
// every character n-gram inside its stretch of the character text) is summed once per word and
// kept; only the features that span words (bigrams, trigrams, character n-grams across a gap,
// the shape features) are hashed per text.
//
// The sums are exactly those of extractFeatures + LinearModel.scores + RegisterModel.score: both
// models store int16 multiples of one scale as float32, so every weight is an integer multiple
// of one power of two and a float64 sum of a few thousand of them is exact in any order.

/** What one token contributes wherever it stands. */
interface WordEntry {
  /** Weights (classes) of its unigram and folded unigram: plain, then negated. */
  plain: Float64Array;
  negated: Float64Array;
  /** Register weights of the same, plain and negated. */
  plainRegister: number;
  negatedRegister: number;
  /** Features counted for the word itself (unigram, folded unigram). */
  wordFeatures: number;
  negator: boolean;
  token: string;
  /** Its stretch of the character text ("tot ", diacritics folded unless the model keeps them). */
  segment: string;
  /** Character n-grams lying wholly inside `segment`: weights per class, register, count. */
  chars: Float64Array;
  charsRegister: number;
  charCount: number;
  /** A sentence break or clause word that ends a negation scope and the n-gram chain. */
  breaker: boolean;
  /** Seeds of the bigrams it starts and of the trigrams it starts. */
  biSeed: number;
  triSeed: number;
  /** Its first-word and last-word shape features. */
  firstIndex: number;
  lastIndex: number;
}

const CACHE_LIMIT = 100_000;

export interface WordScoresResult {
  /** Features counted (what the feature buffer's length would be). */
  length: number;
  /** The register model's raw sum over the same features; 0 without a register model. */
  registerSum: number;
}

export class WordScores {
  private readonly config: FeatureConfig;
  private readonly mask: number;
  private readonly k: number;
  private readonly weights: Float32Array;
  private readonly regWeights: Float32Array | null;
  private readonly regMask: number;
  private readonly entries = new Map<string, WordEntry>();
  private readonly breaker: WordEntry;
  private readonly charSeeds: number[] = [];
  /** The current text's segments, reused. */
  private readonly segments: WordEntry[] = [];

  constructor(linear: LinearModel, registers: RegisterModel | null) {
    this.config = linear.config;
    this.mask = (1 << this.config.bits) - 1;
    this.k = linear.classes;
    this.weights = linear.weights;
    this.regWeights = registers ? registers.weights : null;
    this.regMask = registers ? (1 << registers.bits) - 1 : 0;
    for (let n = this.config.charMin; n <= this.config.charMax; n++) {
      this.charSeeds[n] = hashString(String(n), SEEDS.char);
    }
    this.breaker = this.makeEntry('|', '| ');
    for (let b = 0; b <= 8; b++) {
      this.lengthIndex.push(mixHash(hashString(String(b), SEEDS.len)) & this.mask);
    }
  }

  /** The length-bucket shape feature of each bucket. */
  private readonly lengthIndex: number[] = [];

  /** Adds bucket `index`'s weights to `z` and returns its register weight. */
  private add(index: number, z: Float64Array): number {
    const base = index * this.k;
    for (let c = 0; c < this.k; c++) z[c]! += this.weights[base + c]!;
    return this.regWeights === null ? 0 : this.regWeights[index & this.regMask]!;
  }

  private makeEntry(token: string, segment?: string): WordEntry {
    const config = this.config;
    const k = this.k;
    const plain = new Float64Array(k);
    const negated = new Float64Array(k);
    let plainRegister = 0;
    let negatedRegister = 0;
    let wordFeatures = 1;
    const folded = config.foldedWords || config.charMax > 0 ? foldFast(token) : token;
    plainRegister += this.add(mixHash(hashString(token, SEEDS.uni)) & this.mask, plain);
    negatedRegister += this.add(mixHash(hashString(token, SEEDS.neg)) & this.mask, negated);
    if (config.foldedWords) {
      wordFeatures++;
      plainRegister += this.add(mixHash(hashString(folded, SEEDS.fold)) & this.mask, plain);
      negatedRegister += this.add(mixHash(hashString(folded, SEEDS.foldNeg)) & this.mask, negated);
    }
    const seg = segment ?? `${config.charDiacritics ? token : folded} `;
    const chars = new Float64Array(k);
    let charsRegister = 0;
    let charCount = 0;
    if (config.charMax > 0) {
      for (let n = config.charMin; n <= config.charMax; n++) {
        const seed = this.charSeeds[n]!;
        for (let i = 0; i + n <= seg.length; i++) {
          charsRegister += this.add(mixHash(hashSlice(seg, i, i + n, seed)) & this.mask, chars);
          charCount++;
        }
      }
    }
    return {
      token,
      breaker: SCOPE_BREAKERS.has(token),
      biSeed: hashString(token, SEEDS.bi),
      triSeed: hashString(token, SEEDS.tri),
      firstIndex: mixHash(hashString(token, SEEDS.first)) & this.mask,
      lastIndex: mixHash(hashString(token, SEEDS.last)) & this.mask,
      plain,
      negated,
      plainRegister,
      negatedRegister,
      wordFeatures,
      negator: isNegator(token),
      segment: seg,
      chars,
      charsRegister,
      charCount,
    };
  }

  private entry(token: string): WordEntry {
    let e = this.entries.get(token);
    if (e === undefined) {
      e = this.makeEntry(token);
      if (this.entries.size >= CACHE_LIMIT) this.entries.clear();
      this.entries.set(token, e);
    }
    return e;
  }

  /**
   * Raw class sums into `z` (not yet scaled, no bias) and the register sum, for `tokens` as
   * extractFeatures reads them.
   */
  sum(tokens: readonly string[], z: Float64Array): WordScoresResult {
    const segments = this.segments;
    const config = this.config;
    const k = this.k;
    const mask = this.mask;
    for (let c = 0; c < k; c++) z[c] = 0;
    let reg = 0;
    let length = 0;
    let negLeft = 0;
    let prev: WordEntry | null = null;
    let prev2: WordEntry | null = null;
    let words = 0;
    let first: WordEntry | null = null;
    let last: WordEntry | null = null;
    const repeat = Math.max(1, config.wordRepeat);
    segments.length = 0;
    for (const token of tokens) {
      const e = this.entry(token);
      if (e.breaker) {
        negLeft = 0;
        prev = null;
        prev2 = null;
        segments.push(this.breaker);
        continue;
      }
      const negated = negLeft > 0;
      words++;
      if (first === null) first = e;
      last = e;
      const own = negated ? e.negated : e.plain;
      for (let c = 0; c < k; c++) z[c]! += own[c]! * repeat;
      reg += (negated ? e.negatedRegister : e.plainRegister) * repeat;
      let features = e.wordFeatures;
      if (config.wordBigrams && prev !== null) {
        const index = mixHash(hashString(token, prev.biSeed)) & mask;
        let r = 0;
        for (let t = 0; t < repeat; t++) r = this.add(index, z);
        reg += r * repeat;
        features++;
      }
      if (config.wordTrigrams && prev !== null && prev2 !== null) {
        const index = mixHash(hashString(token, hashString(prev.token, prev2.triSeed))) & mask;
        let r = 0;
        for (let t = 0; t < repeat; t++) r = this.add(index, z);
        reg += r * repeat;
        features++;
      }
      length += features * repeat;
      segments.push(e);
      if (e.negator) negLeft = config.negationScope;
      else if (negated) negLeft--;
      prev2 = prev;
      prev = e;
    }
    if (config.shape) {
      reg += this.add(this.lengthIndex[lengthBucket(words)]!, z);
      length++;
      if (first !== null) {
        reg += this.add(first.firstIndex, z);
        length++;
      }
      if (last !== null) {
        reg += this.add(last.lastIndex, z);
        length++;
      }
    }
    if (config.charMax > 0) {
      // The character text is ' ' followed by every segment; n-grams inside one segment come
      // from its entry, the rest (starting at the leading space or running into the next
      // segment) are hashed here, over a window of the segment's tail and what follows.
      for (const e of segments) {
        for (let c = 0; c < k; c++) z[c]! += e.chars[c]!;
        reg += e.charsRegister;
        length += e.charCount;
      }
      length += this.crossGrams(segments, z);
      reg += this.crossRegister;
    }
    if (length === 0) {
      reg += this.add(mixHash(FNV_OFFSET) & mask, z);
      length = 1;
    }
    return { length, registerSum: reg };
  }

  private crossRegister = 0;
  /** The character text's UTF-16 code units, reused. */
  private codes = new Uint16Array(256);

  /**
   * N-grams of the character text that start in one segment (or in the leading space) and end
   * in a later one, hashed over the text's code units.
   */
  private crossGrams(segments: readonly WordEntry[], z: Float64Array): number {
    const config = this.config;
    let size = 1;
    for (const e of segments) size += e.segment.length;
    if (this.codes.length < size) this.codes = new Uint16Array(size * 2);
    const codes = this.codes;
    codes[0] = 0x20;
    let reg = 0;
    let count = 0;
    let end = 1;
    for (const e of segments) {
      const seg = e.segment;
      for (let i = 0; i < seg.length; i++) codes[end + i] = seg.charCodeAt(i);
      end += seg.length;
    }
    // Each stretch [from, to): the leading space, then every segment.
    let from = 0;
    let to = 1;
    for (let s = 0; s <= segments.length; s++) {
      for (let n = config.charMin; n <= config.charMax; n++) {
        const seed = this.charSeeds[n]!;
        // The leading space has no entry: every n-gram starting there is counted here.
        const firstStart = s === 0 ? from : Math.max(from, to - n + 1);
        for (let i = firstStart; i < to && i + n <= size; i++) {
          let h = seed >>> 0;
          for (let j = i; j < i + n; j++) {
            h ^= codes[j]!;
            h = Math.imul(h, 0x01000193) >>> 0;
          }
          reg += this.add(mixHash(h) & this.mask, z);
          count++;
        }
      }
      if (s < segments.length) {
        from = to;
        to += segments[s]!.segment.length;
      }
    }
    this.crossRegister = reg;
    return count;
  }
}

function lengthBucket(words: number): number {
  if (words <= 3) return words;
  if (words <= 5) return 4;
  if (words <= 8) return 5;
  if (words <= 15) return 6;
  if (words <= 30) return 7;
  return 8;
}
