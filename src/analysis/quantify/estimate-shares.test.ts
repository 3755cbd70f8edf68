import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../seeded-random.js';
import {
  estimateShares,
  type GroupParams,
  type QuantifierParams,
  type ShareMethod,
} from './estimate-shares.js';
import { fitCorrection, type LabelledPrediction } from './fit-correction.js';
import {
  addPost,
  emptyShareStatistics,
  mergeShareStatistics,
  SHARE_CLASSES,
  type ShareStatistics,
} from './share-statistics.js';
import {
  type SyntheticClassifier,
  syntheticPost,
  syntheticSample,
  uniformMix,
} from './synthetic-classifier.js';

// A classifier that calls a third of neutral posts negative or positive and leans negative posts
// towards neutral: counting its labels is biased whenever the class mix moves.
const classifier: SyntheticClassifier = {
  means: [
    [1.6, 0.4, -0.8],
    [0.2, 0.6, 0.1],
    [-0.8, 0.2, 1.8],
  ],
  noise: 0.9,
};
const RULE = { level: 0.9, minPosts: 30, maxIntervalWidth: 0.5 };

/** Parameters fitted on `perClass` labelled posts of each class. */
function fittedParams(method: ShareMethod, seed = 1, perClass = 3000, replicates = 200) {
  const random = seededRandom(seed);
  const rows: LabelledPrediction[] = [];
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < perClass; i++) rows.push(syntheticPost(classifier, c, random));
  }
  const fit = fitCorrection(rows, { classes: 3, replicates, seed });
  const group: GroupParams = {
    method,
    spread: 1,
    corrections: fit.corrections,
    trainingPrior: fit.trainingPrior,
  };
  const params: QuantifierParams = { ...RULE, groups: { test: group } };
  return params;
}

function statsOf(posts: readonly LabelledPrediction[], group = 'test'): ShareStatistics {
  const stats = emptyShareStatistics();
  for (const p of posts) {
    const q = p.probabilities;
    addPost(stats, {
      group,
      probabilities: { negative: q[0]!, neutral: q[1]!, positive: q[2]! },
      label: SHARE_CLASSES[p.predicted]!,
    });
  }
  return stats;
}

const share = (e: ReturnType<typeof estimateShares>) => SHARE_CLASSES.map((c) => e.shares[c]);

describe('estimateShares on a classifier with known confusions', () => {
  for (const method of ['acc', 'pacc', 'cells'] as const) {
    it(`${method}: unbiased under prior shift, where counting labels is not`, () => {
      // A matrix from many rows, so that its own estimation error does not pass for bias.
      const params = fittedParams(method, 1, 30_000, 20);
      const random = seededRandom(7);
      const error = [0, 0, 0];
      const countError = [0, 0, 0];
      const draws = 150;
      for (let d = 0; d < draws; d++) {
        // Mixes shifted anywhere inside [0.1, 0.8] per class: near a corner the simplex
        // constraint clips the estimate and a small inward bias is expected.
        const mix = uniformMix(3, random).map((q) => 0.1 + 0.7 * q);
        const { posts, truth } = syntheticSample(classifier, mix, 500, random);
        const estimate = share(estimateShares(statsOf(posts), params));
        const counts = [0, 0, 0];
        for (const p of posts) counts[p.predicted]! += 1 / posts.length;
        for (let c = 0; c < 3; c++) {
          error[c]! += (estimate[c]! - truth[c]!) / draws;
          countError[c]! += Math.abs(counts[c]! - truth[c]!) / draws;
        }
      }
      for (let c = 0; c < 3; c++) expect(Math.abs(error[c]!)).toBeLessThan(0.01);
      // The same draws counted by label are off by several points on average.
      expect(Math.max(...countError)).toBeGreaterThan(0.05);
    });
  }

  it('90 % intervals cover the truth about 90 % of the time', () => {
    const params = fittedParams('pacc', 3);
    const random = seededRandom(11);
    const covered = [0, 0, 0];
    const draws = 200;
    for (let d = 0; d < draws; d++) {
      const { posts, truth } = syntheticSample(classifier, uniformMix(3, random), 300, random);
      const e = estimateShares(statsOf(posts), params);
      SHARE_CLASSES.forEach((c, i) => {
        const [lo, hi] = e.intervals[c];
        if (truth[i]! >= lo && truth[i]! <= hi) covered[i]!++;
      });
    }
    for (const c of covered) {
      expect(c / draws).toBeGreaterThan(0.82);
      expect(c / draws).toBeLessThan(0.99);
    }
  });

  it('gives the union of two sets the statistics and estimate of their merge', () => {
    const random = seededRandom(5);
    const a = syntheticSample(classifier, [0.2, 0.5, 0.3], 120, random).posts;
    const b = syntheticSample(classifier, [0.6, 0.1, 0.3], 80, random).posts;
    const merged = mergeShareStatistics(
      statsOf(a),
      mergeShareStatistics(statsOf(b, 'other'), statsOf([])),
    );
    const union = statsOf(a);
    for (const p of b) {
      const q = p.probabilities;
      addPost(union, {
        group: 'other',
        probabilities: { negative: q[0]!, neutral: q[1]!, positive: q[2]! },
        label: SHARE_CLASSES[p.predicted]!,
      });
    }
    expect(Object.keys(merged.groups).sort()).toEqual(['other', 'test']);
    for (const key of ['test', 'other']) {
      const m = merged.groups[key]!;
      const u = union.groups[key]!;
      expect(m.n).toBe(u.n);
      expect(m.labels).toEqual(u.labels);
      expect(m.cells).toEqual(u.cells);
      for (const [i, v] of m.probs.entries()) expect(v).toBeCloseTo(u.probs[i]!, 10);
      for (const [i, v] of m.products.entries()) expect(v).toBeCloseTo(u.products[i]!, 10);
    }
    const params = fittedParams('cells');
    const fromMerged = estimateShares(merged, params);
    const fromUnion = estimateShares(union, params);
    SHARE_CLASSES.forEach((c) => {
      expect(fromMerged.shares[c]).toBeCloseTo(fromUnion.shares[c], 9);
    });
    expect(fromMerged.n).toBe(200);
    // The group without parameters is averaged plainly and named as such.
    expect(fromMerged.groups.other!.method).toBe('pcc');
    expect(fromMerged.method).toBe('other=pcc, test=cells');
  });
});

