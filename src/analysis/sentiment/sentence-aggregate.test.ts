import { describe, expect, it } from 'vitest';
import {
  aggregateSentences,
  mostProbable,
  type SentenceScore,
  shiftPrior,
} from './sentence-aggregate.js';

const sentence = (positive: number, neutral: number, negative: number, strongestWord = 10) =>
  ({ probabilities: { positive, neutral, negative }, strongestWord }) satisfies SentenceScore;
const plain = { titleWeight: 1, bearingThreshold: 0, neutralPull: 0 };

describe('aggregateSentences', () => {
  it('averages the sentences and weighs the first as a title', () => {
    const sentences = [sentence(0.8, 0.1, 0.1), sentence(0.1, 0.1, 0.8)];
    const even = aggregateSentences(sentences, plain)!;
    expect(even.positive).toBeCloseTo(0.45);
    expect(even.negative).toBeCloseTo(0.45);
    const titled = aggregateSentences(sentences, { ...plain, titleWeight: 3 })!;
    expect(titled.positive).toBeCloseTo((3 * 0.8 + 0.1) / 4);
    expect(mostProbable(titled)).toBe('positive');
    expect(titled.positive + titled.neutral + titled.negative).toBeCloseTo(1);
  });

  it('pulls a sentence without a sentiment-bearing word towards neutral', () => {
    const settings = { titleWeight: 1, bearingThreshold: 2, neutralPull: 0.5 };
    const faint = aggregateSentences([sentence(0.1, 0.3, 0.6, 1)], settings)!;
    expect(faint.negative).toBeCloseTo(0.3);
    expect(faint.neutral).toBeCloseTo(0.65);
    const strong = aggregateSentences([sentence(0.1, 0.3, 0.6, 3)], settings)!;
    expect(strong.negative).toBeCloseTo(0.6);
  });

  it('has no answer for no sentences', () => {
    expect(aggregateSentences([], plain)).toBeNull();
  });
});

describe('shiftPrior', () => {
  it('re-weights classes by their prior ratio and renormalises', () => {
    const shifted = shiftPrior(
      { positive: 0.2, neutral: 0.3, negative: 0.5 },
      { positive: 1, neutral: 2, negative: 0.5 },
    );
    expect(shifted.neutral).toBeCloseTo(0.6 / 1.05);
    expect(shifted.positive + shifted.neutral + shifted.negative).toBeCloseTo(1);
    expect(mostProbable(shifted)).toBe('neutral');
  });
});
