// Spike figures for the API from a series of buckets.
import type { SeriesPoint } from '../store/listening-store.js';
import type { Spike } from './api-types.js';

const WINDOW = 24;
const K = 4;
const MIN_COUNT = 5;

export interface SpikeReport {
  spikes: Spike[];
  method: string;
}

/** Buckets well above the rolling median of the ones before them. */
export function detectSpikes(points: SeriesPoint[], metric: Spike['metric']): SpikeReport {
  const values = points.map((p) =>
    metric === 'volume' ? p.total : p.negative / Math.max(1, p.positive + p.neutral + p.negative),
  );
  const spikes: Spike[] = [];
  for (let i = WINDOW; i < points.length; i++) {
    const point = points[i]!;
    const history = values.slice(i - WINDOW, i);
    const baseline = median(history);
    const mad = median(history.map((v) => Math.abs(v - baseline)));
    const threshold = baseline + K * Math.max(mad * 1.4826, metric === 'volume' ? 1 : 0.05);
    const value = values[i]!;
    const count = metric === 'volume' ? point.total : point.negative;
    if (value > threshold && count >= MIN_COUNT) {
      spikes.push({ t: point.t, metric, value, baseline, threshold });
    }
  }
  return {
    spikes,
    method: `rolling median of the previous ${WINDOW} buckets + ${K} × MAD, at least ${MIN_COUNT} mentions`,
  };
}

export function countActiveSpikes(hourly: SeriesPoint[], since: Date): number {
  const sinceMs = since.getTime();
  return detectSpikes(hourly, 'volume').spikes.filter((s) => Date.parse(s.t) >= sinceMs).length;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
