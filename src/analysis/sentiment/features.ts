import { foldFast } from './fast-fold.js';
import { FNV_OFFSET, hashSlice, hashString, mixHash } from './hash.js';

// Hashed sparse features for the Vietnamese sentiment model. The same function runs in training
// and at prediction time, so a model file is only valid with the feature version it records.

export const FEATURE_VERSION = 1;

export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  bits: number;
  /** Character n-gram lengths over the folded text (0 disables). */
  charMin: number;
  charMax: number;
  wordBigrams: boolean;
  /** Also emit diacritic-free word features, so text typed without accents still matches. */
  foldedWords: boolean;
  /** Words after a negator that are marked as negated. */
  negationScope: number;
  /** Length bucket and first/last word features (short fragments read as neutral). */
  shape: boolean;
  wordTrigrams: boolean;
  /**
   * How many times each word feature is counted. Character n-grams outnumber words several
   * times over; repeating word features keeps them from being drowned in the normalisation.
   */
  wordRepeat: number;
  /**
   * Character n-grams over the text with its diacritics kept, not folded: "tốt" and "tot" then
   * differ, which helps where text is typed with accents. Absent in older model files (false).
   */
  charDiacritics?: boolean;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  bits: 20,
  charMin: 2,
  charMax: 4,
  wordBigrams: true,
  foldedWords: true,
  negationScope: 3,
  shape: true,
  wordTrigrams: false,
  wordRepeat: 1,
};

// Negators, with and without diacritics and in common short forms. Folded "dung" is left out:
// it is both "đừng" (don't) and "dùng" (use).
const NEGATORS = new Set([
  'không',
  'khong',
  'ko',
  'k',
  'kg',
  'kh',
  'hok',
  'hông',
  'hong',
  'chẳng',
  'chang',
  'chả',
  'cha',
  'chưa',
  'chua',
  'đừng',
  'đéo',
  'deo',
  'éo',
  'not',
  "don't",
  'never',
  'no',
]);

export const SCOPE_BREAKERS: ReadonlySet<string> = new Set([
  '.',
  ',',
  '!',
  '?',
  ';',
  ':',
  'nhưng',
  'nhung',
  'mà',
  'ma',
]);

const SEED_UNI = hashString('u');
const SEED_NEG = hashString('n');
const SEED_FOLD = hashString('f');
const SEED_FOLD_NEG = hashString('g');
const SEED_BI = hashString('b');
const SEED_CHAR = hashString('c');
const SEED_TRI = hashString('t');
const SEED_LEN = hashString('l');
const SEED_FIRST = hashString('s');
const SEED_LAST = hashString('e');
/** The seeds of each feature family, for code that hashes the same features another way. */
export const SEEDS = {
  uni: SEED_UNI,
  neg: SEED_NEG,
  fold: SEED_FOLD,
  foldNeg: SEED_FOLD_NEG,
  bi: SEED_BI,
  char: SEED_CHAR,
  tri: SEED_TRI,
  len: SEED_LEN,
  first: SEED_FIRST,
  last: SEED_LAST,
} as const;

function lengthBucket(words: number): number {
  if (words <= 3) return words;
  if (words <= 5) return 4;
  if (words <= 8) return 5;
  if (words <= 15) return 6;
  if (words <= 30) return 7;
  return 8;
}

/** Whether a token (possibly a segmented word like `không_thể`) opens a negation scope. */
export function isNegator(token: string): boolean {
  if (NEGATORS.has(token)) return true;
  const cut = token.indexOf('_');
  return cut > 0 && NEGATORS.has(token.slice(0, cut));
}

/** A growable buffer of bucket indices, reused across documents. */
export class FeatureBuffer {
  indices = new Int32Array(1024);
  length = 0;

  push(index: number): void {
    if (this.length === this.indices.length) {
      const bigger = new Int32Array(this.indices.length * 2);
      bigger.set(this.indices);
      this.indices = bigger;
    }
    this.indices[this.length++] = index;
  }

  clear(): void {
    this.length = 0;
  }
}

/**
 * Append the hashed features of one document to `out`.
 * `tokens` are lower-cased words (syllables or `_`-joined words), punctuation tokens and
 * special tokens such as EMO_POS.
 * `wordBuckets`, when given, receives each word's own feature buckets (its unigram, and its folded
 * unigram when that is on), negation scope applied: the second stage reads the linear model's
 * weights for single words through them.
 */
export function extractFeatures(
  tokens: readonly string[],
  config: FeatureConfig,
  out: FeatureBuffer,
  wordBuckets?: FeatureBuffer,
): void {
  const mask = (1 << config.bits) - 1;
  let negLeft = 0;
  let prev: string | null = null;
  let prev2: string | null = null;
  let charText = ' ';
  let words = 0;
  let first: string | null = null;
  let last: string | null = null;
  for (const token of tokens) {
    if (SCOPE_BREAKERS.has(token)) {
      negLeft = 0;
      prev = null;
      prev2 = null;
      charText += '| ';
      continue;
    }
    const negated = negLeft > 0;
    const wordStart = out.length;
    words++;
    if (first === null) first = token;
    last = token;
    out.push(mixHash(hashString(token, negated ? SEED_NEG : SEED_UNI)) & mask);
    const folded = config.foldedWords || config.charMax > 0 ? foldFast(token) : token;
    if (config.foldedWords) {
      out.push(mixHash(hashString(folded, negated ? SEED_FOLD_NEG : SEED_FOLD)) & mask);
    }
    if (config.wordBigrams && prev !== null) {
      out.push(mixHash(hashString(token, hashString(prev, SEED_BI))) & mask);
    }
    if (config.wordTrigrams && prev !== null && prev2 !== null) {
      out.push(mixHash(hashString(token, hashString(prev, hashString(prev2, SEED_TRI)))) & mask);
    }
    const wordEnd = out.length;
    if (wordBuckets) {
      wordBuckets.push(out.indices[wordStart]!);
      if (config.foldedWords) wordBuckets.push(out.indices[wordStart + 1]!);
    }
    for (let r = 1; r < config.wordRepeat; r++) {
      for (let i = wordStart; i < wordEnd; i++) out.push(out.indices[i]!);
    }
    if (config.charMax > 0) charText += `${config.charDiacritics ? token : folded} `;
    if (isNegator(token)) negLeft = config.negationScope;
    else if (negated) negLeft--;
    prev2 = prev;
    prev = token;
  }
  if (config.shape) {
    out.push(mixHash(hashString(String(lengthBucket(words)), SEED_LEN)) & mask);
    if (first !== null) out.push(mixHash(hashString(first, SEED_FIRST)) & mask);
    if (last !== null) out.push(mixHash(hashString(last, SEED_LAST)) & mask);
  }
  if (config.charMax > 0) {
    for (let n = config.charMin; n <= config.charMax; n++) {
      const seed = hashString(String(n), SEED_CHAR);
      for (let i = 0; i + n <= charText.length; i++) {
        out.push(mixHash(hashSlice(charText, i, i + n, seed)) & mask);
      }
    }
  }
  if (out.length === 0) out.push(mixHash(FNV_OFFSET) & mask);
}
