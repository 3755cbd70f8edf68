// Probability calibration of a classifier's class scores: vector scaling (Guo et al. 2017),
// p = softmax(scale ⊙ z + shift), fitted by minimising the log loss of out-of-fold scores.
// Temperature scaling is the special case of one shared scale and no shift.

export interface Calibration {
  /** Per-class multiplier of the scores. */
  scale: number[];
  /** Per-class addition after scaling. */
  shift: number[];
}

/** A model's calibration: one per register where measured, a default for the rest. */
export interface ModelCalibration {
  default: Calibration;
  byRegister?: Partial<Record<string, Calibration>>;
}

export function identityCalibration(classes: number): Calibration {
  return { scale: new Array<number>(classes).fill(1), shift: new Array<number>(classes).fill(0) };
}

/** Calibrated class probabilities of scores `z`; writes into `out`. */
export function calibratedProbabilities(
  z: ArrayLike<number>,
  calibration: Calibration,
  out: Float64Array = new Float64Array(z.length),
): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < z.length; c++) {
    out[c] = z[c]! * calibration.scale[c]! + calibration.shift[c]!;
    if (out[c]! > max) max = out[c]!;
  }
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    out[c] = Math.exp(out[c]! - max);
    sum += out[c]!;
  }
  for (let c = 0; c < z.length; c++) out[c] = out[c]! / sum;
  return out;
}

export interface CalibrationRow {
  scores: ArrayLike<number>;
  label: number;
}

/** Mean negative log-likelihood of the gold labels. */
export function logLoss(rows: readonly CalibrationRow[], calibration: Calibration): number {
  const p = new Float64Array(calibration.scale.length);
  let loss = 0;
  for (const r of rows) {
    calibratedProbabilities(r.scores, calibration, p);
    loss -= Math.log(Math.max(1e-15, p[r.label]!));
  }
  return loss / Math.max(1, rows.length);
}

/**
 * Fits vector scaling (or, with `temperatureOnly`, one temperature) by full-batch Adam on the
 * mean log loss; a convex problem in these parameters, so the start does not matter.
 */
export function fitCalibration(
  rows: readonly CalibrationRow[],
  classes: number,
  options: { temperatureOnly?: boolean; iterations?: number } = {},
): Calibration {
  const iterations = options.iterations ?? 1500;
  const theta = [...new Array<number>(classes).fill(1), ...new Array<number>(classes).fill(0)];
  const m = new Float64Array(theta.length);
  const v = new Float64Array(theta.length);
  const p = new Float64Array(classes);
  const rate = 0.02;
  for (let t = 1; t <= iterations; t++) {
    const grad = new Float64Array(theta.length);
    const calibration = { scale: theta.slice(0, classes), shift: theta.slice(classes) };
    for (const r of rows) {
      calibratedProbabilities(r.scores, calibration, p);
      for (let c = 0; c < classes; c++) {
        const d = p[c]! - (c === r.label ? 1 : 0);
        grad[c]! += d * r.scores[c]!;
        grad[classes + c]! += d;
      }
    }
    if (options.temperatureOnly) {
      let s = 0;
      for (let c = 0; c < classes; c++) s += grad[c]!;
      for (let c = 0; c < classes; c++) {
        grad[c] = s / classes;
        grad[classes + c] = 0;
      }
    }
    for (let i = 0; i < theta.length; i++) {
      const g = grad[i]! / rows.length;
      m[i] = 0.9 * m[i]! + 0.1 * g;
      v[i] = 0.999 * v[i]! + 0.001 * g * g;
      const mh = m[i]! / (1 - 0.9 ** t);
      const vh = v[i]! / (1 - 0.999 ** t);
      theta[i]! -= (rate * mh) / (Math.sqrt(vh) + 1e-9);
    }
  }
  // Shifts are defined up to a constant: centre them for a readable parameter file.
  const shift = theta.slice(classes);
  const meanShift = shift.reduce((a, b) => a + b, 0) / classes;
  return { scale: theta.slice(0, classes), shift: shift.map((s) => s - meanShift) };
}

/**
 * Expected calibration error of a stated confidence: rows binned by confidence into `bins`
 * equal-width bins; the row-weighted mean over bins of |share correct - mean confidence|.
 * The confidence is that of the label the model reports (its own argmax, offsets included).
 */
export function expectedCalibrationError(
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  bins = 15,
): number {
  const count = new Float64Array(bins);
  const right = new Float64Array(bins);
  const stated = new Float64Array(bins);
  for (let i = 0; i < confidence.length; i++) {
    const bin = Math.min(bins - 1, Math.floor(confidence[i]! * bins));
    count[bin]!++;
    stated[bin]! += confidence[i]!;
    if (correct[i]) right[bin]!++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) ece += Math.abs(right[b]! - stated[b]!);
  return ece / Math.max(1, confidence.length);
}
