import type { Random } from '../../seeded-random.js';
import type { LabelledPrediction } from './fit-correction.js';

// A classifier with known confusions, for testing quantifiers: a post of true class k gets
// scores mean[k] plus Gaussian noise; its probabilities are their softmax, its label their
// argmax. Test-only helper; nothing here reads data.

export interface SyntheticClassifier {
  /** Mean scores per true class. */
  means: number[][];
  /** Noise spread of every score. */
  noise: number;
}

function gaussian(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export function syntheticPost(
  classifier: SyntheticClassifier,
  label: number,
  random: Random,
): LabelledPrediction {
  const z = classifier.means[label]!.map((m) => m + classifier.noise * gaussian(random));
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  let predicted = 0;
  for (let c = 1; c < z.length; c++) if (z[c]! > z[predicted]!) predicted = c;
  return { probabilities: e.map((v) => v / s), predicted, label };
}

/** Exactly round(prior[c] * n) posts of class c (largest remainders, so the sum is n). */
export function syntheticSample(
  classifier: SyntheticClassifier,
  prior: readonly number[],
  n: number,
  random: Random,
): { posts: LabelledPrediction[]; truth: number[] } {
  const counts = prior.map((q) => Math.floor(q * n));
  const order = prior.map((q, c) => [q * n - counts[c]!, c] as const).sort((a, b) => b[0] - a[0]);
  for (let i = 0; counts.reduce((a, b) => a + b, 0) < n; i++) counts[order[i]![1]]!++;
  const posts: LabelledPrediction[] = [];
  counts.forEach((count, c) => {
    for (let i = 0; i < count; i++) posts.push(syntheticPost(classifier, c, random));
  });
  return { posts, truth: counts.map((x) => x / n) };
}

/** A class mix drawn uniformly from the simplex. */
export function uniformMix(classes: number, random: Random): number[] {
  const e = Array.from({ length: classes }, () => -Math.log(1 - random()));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
