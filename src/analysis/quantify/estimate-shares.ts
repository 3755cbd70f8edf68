import { seededRandom } from '../../seeded-random.js';
import {
  type ClassProbabilities,
  type GroupStatistics,
  postCount,
  probabilityMoments,
  productIndex,
  SHARE_CLASSES,
  type ShareStatistics,
} from './share-statistics.js';
import { type Matrix, type SimplexSolver, simplexSolver } from './simplex.js';

// Class shares of a set of posts from its additive statistics, corrected for the classifier's
// known confusions, with intervals. Per group of posts (see ShareStatistics) one method:
//
//   cc     classify and count: share of predicted labels (no correction)
//   pcc    probabilistic classify and count: mean calibrated probability (no correction)
//   acc    adjusted count: solve M q = label shares, M[j][k] = P(predicted j | true k)
//   pacc   probabilistic adjusted count: solve M q = mean probability, M[j][k] = E[p_j | true k]
//   cells  adjusted count over 15 cells of the probability triangle instead of 3 labels:
//          M[i][k] = P(cell i | true k); finer cells separate classes the labels mix up
//
// Every adjusted method solves its system by least squares on the simplex. M is estimated out
// of fold; bootstrap replicates of it carry its uncertainty. Each interval draw takes one
// replicate, adds sampling noise to the observed vector (normal, with the covariance the
// statistics give), and solves; the interval is the central share of the draws. Groups are
// combined weighted by their post counts, draw by draw.

export type ShareMethod = 'cc' | 'pcc' | 'acc' | 'pacc' | 'cells';
export type CorrectedMethod = 'acc' | 'pacc' | 'cells';

export interface CorrectionMatrix {
  /** [observed component][true class]. */
  point: number[][];
  /** Bootstrap replicates of `point` (the fit's rows resampled within each class). */
  replicates: number[][][];
}

export interface GroupParams {
  method: ShareMethod;
  /** Replicates are spread this many times their bootstrap spread around the point. */
  spread: number;
  corrections: Partial<Record<CorrectedMethod, CorrectionMatrix>>;
  /** Class mix of the rows the matrices were estimated on. */
  trainingPrior: number[];
}

export interface IntervalRule {
  /** Central coverage of the intervals, e.g. 0.9. */
  level: number;
  /** Fewer posts than this: `sufficient` is false. */
  minPosts: number;
  /** An interval wider than this on any class: `sufficient` is false. */
  maxIntervalWidth: number;
}

export interface QuantifierParams extends IntervalRule {
  /** By group key; a group without parameters is estimated by plain averaging (pcc). */
  groups: Record<string, GroupParams>;
}

export interface ShareEstimate {
  n: number;
  shares: ClassProbabilities;
  intervals: Record<keyof ClassProbabilities, [number, number]>;
  /** The method, or `group=method` pairs joined by ', ' when groups were estimated apart. */
  method: string;
  /** False when there are too few posts to say anything (IntervalRule). */
  sufficient: boolean;
}

const C = SHARE_CLASSES.length;

export const PLAIN_GROUP: GroupParams = {
  method: 'pcc',
  spread: 1,
  corrections: {},
  trainingPrior: new Array<number>(C).fill(1 / C),
};

function identity(): number[][] {
  return Array.from({ length: C }, (_, j) =>
    Array.from({ length: C }, (_, k) => (j === k ? 1 : 0)),
  );
}

/**
 * Per-post covariance of observed vectors with the given sums and second moments, with one
 * pseudo-post spread evenly over the components added: a handful of identical posts would
 * otherwise claim no sampling noise at all. Its weight fades as 1/(n+1).
 */
function covariance(sums: readonly number[], second: (j: number, k: number) => number, n: number) {
  const d = sums.length;
  const m = sums.map((v) => (v + 1 / d) / (n + 1));
  return m.map((mj, j) =>
    m.map((mk, k) => (second(j, k) + (j === k ? 1 / d : 0)) / (n + 1) - mj * mk),
  );
}

