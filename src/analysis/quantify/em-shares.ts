// EM re-estimation of class priors (Saerens, Latinne and Decaestecker, 2002): posteriors
// calibrated under the training prior are re-weighted by the ratio of the current estimate to
// that prior, and the estimate becomes their mean, until it stops moving. Needs every post's
// probabilities, so it cannot run on additive roll-up statistics.

export function emShares(
  probabilities: readonly ArrayLike<number>[],
  trainingPrior: readonly number[],
  options: { maxIterations?: number; tolerance?: number } = {},
): number[] {
  const k = trainingPrior.length;
  if (probabilities.length === 0) return new Array<number>(k).fill(0);
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-6;
  let q = new Array<number>(k).fill(0);
  for (const p of probabilities) for (let c = 0; c < k; c++) q[c]! += p[c]! / probabilities.length;
  const w = new Array<number>(k);
  for (let it = 0; it < maxIterations; it++) {
    for (let c = 0; c < k; c++) w[c] = q[c]! / Math.max(1e-12, trainingPrior[c]!);
    const next = new Array<number>(k).fill(0);
    for (const p of probabilities) {
      let sum = 0;
      for (let c = 0; c < k; c++) sum += p[c]! * w[c]!;
      if (!(sum > 0)) continue;
      for (let c = 0; c < k; c++) next[c]! += (p[c]! * w[c]!) / sum / probabilities.length;
    }
    let moved = 0;
    for (let c = 0; c < k; c++) moved = Math.max(moved, Math.abs(next[c]! - q[c]!));
    q = next;
    if (moved < tolerance) break;
  }
  return q;
}
