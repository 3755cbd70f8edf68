import { describe, expect, it } from 'vitest';
import {
  addPost,
  emptyShareStatistics,
  loadQuantifierParams,
  type ShareStatistics,
} from '../analysis/quantify/index.js';
import { seededRandom } from '../seeded-random.js';
import { estimateSentiment, isCorrected, sentimentShareOf } from './share-estimate.js';

function posts(count: number, group: string, seed: number): ShareStatistics {
  const random = seededRandom(seed);
  const stats = emptyShareStatistics();
  for (let i = 0; i < count; i++) {
    const raw = [random(), random(), random()];
    const sum = raw[0]! + raw[1]! + raw[2]!;
    const p = { negative: raw[0]! / sum, neutral: raw[1]! / sum, positive: raw[2]! / sum };
    const label = (['negative', 'neutral', 'positive'] as const)[raw.indexOf(Math.max(...raw))]!;
    addPost(stats, { group, probabilities: p, label });
  }
  return stats;
}

describe('estimateSentiment', () => {
  it('says nothing about fewer posts than the estimator needs', () => {
    const minPosts = loadQuantifierParams().minPosts;
    const estimate = estimateSentiment(posts(minPosts - 1, 'vi:feedback', 1));
    expect(estimate).toMatchObject({ n: minPosts - 1, shares: null, net: null, sufficient: false });
  });

  it('gives shares inside their intervals and a net interval from the same draws', () => {
    const estimate = estimateSentiment(posts(400, 'vi:feedback', 2));
    expect(estimate.n).toBe(400);
    expect(estimate.method).toBe(loadQuantifierParams().groups['vi:feedback']!.method);
    expect(isCorrected(estimate.method)).toBe(true);
    const shares = estimate.shares!;
    expect(shares.positive + shares.neutral + shares.negative).toBeCloseTo(1, 9);
    for (const key of ['positive', 'neutral', 'negative'] as const) {
      const [low, high] = estimate.intervals![key];
      expect(low).toBeLessThanOrEqual(shares[key]);
      expect(high).toBeGreaterThanOrEqual(shares[key]);
    }
    expect(estimate.net).toBeCloseTo(shares.positive - shares.negative, 12);
    const [low, high] = estimate.netInterval!;
    expect(low).toBeLessThanOrEqual(estimate.net!);
    expect(high).toBeGreaterThanOrEqual(estimate.net!);
    // Never wider than positive's and negative's added.
    const width = (i: [number, number]) => i[1] - i[0];
    expect(width(estimate.netInterval!)).toBeLessThanOrEqual(
      1e-12 + width(estimate.intervals!.positive) + width(estimate.intervals!.negative),
    );
  });

  it('names each group’s method and counts posts estimated from labels alone', () => {
    const stats = posts(200, 'vi:forum', 3);
    stats.groups['labels-only'] = posts(50, 'labels-only', 4).groups['labels-only']!;
    const share = sentimentShareOf(300, { positive: 90, neutral: 90, negative: 70 }, stats);
    expect(share).toMatchObject({ total: 300, unknown: 50, n: 250, labelsOnly: 50 });
    expect(share.method).toContain('labels-only=pcc');
    expect(share.method).toContain(`vi:forum=${loadQuantifierParams().groups['vi:forum']!.method}`);
    // The same statistics give the same figure.
    expect(estimateSentiment(stats)).toEqual(estimateSentiment(structuredClone(stats)));
    expect(isCorrected('pcc')).toBe(false);
  });
});
