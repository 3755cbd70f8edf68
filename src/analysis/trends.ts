// What is unusual in a topic's figures: spikes in a series (volume or negative share),
// terms trending against the topic's own past, and share of voice between topics. Pure
// functions over counts; every result states the baseline and threshold it was judged by.

/** One bucket of a series, as the store's series figure returns it. */
export interface SeriesBucket {
  t: string;
  total: number;
  positive: number;
  neutral: number;
  negative: number;
}

export type SpikeMetric = 'volume' | 'negative';

export interface SpikeOptions {
  metric: SpikeMetric;
  /** Previous buckets the baseline is taken from. */
  window?: number;
  /** Fewer previous buckets than this: no judgement yet. */
  minHistory?: number;
  /** How many robust standard deviations above the baseline count as a spike. */
  k?: number;
  /** Mentions a bucket needs (negative ones for 'negative') before it can be a spike. */
  minCount?: number;
  /**
   * When the figures' data begins (the first mention, ISO 8601): buckets before that are no
   * history, and none is judged until `minBaselineDays` of data lie behind it.
   */
  dataSince?: string | null;
  minBaselineDays?: number;
}

/** Days of data a spike is judged against at the least: a topic's first days have no baseline. */
export const MIN_BASELINE_DAYS = 1;
const DAY_MS = 86_400_000;

export interface SpikePoint {
  t: string;
  metric: SpikeMetric;
  value: number;
  baseline: number;
  threshold: number;
  /** Mentions in the bucket (negative mentions for 'negative'). */
  count: number;
}

export interface SpikeReport {
  spikes: SpikePoint[];
  method: string;
}

const MAD_TO_SD = 1.4826;
/** Least spread assumed for a share, so a flat 0 % history does not flag 5 %. */
const MIN_SHARE_SPREAD = 0.05;

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** When bucket `index` ends: the next bucket's start (the last one ends at +∞). */
function bucketEnd(points: readonly SeriesBucket[], index: number): number {
  const next = points[index + 1];
  return next ? Date.parse(next.t) : Number.POSITIVE_INFINITY;
}

function rated(bucket: SeriesBucket): number {
  return bucket.positive + bucket.neutral + bucket.negative;
}

/**
 * Buckets well above the rolling median of the buckets before them: baseline = median of the
 * previous `window` values, spread = max(1.4826 × MAD, floor) where the floor is √baseline
 * (at least 1) for volume, as counts vary like a Poisson variable even when the history is
 * flat, and 0.05 for the negative share; threshold = baseline + k × spread. A bucket also
 * needs `minCount` mentions, so 1 → 3 is never a spike.
 */
export function detectSpikes(points: readonly SeriesBucket[], options: SpikeOptions): SpikeReport {
  const window = options.window ?? 24;
  const minHistory = options.minHistory ?? Math.min(6, window);
  const k = options.k ?? 3.5;
  const minCount = options.minCount ?? 10;
  const volume = options.metric === 'volume';
  const baselineDays = options.minBaselineDays ?? MIN_BASELINE_DAYS;
  // Without a stated start, the data begins at the first bucket with any mention.
  const since = options.dataSince ?? points.find((p) => p.total > 0)?.t ?? null;
  const sinceMs = since === null ? Number.POSITIVE_INFINITY : Date.parse(since);
  const judgedFrom = sinceMs + baselineDays * DAY_MS;
  const values = points.map((p) => {
    if (volume) return p.total;
    const n = rated(p);
    return n === 0 ? null : p.negative / n;
  });
  const spikes: SpikePoint[] = [];
  for (let i = 0; i < points.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    if (!(Date.parse(points[i]!.t) >= judgedFrom)) continue;
    const history = values
      .slice(Math.max(0, i - window), i)
      .filter((v, j): v is number => v !== null && bucketEnd(points, i - window + j) > sinceMs);
    if (history.length < minHistory) continue;
    const baseline = median(history);
    const mad = median(history.map((v) => Math.abs(v - baseline))) * MAD_TO_SD;
    const floor = volume ? Math.max(1, Math.sqrt(baseline)) : MIN_SHARE_SPREAD;
    const threshold = baseline + k * Math.max(mad, floor);
    const point = points[i]!;
    const count = volume ? point.total : point.negative;
    if (value > threshold && count >= minCount) {
      spikes.push({ t: point.t, metric: options.metric, value, baseline, threshold, count });
    }
  }
  const spread = volume ? 'max(1.4826 × MAD, √median, 1)' : 'max(1.4826 × MAD, 0.05)';
  return {
    spikes,
    method:
      `value > median of the previous ${window} buckets + ${k} × ${spread}, ` +
      `at least ${minHistory} previous buckets and ${minCount} ${volume ? '' : 'negative '}mentions, ` +
      `from ${baselineDays} days after the first mention (no baseline before)`,
  };
}

export interface TermCount {
  term: string;
  count: number;
}

export interface TrendingTermScore {
  term: string;
  current: number;
  baseline: number;
  /** (current − expected) / √(expected + 1): a Poisson z-score with +1 smoothing. */
  score: number;
}

export interface TrendingOptions {
  /** Lengths of the two windows in any one unit (e.g. hours): the baseline is scaled to it. */
  currentSpan: number;
  baselineSpan: number;
  /** Mentions a term needs in the current window. */
  minCount?: number;
  limit?: number;
}

/**
 * Terms used more in the current window than the topic's own baseline window predicts. The
 * baseline count is scaled to the current window's length; new terms (absent from the
 * baseline) score by their count alone, damped by the +1.
 */
export function trendingTerms(
  current: readonly TermCount[],
  baseline: readonly TermCount[],
  options: TrendingOptions,
): TrendingTermScore[] {
  if (!(options.currentSpan > 0 && options.baselineSpan > 0)) {
    throw new RangeError('window spans must be positive');
  }
  const minCount = options.minCount ?? 5;
  const scale = options.currentSpan / options.baselineSpan;
  const before = new Map(baseline.map((row) => [row.term, row.count]));
  const scored: TrendingTermScore[] = [];
  for (const row of current) {
    if (row.count < minCount) continue;
    const base = before.get(row.term) ?? 0;
    const expected = base * scale;
    const score = (row.count - expected) / Math.sqrt(expected + 1);
    if (score > 0) scored.push({ term: row.term, current: row.count, baseline: base, score });
  }
  scored.sort((a, b) => b.score - a.score || a.term.localeCompare(b.term));
  return scored.slice(0, options.limit ?? 20);
}

export interface TopicVolume {
  topicId: number;
  name: string;
  count: number;
}

export interface ShareOfVoice extends TopicVolume {
  /** Of the mentions of all the given topics together, 0..1 (0 when there are none). */
  share: number;
}

/** Each topic's part of the listed topics' volume, largest first. Mentions in two topics count in both. */
export function shareOfVoice(volumes: readonly TopicVolume[]): ShareOfVoice[] {
  const total = volumes.reduce((sum, v) => sum + v.count, 0);
  return volumes
    .map((v) => ({ ...v, share: total === 0 ? 0 : v.count / total }))
    .sort((a, b) => b.count - a.count || a.topicId - b.topicId);
}
