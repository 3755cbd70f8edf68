// The two change tests of a policy assessment on synthetic data with a known effect and with
// none: they find the effect, and without one they fire at about the stated level.
import { describe, expect, it } from 'vitest';
import {
  addPost,
  emptyShareStatistics,
  fitCorrection,
  type GroupParams,
  type LabelledPrediction,
  type QuantifierParams,
  SHARE_CLASSES,
  type ShareStatistics,
} from '../../analysis/quantify/index.js';
import {
  type SyntheticClassifier,
  syntheticSample,
} from '../../analysis/quantify/synthetic-classifier.js';
import { type Random, seededRandom } from '../../seeded-random.js';
import { normalCdf } from './normal.js';
import { testShareChange } from './share-change.js';
import { testVolumeChange } from './volume-change.js';

// Leans negative posts towards neutral and calls some neutral ones negative, as real models do.
const classifier: SyntheticClassifier = {
  means: [
    [1.6, 0.4, -0.8],
    [0.2, 0.6, 0.1],
    [-0.8, 0.2, 1.8],
  ],
  noise: 0.9,
};

function fittedParams(): QuantifierParams {
  const random = seededRandom(11);
  const rows: LabelledPrediction[] = [];
  for (let c = 0; c < 3; c++)
    rows.push(
      ...syntheticSample(
        classifier,
        [c === 0 ? 1 : 0, c === 1 ? 1 : 0, c === 2 ? 1 : 0],
        2000,
        random,
      ).posts,
    );
  const fit = fitCorrection(rows, { classes: 3, replicates: 100, seed: 3 });
  const group: GroupParams = {
    method: 'pacc',
    spread: 1,
    corrections: fit.corrections,
    trainingPrior: fit.trainingPrior,
  };
  return { level: 0.9, minPosts: 30, maxIntervalWidth: 0.5, groups: { test: group } };
}

function windowStats(mix: number[], n: number, random: Random): ShareStatistics {
  const stats = emptyShareStatistics();
  for (const p of syntheticSample(classifier, mix, n, random).posts) {
    const q = p.probabilities;
    addPost(stats, {
      group: 'test',
      probabilities: { negative: q[0]!, neutral: q[1]!, positive: q[2]! },
      label: SHARE_CLASSES[p.predicted]!,
    });
  }
  return stats;
}

/** A negative binomial day count (gamma-Poisson): overdispersed as real daily volume is. */
function dayCount(mean: number, shape: number, random: Random): number {
  // Gamma(shape, mean/shape) by Marsaglia–Tsang, then Poisson by inversion of its rate.
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  let g = 0;
  for (;;) {
    const u1 = 1 - random();
    const x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random());
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    if (Math.log(1 - random()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
      g = d * v;
      break;
    }
  }
  const rate = (g * mean) / shape;
  // Poisson by the normal approximation above 50, inversion below.
  if (rate > 50) {
    const u = 1 - random();
    return Math.max(
      0,
      Math.round(
        rate + Math.sqrt(rate) * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random()),
      ),
    );
  }
  let k = 0;
  let p = Math.exp(-rate);
  let s = p;
  const u = random();
  while (u > s) {
    k++;
    p *= rate / k;
    s += p;
  }
  return k;
}

describe('normalCdf', () => {
  it('matches known quantiles', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 5);
  });
});

describe('negative share change (corrected shares, paired draws)', () => {
  const params = fittedParams();

  it('finds a rise of the negative share from 30 % to 40 %', () => {
    const random = seededRandom(5);
    const before = windowStats([0.3, 0.45, 0.25], 800, random);
    const after = windowStats([0.4, 0.4, 0.2], 800, random);
    const change = testShareChange(before, after, params);
    expect(change.significant).toBe(true);
    expect(change.difference!).toBeGreaterThan(0.04);
    expect(change.interval![0]).toBeGreaterThan(0);
    // Corrected, the shares land near the truth; counting labels would not.
    expect(change.before!).toBeGreaterThan(0.24);
    expect(change.before!).toBeLessThan(0.36);
  });

  it('stays quiet at about its level over 200 windows with no change', () => {
    const random = seededRandom(17);
    const alpha = 0.05;
    let fired = 0;
    const runs = 200;
    for (let r = 0; r < runs; r++) {
      const mix = [0.35, 0.4, 0.25];
      const change = testShareChange(
        windowStats(mix, 400, random),
        windowStats(mix, 400, random),
        params,
        { alpha },
      );
      if (change.significant) fired++;
    }
    // 200 runs at 5 %: 10 expected; a binomial 99.9 % range is about 2..21.
    expect(fired / runs).toBeLessThanOrEqual(0.105);
    expect(fired).toBeGreaterThanOrEqual(2);
  });

  it('does not test windows below the minimum number of posts', () => {
    const random = seededRandom(2);
    const change = testShareChange(
      windowStats([0.3, 0.4, 0.3], 10, random),
      windowStats([0.6, 0.2, 0.2], 500, random),
      params,
    );
    expect(change.pValue).toBeNull();
    expect(change.significant).toBe(false);
  });
});

describe('volume change (permutation test on daily counts)', () => {
  it('finds a volume that rose by half', () => {
    const random = seededRandom(9);
    const before = Array.from({ length: 14 }, () => dayCount(100, 8, random));
    const after = Array.from({ length: 14 }, () => dayCount(150, 8, random));
    const change = testVolumeChange(before, after);
    expect(change.significant).toBe(true);
    expect(change.rateRatio!).toBeGreaterThan(1.2);
  });

  it('stays quiet at about its level over 200 overdispersed windows with no change', () => {
    const random = seededRandom(23);
    let fired = 0;
    let poissonFired = 0;
    const runs = 200;
    for (let r = 0; r < runs; r++) {
      const before = Array.from({ length: 14 }, () => dayCount(100, 8, random));
      const after = Array.from({ length: 14 }, () => dayCount(100, 8, random));
      if (testVolumeChange(before, after, { permutations: 999, seed: r + 1 }).significant) fired++;
      // The Poisson rate test this one replaces: totals' difference over its Poisson sd.
      const a = before.reduce((s, v) => s + v, 0);
      const b = after.reduce((s, v) => s + v, 0);
      if (Math.abs(b - a) / Math.sqrt(a + b) > 1.96) poissonFired++;
    }
    expect(fired / runs).toBeLessThanOrEqual(0.105);
    expect(fired).toBeGreaterThanOrEqual(2);
    // On overdispersed days a Poisson test fires far above its 5 %.
    expect(poissonFired / runs).toBeGreaterThan(0.3);
  });

  it('gives no p-value for windows of fewer than two days', () => {
    expect(testVolumeChange([5], [9]).pValue).toBeNull();
  });
});
