// Did a sentiment share change between two sets of posts? The test compares corrected shares,
// never raw labels: each window's share comes from the quantifier (src/analysis/quantify) with
// its draws. Draw r of either window is solved with the same bootstrap replicate of the
// correction matrix (replicate r mod R), so the matrix's own uncertainty, common to both
// windows, largely cancels in the difference, while each window's sampling noise is its own.
// The variance of the difference is the variance of the paired draw differences (the delta /
// bootstrap variance the quantifier gives), and the statistic z = difference / its standard
// deviation is read against the standard normal: a Wald test of a difference of corrected
// proportions.
import {
  combineShareDraws,
  groupShareDraws,
  PLAIN_GROUP,
  type QuantifierParams,
  SHARE_CLASSES,
  type ShareClass,
  type ShareDraws,
  type ShareStatistics,
} from '../../analysis/quantify/index.js';
import { twoSidedP } from './normal.js';

export interface ShareChange {
  share: ShareClass;
  /** Corrected share before and after; null when a window has no post with a sentiment. */
  before: number | null;
  after: number | null;
  /** after − before, with its central interval at `intervalLevel`. */
  difference: number | null;
  interval: [number, number] | null;
  intervalLevel: number;
  /** Standard deviation of the difference, from the paired draws. */
  standardError: number | null;
  z: number | null;
  pValue: number | null;
  /** Significance level the verdict is read at. */
  alpha: number;
  significant: boolean;
  postsBefore: number;
  postsAfter: number;
  /** Below this many posts in either window the test is not run. */
  minPosts: number;
  method: string;
}

export const SHARE_TEST_METHOD =
  'Wald test of the difference of corrected shares; variance from paired quantifier draws (same correction replicate, independent sampling noise)';

function drawsOf(stats: ShareStatistics, params: QuantifierParams): ShareDraws {
  const parts = Object.keys(stats.groups)
    .sort()
    .filter((group) => stats.groups[group]!.n > 0)
    .map((group) => ({
      group,
      ...groupShareDraws(stats.groups[group]!, params.groups[group] ?? PLAIN_GROUP),
    }));
  return combineShareDraws(parts);
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface ShareChangeOptions {
  share?: ShareClass;
  /** Default 0.05. */
  alpha?: number;
}

export function testShareChange(
  before: ShareStatistics,
  after: ShareStatistics,
  params: QuantifierParams,
  options: ShareChangeOptions = {},
): ShareChange {
  const share = options.share ?? 'negative';
  const alpha = options.alpha ?? 0.05;
  const c = SHARE_CLASSES.indexOf(share);
  const a = drawsOf(before, params);
  const b = drawsOf(after, params);
  const base = {
    share,
    intervalLevel: params.level,
    alpha,
    postsBefore: a.n,
    postsAfter: b.n,
    minPosts: params.minPosts,
    method: SHARE_TEST_METHOD,
  };
  const empty = {
    ...base,
    before: a.n > 0 ? a.point[c]! : null,
    after: b.n > 0 ? b.point[c]! : null,
    difference: null,
    interval: null,
    standardError: null,
    z: null,
    pValue: null,
    significant: false,
  };
  if (a.n < params.minPosts || b.n < params.minPosts) return empty;
  const difference = b.point[c]! - a.point[c]!;
  const diffs = a.draws.map((d, r) => b.draws[r]![c]! - d[c]!);
  const mean = diffs.reduce((s, v) => s + v, 0) / diffs.length;
  const variance = diffs.reduce((s, v) => s + (v - mean) ** 2, 0) / (diffs.length - 1);
  const standardError = Math.sqrt(variance);
  const sorted = [...diffs].sort((x, y) => x - y);
  const tail = (1 - params.level) / 2;
  const z = standardError > 0 ? difference / standardError : difference === 0 ? 0 : Infinity;
  const pValue = twoSidedP(z);
  return {
    ...empty,
    difference,
    interval: [
      Math.min(difference, quantile(sorted, tail)),
      Math.max(difference, quantile(sorted, 1 - tail)),
    ],
    standardError,
    z,
    pValue,
    significant: pValue < alpha,
  };
}
