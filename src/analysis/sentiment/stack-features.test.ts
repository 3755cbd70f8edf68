import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_CONFIG, extractFeatures, FeatureBuffer } from './features.js';
import { LinearModel } from './linear-model.js';
import { STACK_FEATURE_NAMES, STACK_FEATURES, StackFeatures } from './stack-features.js';

const LABELS = ['negative', 'neutral', 'positive'];
const config = { ...DEFAULT_FEATURE_CONFIG, bits: 12, charMax: 0, wordBigrams: false };

/** A hand-set linear model: "tốt" positive, "tệ" negative, "bình_thường" neutral. */
function handModel(): LinearModel {
  const weights = new Float32Array((1 << config.bits) * 3);
  const set = (word: string, values: [number, number, number]) => {
    const buckets = new FeatureBuffer();
    extractFeatures([word], config, new FeatureBuffer(), buckets);
    for (let i = 0; i < buckets.length; i++) {
      for (let c = 0; c < 3; c++) weights[buckets.indices[i]! * 3 + c] = values[c]! / 2;
    }
  };
  set('tốt', [-1, 0, 2]);
  set('tệ', [2, 0, -1]);
  set('bình_thường', [0, 1.5, 0]);
  return new LinearModel(LABELS, config, weights, new Float32Array(3));
}

const at = (name: (typeof STACK_FEATURE_NAMES)[number]) => STACK_FEATURE_NAMES.indexOf(name);

describe('StackFeatures', () => {
  const features = new StackFeatures(handModel());

  it('has one name per value', () => {
    expect(features.compute(['tốt'])).toHaveLength(STACK_FEATURES);
  });

  it('reads each word on its own: strongest positive and negative words', () => {
    const x = features.compute(['giảng_viên', 'tốt', 'nhưng', 'bài_tập', 'tệ', '.']);
    expect(x[at('most positive word')]).toBeCloseTo(3, 5);
    expect(x[at('most negative word')]).toBeCloseTo(-3, 5);
    expect(x[at('word polarity sum')]).toBeCloseTo(0, 5);
    expect(x[at('word polarity magnitude sum')]).toBeCloseTo(6, 5);
    // "nhưng" and the full stop end a clause and are not words; two of the four words have
    // weights.
    expect(x[at('words')]).toBe(4);
    expect(x[at('known word share')]).toBeCloseTo(2 / 4, 5);
    expect(x[at('clause breaks')]).toBe(1);
  });

  it('sees negation: "không tốt" is not read as the positive word', () => {
    const plain = features.compute(['tốt']);
    const negated = features.compute(['không', 'tốt']);
    expect(plain[at('most positive word')]).toBeGreaterThan(0);
    expect(negated[at('most positive word')]).toBe(0);
  });

  it('scores a sentence with no opinion word as leaning neutral', () => {
    const x = features.compute(['môn_học', 'bình_thường']);
    expect(x[at('strongest neutral lean')]).toBeCloseTo(1.5, 5);
    expect(x[at('most positive word')]).toBe(0);
    expect(x[at('most negative word')]).toBe(0);
  });

  it('carries the linear scores and counts marks and emoji', () => {
    const x = features.compute(['tốt', 'EMO_POS', '!', '?', '?']);
    expect(x[at('logit2')]).toBeGreaterThan(x[at('logit0')]!);
    expect(x[at('top probability')]).toBeGreaterThan(1 / 3);
    expect(x[at('question marks')]).toBe(2);
    expect(x[at('exclamation marks')]).toBe(1);
    expect(x[at('emoji and emoticons')]).toBe(1);
  });

  it('gives zeros, not NaN, for an empty text', () => {
    const x = features.compute([]);
    for (const v of x) expect(Number.isFinite(v)).toBe(true);
    expect(x[at('words')]).toBe(0);
  });

  it('refuses a model without the three sentiment classes', () => {
    const two = new LinearModel(
      ['negative', 'positive'],
      config,
      new Float32Array((1 << config.bits) * 2),
      new Float32Array(2),
    );
    expect(() => new StackFeatures(two)).toThrow(/negative\/neutral\/positive/);
  });
});
