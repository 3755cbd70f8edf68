// Learned segmenter: a linear (averaged perceptron) classifier decides, for every gap between
// two syllables, whether they belong to one word.
import { gapFeatures, MAX_GAP_FEATURES, Shape, sentenceContext } from './boundary-features.js';
import type { WordDictionary } from './dictionary.js';
import { joinByGaps, type WordSegmenter } from './word-segmenter.js';

export class BoundarySegmenter implements WordSegmenter {
  private readonly mask: number;
  private readonly scratch = new Uint32Array(MAX_GAP_FEATURES);

  /** weights.length must be a power of two. */
  constructor(
    private readonly dict: WordDictionary,
    private readonly weights: Float32Array,
  ) {
    this.mask = weights.length - 1;
  }

  /** One decision per gap: 1 = the two syllables are in one word. */
  decide(syllables: string[]): Uint8Array {
    const ctx = sentenceContext(syllables, this.dict);
    const joins = new Uint8Array(Math.max(0, ctx.n - 1));
    const w = this.weights;
    const feats = this.scratch;
    for (let g = 0; g < ctx.n - 1; g++) {
      // Punctuation never sits inside a word.
      if (ctx.shapes[g + 2] === Shape.punct || ctx.shapes[g + 3] === Shape.punct) continue;
      const k = gapFeatures(ctx, g, this.mask, feats);
      let score = 0;
      for (let j = 0; j < k; j++) score += w[feats[j]!]!;
      if (score > 0) joins[g] = 1;
    }
    return joins;
  }

  segment(syllables: string[]): string[] {
    return joinByGaps(syllables, this.decide(syllables));
  }
}
