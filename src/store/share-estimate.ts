// Share statistics -> the sentiment figure every report shows: estimated shares with their
// interval, net sentiment with its own (from the same draws, since positive and negative
// shares move together), the method and whether there are enough posts. An estimate costs
// milliseconds per group of posts, so results are kept by their statistics: a bucket whose
// posts did not change is not estimated again.
import {
  combineShareDraws,
  groupShareDraws,
  loadQuantifierParams,
  PLAIN_GROUP,
  postCount,
  type QuantifierParams,
  type ShareStatistics,
  summariseDraws,
} from '../analysis/quantify/index.js';
import type { ClassifiedCounts, SentimentEstimate, SentimentShare } from './listening-store.js';
import { LABELS_ONLY_GROUP } from './share-input.js';

const CACHE_SIZE = 4096;
const cache = new Map<string, SentimentEstimate>();

function quantile(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function compute(stats: ShareStatistics, params: QuantifierParams): SentimentEstimate {
  const n = postCount(stats);
  const labelsOnly = stats.groups[LABELS_ONLY_GROUP]?.n ?? 0;
  if (n === 0 || n < params.minPosts) {
    return {
      n,
      shares: null,
      intervals: null,
      net: null,
      netInterval: null,
      level: params.level,
      method: 'none',
      sufficient: false,
      labelsOnly,
    };
  }
  const parts = Object.keys(stats.groups)
    .sort()
    .filter((group) => stats.groups[group]!.n > 0)
    .map((group) => ({
      group,
      ...groupShareDraws(stats.groups[group]!, params.groups[group] ?? PLAIN_GROUP),
    }));
  const combined = combineShareDraws(parts);
  const summary = summariseDraws(combined, params);
  // SHARE_CLASSES order: negative, neutral, positive.
  const net = combined.point[2]! - combined.point[0]!;
  const nets = combined.draws.map((d) => d[2]! - d[0]!).sort((a, b) => a - b);
  const alpha = (1 - params.level) / 2;
  return {
    n,
    shares: summary.shares,
    intervals: summary.intervals,
    net,
    netInterval: [Math.min(net, quantile(nets, alpha)), Math.max(net, quantile(nets, 1 - alpha))],
    level: params.level,
    method: summary.method,
    sufficient: summary.sufficient,
    labelsOnly,
  };
}

const CORRECTED = /\b(acc|pacc|cells)\b/;

/** Whether any part of an estimate's method corrects for the classifier's errors. */
export function isCorrected(method: string): boolean {
  return CORRECTED.test(method);
}

/** The estimate for posts with these statistics; the committed parameters unless given. */
export function estimateSentiment(
  stats: ShareStatistics,
  params: QuantifierParams = loadQuantifierParams(),
): SentimentEstimate {
  const key = JSON.stringify(
    Object.keys(stats.groups)
      .sort()
      .map((group) => [group, stats.groups[group]]),
  );
  const cacheable = params === loadQuantifierParams();
  const hit = cacheable ? cache.get(key) : undefined;
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const estimate = compute(stats, params);
  if (cacheable) {
    cache.set(key, estimate);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return estimate;
}

/** The reported figure: mention totals, classified counts and the estimate. */
export function sentimentShareOf(
  total: number,
  counts: ClassifiedCounts,
  stats: ShareStatistics,
  params?: QuantifierParams,
): SentimentShare {
  const rated = counts.positive + counts.neutral + counts.negative;
  return {
    total,
    unknown: total - rated,
    classifiedCounts: counts,
    ...estimateSentiment(stats, params),
  };
}
