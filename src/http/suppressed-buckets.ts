// The series buckets whose figures are suppressed (src/privacy/small-groups.ts), by start time:
// what is derived from a bucket (a spike) is not reported for them either.
import {
  protectSeries,
  type SmallGroupRule,
  SUPPRESSED_ESTIMATE,
} from '../privacy/small-groups.js';
import type { MentionFilter, SeriesPoint } from '../store/listening-store.js';

export async function suppressedBuckets(
  rule: SmallGroupRule,
  filter: MentionFilter,
  points: SeriesPoint[],
): Promise<Set<string>> {
  const estimated = points.map((point) => ({ ...point, sentiment: SUPPRESSED_ESTIMATE }));
  const shown = await protectSeries(rule, filter, estimated, null);
  return new Set(shown.filter((point) => point.suppressed).map((point) => point.t));
}
