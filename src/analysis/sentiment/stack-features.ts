import { extractFeatures, FeatureBuffer } from './features.js';
import type { LinearModel } from './linear-model.js';

// Dense features for the second stage: the linear model's class scores plus what it thinks of
// each word on its own, summarised over the sentence. "The strongest word leans only slightly"
// is how neutral text looks, and it is a maximum, which a linear score cannot express.

export const STACK_FEATURE_NAMES = [
  'logit0',
  'logit1',
  'logit2',
  'top probability',
  'most positive word',
  'most negative word',
  'word polarity sum',
  'word polarity magnitude sum',
  'strongest neutral lean',
  'mean neutral lean',
  'words',
  'known word share',
  'question marks',
  'exclamation marks',
  'clause breaks',
  'emoji and emoticons',
] as const;

export const STACK_FEATURES = STACK_FEATURE_NAMES.length;

const CLAUSE_BREAKS = new Set(['.', ',', ';', ':', '!', '?']);

export class StackFeatures {
  private readonly buffer = new FeatureBuffer();
  private readonly wordBuckets = new FeatureBuffer();
  private readonly z: Float64Array;
  private readonly positive: number;
  private readonly negative: number;
  private readonly neutral: number;

  constructor(readonly linear: LinearModel) {
    this.positive = linear.labels.indexOf('positive');
    this.negative = linear.labels.indexOf('negative');
    this.neutral = linear.labels.indexOf('neutral');
    if (linear.classes !== 3 || this.positive < 0 || this.negative < 0 || this.neutral < 0) {
      throw new Error('stacking needs a negative/neutral/positive linear model');
    }
    this.z = new Float64Array(linear.classes);
  }

  /** Writes the STACK_FEATURES values for `tokens` into `out` and returns it. */
  compute(tokens: readonly string[], out: Float64Array = new Float64Array(STACK_FEATURES)) {
    const linear = this.linear;
    this.buffer.clear();
    this.wordBuckets.clear();
    extractFeatures(tokens, linear.config, this.buffer, this.wordBuckets);
    const z = linear.scores(this.buffer.indices, this.buffer.length, this.z);
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < 3; c++) {
      out[c] = z[c]!;
      max = Math.max(max, z[c]!);
    }
    let sum = 0;
    for (let c = 0; c < 3; c++) sum += Math.exp(z[c]! - max);
    out[3] = 1 / sum;

    const k = linear.classes;
    const w = linear.weights;
    const stride = linear.config.foldedWords ? 2 : 1;
    const idx = this.wordBuckets.indices;
    const words = this.wordBuckets.length / stride;
    let polMax = 0;
    let polMin = 0;
    let polSum = 0;
    let polAbs = 0;
    let leanMax = Number.NEGATIVE_INFINITY;
    let leanSum = 0;
    let known = 0;
    for (let i = 0; i < this.wordBuckets.length; i += stride) {
      let pos = 0;
      let neg = 0;
      let neu = 0;
      for (let j = 0; j < stride; j++) {
        const base = idx[i + j]! * k;
        pos += w[base + this.positive]!;
        neg += w[base + this.negative]!;
        neu += w[base + this.neutral]!;
      }
      if (pos !== 0 || neg !== 0 || neu !== 0) known++;
      const pol = pos - neg;
      const lean = neu - Math.max(pos, neg);
      polMax = Math.max(polMax, pol);
      polMin = Math.min(polMin, pol);
      polSum += pol;
      polAbs += Math.abs(pol);
      leanMax = Math.max(leanMax, lean);
      leanSum += lean;
    }
    let questions = 0;
    let exclamations = 0;
    let breaks = 0;
    let emoji = 0;
    for (const t of tokens) {
      if (t === '?') questions++;
      else if (t === '!') exclamations++;
      if (CLAUSE_BREAKS.has(t)) breaks++;
      else if (t.startsWith('EMO_')) emoji++;
    }
    out[4] = polMax;
    out[5] = polMin;
    out[6] = polSum;
    out[7] = polAbs;
    out[8] = words > 0 ? leanMax : 0;
    out[9] = words > 0 ? leanSum / words : 0;
    out[10] = words;
    out[11] = words > 0 ? known / words : 0;
    out[12] = questions;
    out[13] = exclamations;
    out[14] = breaks;
    out[15] = emoji;
    return out;
  }
}