describe('estimateShares on degenerate input', () => {
  const params = fittedParams('pacc');

  it('says nothing from no posts', () => {
    const e = estimateShares(emptyShareStatistics(), params);
    expect(e.n).toBe(0);
    expect(e.sufficient).toBe(false);
    expect(e.shares).toEqual({ negative: 0, neutral: 0, positive: 0 });
    expect(e.intervals.neutral).toEqual([0, 1]);
  });

  it('marks a handful of posts insufficient, with wide but bounded intervals', () => {
    const random = seededRandom(9);
    const e = estimateShares(
      statsOf(syntheticSample(classifier, [0.3, 0.3, 0.4], 5, random).posts),
      params,
    );
    expect(e.sufficient).toBe(false);
    for (const c of SHARE_CLASSES) {
      const [lo, hi] = e.intervals[c];
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      expect(lo).toBeLessThanOrEqual(e.shares[c]);
      expect(hi).toBeGreaterThanOrEqual(e.shares[c]);
    }
    expect(
      Math.max(...SHARE_CLASSES.map((c) => e.intervals[c][1] - e.intervals[c][0])),
    ).toBeGreaterThan(0.2);
  });

  it('puts a set of one class at that class', () => {
    const random = seededRandom(2);
    const { posts } = syntheticSample(classifier, [0, 0, 1], 400, random);
    const e = estimateShares(statsOf(posts), params);
    expect(e.sufficient).toBe(true);
    expect(e.shares.positive).toBeGreaterThan(0.93);
    expect(e.intervals.positive[1]).toBeLessThanOrEqual(1);
    expect(e.intervals.negative[0]).toBeGreaterThanOrEqual(0);
    expect(e.shares.negative + e.shares.neutral + e.shares.positive).toBeCloseTo(1, 9);
  });

  it('stays on the simplex with a near-singular correction', () => {
    const singular: QuantifierParams = {
      ...RULE,
      groups: {
        test: {
          method: 'pacc',
          spread: 1,
          corrections: {
            pacc: {
              point: [
                [0.5, 0.5, 0.1],
                [0.3, 0.3000001, 0.2],
                [0.2, 0.1999999, 0.7],
              ],
              replicates: [],
            },
          },
          trainingPrior: [1 / 3, 1 / 3, 1 / 3],
        },
      },
    };
    const random = seededRandom(4);
    const { posts } = syntheticSample(classifier, [0.4, 0.2, 0.4], 300, random);
    const e = estimateShares(statsOf(posts), singular);
    const total = e.shares.negative + e.shares.neutral + e.shares.positive;
    expect(total).toBeCloseTo(1, 9);
    for (const c of SHARE_CLASSES) {
      expect(Number.isFinite(e.shares[c])).toBe(true);
      expect(e.shares[c]).toBeGreaterThanOrEqual(0);
      expect(e.intervals[c][0]).toBeGreaterThanOrEqual(0);
      expect(e.intervals[c][1]).toBeLessThanOrEqual(1);
    }
    // Negative and neutral cannot be told apart: the intervals say so, and so does `sufficient`.
    expect(e.intervals.neutral[1] - e.intervals.neutral[0]).toBeGreaterThan(0.3);
    expect(e.sufficient).toBe(false);
  });

  it('refuses probabilities that are not a distribution', () => {
    expect(() =>
      addPost(emptyShareStatistics(), {
        group: 'test',
        probabilities: { negative: -0.1, neutral: 0.6, positive: 0.5 },
        label: 'neutral',
      }),
    ).toThrow(/non-negative/);
  });

  it('is deterministic: the same statistics give the same intervals', () => {
    const random = seededRandom(8);
    const stats = statsOf(syntheticSample(classifier, [0.5, 0.2, 0.3], 200, random).posts);
    expect(estimateShares(stats, params)).toEqual(estimateShares(stats, params));
  });
});
