// Did the daily volume change between two windows? A permutation test on daily counts: under
// no change the days of both windows are exchangeable, so the observed difference of mean
// daily counts is compared with the differences of random relabellings of the same days.
// Unlike a Poisson rate test it does not assume counts are Poisson: social volume is
// overdispersed (a burst day, a quiet weekend), which makes a Poisson test claim changes that
// are only ordinary day-to-day variation. Monte Carlo over `permutations` relabellings,
// seeded, so a rerun on the same counts gives the same p-value.
import { seededRandom } from '../../seeded-random.js';

export interface VolumeChange {
  /** Mentions in each window. */
  before: number;
  after: number;
  daysBefore: number;
  daysAfter: number;
  /** Mean daily count after ÷ before; null when nothing came before. */
  rateRatio: number | null;
  /** Mean daily count after − before. */
  difference: number;
  pValue: number | null;
  alpha: number;
  significant: boolean;
  permutations: number;
  method: string;
}

export const VOLUME_TEST_METHOD =
  'two-sided permutation test of the difference of mean daily counts (days relabelled at random)';

export interface VolumeChangeOptions {
  alpha?: number;
  permutations?: number;
  seed?: number;
}

const sum = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0);

export function testVolumeChange(
  beforeDays: readonly number[],
  afterDays: readonly number[],
  options: VolumeChangeOptions = {},
): VolumeChange {
  const alpha = options.alpha ?? 0.05;
  const permutations = options.permutations ?? 4999;
  const nb = beforeDays.length;
  const na = afterDays.length;
  const before = sum(beforeDays);
  const after = sum(afterDays);
  const meanBefore = nb > 0 ? before / nb : 0;
  const meanAfter = na > 0 ? after / na : 0;
  const difference = meanAfter - meanBefore;
  const result: VolumeChange = {
    before,
    after,
    daysBefore: nb,
    daysAfter: na,
    rateRatio: na > 0 && meanBefore > 0 ? meanAfter / meanBefore : null,
    difference,
    pValue: null,
    alpha,
    significant: false,
    permutations,
    method: VOLUME_TEST_METHOD,
  };
  if (nb < 2 || na < 2) return result;
  const pool = [...beforeDays, ...afterDays];
  const total = before + after;
  const random = seededRandom(options.seed ?? 20250701);
  const observed = Math.abs(difference);
  // Tolerance: relabellings giving the same difference up to rounding count as extreme.
  const eps = 1e-9 * Math.max(1, observed);
  let extreme = 0;
  for (let p = 0; p < permutations; p++) {
    // A partial Fisher–Yates shuffle draws the `na` days labelled "after".
    let drawn = 0;
    for (let i = 0; i < na; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
      drawn += pool[i]!;
    }
    const d = drawn / na - (total - drawn) / nb;
    if (Math.abs(d) >= observed - eps) extreme++;
  }
  const pValue = (extreme + 1) / (permutations + 1);
  return { ...result, pValue, significant: pValue < alpha };
}
