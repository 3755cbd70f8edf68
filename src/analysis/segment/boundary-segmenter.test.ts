import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../seeded-random.js';
import { gapFeatures, MAX_GAP_FEATURES, SentenceContext } from './boundary-features.js';
import { BoundarySegmenter } from './boundary-segmenter.js';
import { MAX_WORD_SYLLABLES, WordDictionary } from './dictionary.js';
import { SparseWeights } from './sparse-weights.js';

/** The decision rule written out over gapFeatures, feature by feature. */
function reference(
  syllables: string[],
  dict: WordDictionary,
  weights: SparseWeights,
  bits: number,
): number[] {
  const mask = 2 ** bits - 1;
  const ctx = new SentenceContext().load(syllables, dict);
  const feats = new Uint32Array(MAX_GAP_FEATURES);
  const joins: number[] = [];
  let wordLength = 1;
  for (let g = 0; g < ctx.n - 1; g++) {
    if (ctx.touchesPunct(g)) {
      joins.push(0);
      wordLength = 1;
      continue;
    }
    const k = gapFeatures(ctx, g, g > 0 ? joins[g - 1]! : 0, mask, feats);
    let score = 0;
    for (let j = 0; j < k; j++) score += weights.get(feats[j]!);
    if (score > 0 && wordLength < MAX_WORD_SYLLABLES) {
      joins.push(1);
      wordLength++;
    } else {
      joins.push(0);
      wordLength = 1;
    }
  }
  return joins;
}

const SYLLABLES = ['thành', 'phố', 'hồ', 'chí', 'minh', 'Hà', 'Nội', 'ngập', 'nặng', 'ko', 'đẹp'];
const OTHER = [',', '.', '10', '1.000', 'OK', 'Quận', 'x'];

describe('BoundarySegmenter', () => {
  it('decides every gap as the sum of gapFeatures weights does, on a dense random model', () => {
    const next = seededRandom(11);
    const bits = 10;
    // Every feature index carries a weight, of either sign and of unequal magnitudes.
    const indices = Array.from({ length: 2 ** bits }, (_, i) => i);
    const values = indices.map(() => (next() * 2 - 1) * (next() < 0.1 ? 10 : 1));
    const weights = new SparseWeights(indices, values);
    const dict = new WordDictionary();
    dict.add('thành phố');
    dict.add('hồ chí minh');
    dict.add('hà nội');
    const segmenter = new BoundarySegmenter(dict, weights, bits);
    const vocabulary = [...SYLLABLES, ...OTHER];
    let joined = 0;
    let split = 0;
    for (let doc = 0; doc < 500; doc++) {
      const length = Math.floor(next() * 30);
      const syllables = Array.from(
        { length },
        () => vocabulary[Math.floor(next() * vocabulary.length)]!,
      );
      const want = reference(syllables, dict, weights, bits);
      const got = [...segmenter.decide(syllables)];
      expect(got, syllables.join(' ')).toEqual(want);
      for (const j of got) j ? joined++ : split++;
    }
    // The random model both joins and splits, so the comparison says something.
    expect(joined).toBeGreaterThan(100);
    expect(split).toBeGreaterThan(100);
  });
});