/** The observed vector of a method (means over posts) and its per-post covariance. */
function observed(stats: GroupStatistics, method: ShareMethod) {
  const n = Math.max(1, stats.n);
  if (method === 'pcc' || method === 'pacc') {
    const { mean } = probabilityMoments(stats);
    const second = (j: number, k: number) => stats.products[productIndex(j, k)]!;
    return { mean, cov: covariance(stats.probs, second, stats.n) };
  }
  // One-hot observations (a label, a cell): the second moment is diagonal, the counts.
  const counts = method === 'cells' ? stats.cells : stats.labels;
  const second = (j: number, k: number) => (j === k ? counts[j]! : 0);
  return { mean: counts.map((v) => v / n), cov: covariance(counts, second, stats.n) };
}

/**
 * Lower-triangular L with L L' = the leading (d-1)x(d-1) block of `cov`: every observed vector
 * sums to one, so the last component's noise is minus the sum of the others'. Non-positive
 * pivots (an empty cell, rounding) get no noise in that direction.
 */
function choleskyFree(cov: Matrix): number[][] {
  const d = cov.length - 1;
  const l = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = cov[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) l[i]![i] = s > 1e-15 ? Math.sqrt(s) : 0;
      else l[i]![j] = l[j]![j]! > 0 ? s / l[j]![j]! : 0;
    }
  }
  return l;
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function toShares(q: readonly number[]): ClassProbabilities {
  return { negative: q[0]!, neutral: q[1]!, positive: q[2]! };
}

/** Draws per estimate: enough for stable 5 % and 95 % percentiles. */
export const SHARE_DRAWS = 400;

export interface ShareDraws {
  n: number;
  method: string;
  /** The estimate itself. */
  point: number[];
  /** SHARE_DRAWS plausible estimates (sampling noise and one matrix replicate each). */
  draws: number[][];
}

function spreadReplicate(point: Matrix, replicate: Matrix, spread: number): number[][] {
  return point.map((row, j) =>
    row.map((v, k) => Math.max(0, v + spread * (replicate[j]![k]! - v))),
  );
}

interface PreparedCorrection {
  point: SimplexSolver;
  replicates: SimplexSolver[];
}

/** Solvers of a correction's point and spread replicates, prepared once per parameter object. */
const prepared = new WeakMap<object, Map<number, PreparedCorrection>>();
const IDENTITY: CorrectionMatrix = { point: identity(), replicates: [] };

function prepare(correction: CorrectionMatrix | undefined, spread: number): PreparedCorrection {
  const key = correction ?? IDENTITY;
  let bySpread = prepared.get(key);
  if (!bySpread) {
    bySpread = new Map();
    prepared.set(key, bySpread);
  }
  let solvers = bySpread.get(spread);
  if (!solvers) {
    const point = simplexSolver(key.point);
    solvers = {
      point,
      replicates: key.replicates.length
        ? key.replicates.map((r) => simplexSolver(spreadReplicate(key.point, r, spread)))
        : [point],
    };
    bySpread.set(spread, solvers);
  }
  return solvers;
}

/** One group's estimate and its draws; no draws when it has no posts. Deterministic. */
export function groupShareDraws(stats: GroupStatistics, params: GroupParams): ShareDraws {
  const method = params.method;
  if (stats.n <= 0) return { n: 0, method, point: new Array<number>(C).fill(0), draws: [] };
  const correction =
    method === 'acc' || method === 'pacc' || method === 'cells'
      ? params.corrections[method]
      : undefined;
  if ((method === 'acc' || method === 'pacc' || method === 'cells') && !correction) {
    throw new Error(`quantifier parameters name ${method} but hold no ${method} matrix`);
  }
  const solvers = prepare(correction, params.spread);
  const { mean, cov } = observed(stats, method);
  const l = choleskyFree(cov);
  const d = mean.length;
  const scale = 1 / Math.sqrt(stats.n);
  const replicates = solvers.replicates;
  // Seeded by the statistics themselves, so the same posts always get the same interval.
  const random = seededRandom(Math.round(stats.n * 7919 + stats.probs[0]! * 104729) >>> 0);
  const normal = () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const draws: number[][] = [];
  const z = new Array<number>(d - 1);
  const b = new Array<number>(d);
  for (let r = 0; r < SHARE_DRAWS; r++) {
    for (let i = 0; i < d - 1; i++) z[i] = normal();
    let last = 0;
    for (let i = 0; i < d - 1; i++) {
      let e = 0;
      for (let k = 0; k <= i; k++) e += l[i]![k]! * z[k]!;
      b[i] = mean[i]! + e * scale;
      last -= e * scale;
    }
    b[d - 1] = mean[d - 1]! + last;
    draws.push(replicates[r % replicates.length]!(b));
  }
  return { n: stats.n, method, point: solvers.point(mean), draws };
}

