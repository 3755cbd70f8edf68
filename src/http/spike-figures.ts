// Spike figures for the API, judged by the detector in analysis/trends.
import { detectSpikes as detect } from '../analysis/trends.js';
import type { SeriesPoint } from '../store/listening-store.js';
import type { Spike } from './api-types.js';

export interface SpikeReport {
  spikes: Spike[];
  method: string;
}

export function detectSpikes(points: SeriesPoint[], metric: Spike['metric']): SpikeReport {
  const report = detect(points, { metric });
  return {
    spikes: report.spikes.map(({ t, value, baseline, threshold }) => ({
      t,
      metric,
      value,
      baseline,
      threshold,
    })),
    method: report.method,
  };
}

/** Volume spikes in hourly buckets that start at or after `since`. */
export function countActiveSpikes(hourly: SeriesPoint[], since: Date): number {
  const sinceMs = since.getTime();
  return detectSpikes(hourly, 'volume').spikes.filter((s) => Date.parse(s.t) >= sinceMs).length;
}
