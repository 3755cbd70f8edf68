// Learned segmenter: a linear (averaged perceptron) classifier decides, for every gap between
// two syllables, whether they belong to one word.
import { gapFeatures, MAX_GAP_FEATURES, SentenceContext } from './boundary-features.js';
import { MAX_WORD_SYLLABLES, type WordDictionary } from './dictionary.js';
import type { SparseWeights } from './sparse-weights.js';
import { mix } from './syllable-hash.js';
import { joinByGaps, type WordSegmenter } from './word-segmenter.js';

export class BoundarySegmenter implements WordSegmenter {
  private readonly mask: number;
  private readonly scratch = new Uint32Array(MAX_GAP_FEATURES);
  private readonly ctx = new SentenceContext();
  /** Reused by segment(): a fresh typed array per short post costs as much as deciding it. */
  private joins = new Uint8Array(64);

  /** `hashBits`: the model's feature space is 2^hashBits indices. */
  constructor(
    private readonly dict: WordDictionary,
    private readonly weights: SparseWeights,
    hashBits: number,
  ) {
    this.mask = 2 ** hashBits - 1;
    this.bias = weights.get(mix(1, 0) & this.mask);
  }

  /** Weight of the always-on feature (gapFeatures' first), looked up once. */
  private readonly bias: number;

  /** One decision per gap: 1 = the two syllables are in one word. */
  decide(syllables: string[]): Uint8Array {
    return this.decideInto(syllables, new Uint8Array(Math.max(0, syllables.length - 1)));
  }

  /** decide() writing into `joins` (at least syllables.length - 1 long). */
  private decideInto(syllables: string[], joins: Uint8Array): Uint8Array {
    const ctx = this.ctx.load(syllables, this.dict);
    joins.fill(0, 0, Math.max(0, ctx.n - 1));
    const w = this.weights;
    const feats = this.scratch;
    let wordLength = 1;
    for (let g = 0; g < ctx.n - 1; g++) {
      // Punctuation never sits inside a word.
      if (ctx.touchesPunct(g)) {
        wordLength = 1;
        continue;
      }
      const k = gapFeatures(ctx, g, g > 0 ? joins[g - 1]! : 0, this.mask, feats);
      // Same order of additions as summing every feature: 0 + bias + the rest.
      let score = 0 + this.bias;
      for (let j = 1; j < k; j++) score += w.get(feats[j]!);
      // Words of 5+ syllables are almost absent from the treebanks (7 in 110k), while runs of
      // capitalised names ("Lê Thu Nguyễn Linh ...") would otherwise chain into one word.
      if (score > 0 && wordLength < MAX_WORD_SYLLABLES) {
        joins[g] = 1;
        wordLength++;
      } else wordLength = 1;
    }
    return joins;
  }

  segment(syllables: string[]): string[] {
    if (this.joins.length < syllables.length) this.joins = new Uint8Array(syllables.length * 2);
    return joinByGaps(syllables, this.decideInto(syllables, this.joins));
  }
}