/**
 * One estimate from the draws of disjoint groups of posts, each with its own method: shares and
 * every draw are the groups' n-weighted means.
 */
export function combineShareDraws(parts: readonly (ShareDraws & { group?: string })[]): ShareDraws {
  const used = parts.filter((p) => p.n > 0);
  const n = used.reduce((sum, p) => sum + p.n, 0);
  const method =
    used.length === 1 || new Set(used.map((p) => p.method)).size === 1
      ? (used[0]?.method ?? 'pcc')
      : used.map((p) => `${p.group ?? '?'}=${p.method}`).join(', ');
  if (n === 0) return { n: 0, method, point: new Array<number>(C).fill(0), draws: [] };
  const point = new Array<number>(C).fill(0);
  const draws = Array.from({ length: SHARE_DRAWS }, () => new Array<number>(C).fill(0));
  for (const p of used) {
    const w = p.n / n;
    for (let c = 0; c < C; c++) point[c]! += w * p.point[c]!;
    for (let r = 0; r < SHARE_DRAWS; r++) {
      for (let c = 0; c < C; c++) draws[r]![c]! += w * p.draws[r]![c]!;
    }
  }
  return { n, method, point, draws };
}

/** Shares, intervals and the sufficiency rule from an estimate's draws. */
export function summariseDraws(estimate: ShareDraws, rule: IntervalRule): ShareEstimate {
  if (estimate.n <= 0 || estimate.draws.length === 0) {
    return {
      n: 0,
      shares: toShares([0, 0, 0]),
      intervals: { negative: [0, 1], neutral: [0, 1], positive: [0, 1] },
      method: estimate.method,
      sufficient: false,
    };
  }
  const alpha = (1 - rule.level) / 2;
  const bounds = SHARE_CLASSES.map((_, c): [number, number] => {
    const s = estimate.draws.map((d) => d[c]!).sort((x, y) => x - y);
    // The point estimate always lies inside its own interval.
    const lo = Math.min(estimate.point[c]!, quantile(s, alpha));
    const hi = Math.max(estimate.point[c]!, quantile(s, 1 - alpha));
    return [lo, hi];
  });
  const widest = Math.max(...bounds.map(([lo, hi]) => hi - lo));
  return {
    n: estimate.n,
    shares: toShares(estimate.point),
    intervals: { negative: bounds[0]!, neutral: bounds[1]!, positive: bounds[2]! },
    method: estimate.method,
    sufficient: estimate.n >= rule.minPosts && widest <= rule.maxIntervalWidth,
  };
}

export interface GroupedShareEstimate extends ShareEstimate {
  /** Each group's own estimate. */
  groups: Record<string, ShareEstimate>;
}

/** Shares of the posts behind `stats`, every group with its parameters. Deterministic. */
export function estimateShares(
  stats: ShareStatistics,
  params: QuantifierParams,
): GroupedShareEstimate {
  const parts = Object.entries(stats.groups)
    .filter(([, g]) => g.n > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, g]) => ({ group, ...groupShareDraws(g, params.groups[group] ?? PLAIN_GROUP) }));
  const groups: Record<string, ShareEstimate> = {};
  for (const p of parts) groups[p.group] = summariseDraws(p, params);
  const combined = summariseDraws(combineShareDraws(parts), params);
  if (postCount(stats) === 0) combined.method = 'none';
  return { ...combined, groups };
}
