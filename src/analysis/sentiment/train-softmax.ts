// Multinomial logistic regression trained by AdaGrad over hashed, L2-normalised binary
// features. Lazy L2: a weight is only shrunk when a document touches its bucket.

import { seededRandom } from '../../seeded-random.js';

export interface EncodedDoc {
  indices: Int32Array;
  label: number;
  /** Loss weight of this row (e.g. lower for out-of-domain data); 1 when absent. */
  weight?: number;
}

export interface SoftmaxOptions {
  dims: number;
  classes: number;
  epochs: number;
  learningRate: number;
  l2: number;
  /** Per-class loss weight (rare classes weigh more). */
  classWeights: number[];
  seed: number;
  /** Return the average of the weights over all updates (steadier than the last iterate). */
  average?: boolean;
  /**
   * Per bucket and class multiplier of the feature value (dims * classes), e.g. naive-Bayes
   * log-count ratios. The returned weights have it folded in, so prediction needs no scale.
   */
  featureScale?: Float32Array;
}

export interface SoftmaxWeights {
  weights: Float32Array;
  bias: Float32Array;
}

export function logits(
  model: SoftmaxWeights,
  k: number,
  indices: Int32Array,
  out: Float64Array,
  scale?: Float32Array,
) {
  const value = 1 / Math.sqrt(Math.max(1, indices.length));
  for (let c = 0; c < k; c++) out[c] = 0;
  for (let i = 0; i < indices.length; i++) {
    const base = indices[i]! * k;
    if (scale) for (let c = 0; c < k; c++) out[c]! += model.weights[base + c]! * scale[base + c]!;
    else for (let c = 0; c < k; c++) out[c]! += model.weights[base + c]!;
  }
  for (let c = 0; c < k; c++) out[c] = out[c]! * value + model.bias[c]!;
  return out;
}

export function trainSoftmax(docs: readonly EncodedDoc[], options: SoftmaxOptions): SoftmaxWeights {
  const { dims, classes: k, epochs, learningRate: lr, l2, classWeights, featureScale } = options;
  const weights = new Float32Array(dims * k);
  const bias = new Float32Array(k);
  const accW = new Float32Array(dims * k);
  const accB = new Float64Array(k);
  const order = docs.map((_, i) => i);
  const random = seededRandom(options.seed);
  const z = new Float64Array(k);
  const grad = new Float64Array(k);
  const model = { weights, bias };
  // Averaging, done lazily: u accumulates t * update, and the mean is w - u / t at the end.
  const avgW = options.average ? new Float32Array(dims * k) : null;
  const avgB = options.average ? new Float64Array(k) : null;
  let t = 1;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const di of order) {
      const doc = docs[di]!;
      logits(model, k, doc.indices, z, featureScale);
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) max = Math.max(max, z[c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) {
        z[c] = Math.exp(z[c]! - max);
        sum += z[c]!;
      }
      const weight = (classWeights[doc.label] ?? 1) * (doc.weight ?? 1);
      for (let c = 0; c < k; c++) grad[c] = (z[c]! / sum - (c === doc.label ? 1 : 0)) * weight;
      const value = 1 / Math.sqrt(Math.max(1, doc.indices.length));
      for (let i = 0; i < doc.indices.length; i++) {
        const base = doc.indices[i]! * k;
        for (let c = 0; c < k; c++) {
          const p = base + c;
          const x = featureScale ? value * featureScale[p]! : value;
          const g = grad[c]! * x + l2 * weights[p]!;
          accW[p]! += g * g;
          const step = (lr * g) / Math.sqrt(accW[p]! + 1e-8);
          weights[p]! -= step;
          if (avgW) avgW[p]! -= t * step;
        }
      }
      for (let c = 0; c < k; c++) {
        accB[c]! += grad[c]! * grad[c]!;
        const step = (lr * grad[c]!) / Math.sqrt(accB[c]! + 1e-8);
        bias[c]! -= step;
        if (avgB) avgB[c]! -= t * step;
      }
      t++;
    }
  }
  if (avgW && avgB) {
    for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! - avgW[i]! / t;
    for (let c = 0; c < k; c++) bias[c] = bias[c]! - avgB[c]! / t;
  }
  if (featureScale) for (let i = 0; i < weights.length; i++) weights[i]! *= featureScale[i]!;
  return model;
}

/**
 * Naive-Bayes log-count ratios per bucket and class, one class against the rest (Wang & Manning
 * 2012, "NBSVM"): r = log((p_c / |p_c|) / (q_c / |q_c|)) with add-`alpha` smoothing, p_c the
 * weighted number of class-c documents holding the bucket and q_c the same over the other
 * classes. Scaling features by |r| lets the linear model start from what discriminates.
 * `floor` keeps a little of every bucket, so no feature is switched off entirely.
 */
export function naiveBayesScale(
  docs: readonly EncodedDoc[],
  dims: number,
  classes: number,
  alpha = 1,
  floor = 0.1,
): Float32Array {
  const k = classes;
  const counts = new Float64Array(dims * k);
  const seen = new Int32Array(dims).fill(-1);
  docs.forEach((d, di) => {
    const w = d.weight ?? 1;
    for (const index of d.indices) {
      if (seen[index] === di) continue;
      seen[index] = di;
      counts[index * k + d.label]! += w;
    }
  });
  const classTotals = new Float64Array(k);
  for (let i = 0; i < dims; i++) for (let c = 0; c < k; c++) classTotals[c]! += counts[i * k + c]!;
  const total = classTotals.reduce((a, b) => a + b, 0);
  const scale = new Float32Array(dims * k);
  for (let i = 0; i < dims; i++) {
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += counts[i * k + c]!;
    for (let c = 0; c < k; c++) {
      const p = (counts[i * k + c]! + alpha) / (classTotals[c]! + alpha * dims);
      const q = (rowSum - counts[i * k + c]! + alpha) / (total - classTotals[c]! + alpha * dims);
      scale[i * k + c] = floor + Math.abs(Math.log(p / q));
    }
  }
  return scale;
}

/**
 * Choose additive per-class offsets to the logits that maximise `objective` (e.g. macro-F1)
 * over held-out logits: a coordinate search over a grid, two passes. Keeps the rare neutral
 * class from being drowned by the two big ones.
 */
export function tuneBiasOffsets(
  docLogits: readonly Float64Array[],
  classes: number,
  objective: (predicted: Int32Array) => number,
): number[] {
  const k = classes;
  const offsets = new Array<number>(k).fill(0);
  const predicted = new Int32Array(docLogits.length);
  const evaluate = () => {
    for (let i = 0; i < docLogits.length; i++) {
      const z = docLogits[i]!;
      let best = 0;
      for (let c = 1; c < k; c++) if (z[c]! + offsets[c]! > z[best]! + offsets[best]!) best = c;
      predicted[i] = best;
    }
    return objective(predicted);
  };
  let best = evaluate();
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < k; c++) {
      let bestOffset = offsets[c]!;
      for (let step = -30; step <= 30; step++) {
        offsets[c] = step * 0.1;
        const score = evaluate();
        if (score > best + 1e-9) {
          best = score;
          bestOffset = offsets[c]!;
        }
      }
      offsets[c] = bestOffset;
    }
  }
  return offsets;
}
