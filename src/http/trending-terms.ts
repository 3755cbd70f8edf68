// Terms unusually frequent in the asked window against the window before it, scored by the
// trend check in analysis/trends.
import { trendingTerms as scoreTrending } from '../analysis/trends.js';
import type { ListeningStore, MentionFilter } from '../store/listening-store.js';
import type { TrendingTerm } from './api-types.js';

const DAY_MS = 86_400_000;
/** The baseline is this many current windows long, just before the current one. */
export const BASELINE_WINDOWS = 7;
/** Terms read from the store per window before scoring. */
const CANDIDATES = 500;

export interface TrendingReport {
  terms: TrendingTerm[];
  baseline: { from: string; to: string };
  current: { from: string; to: string };
}

/**
 * Current window: `from`..`to` of the filter, by default the last day, widened to whole UTC
 * days, as term counts are kept per UTC day: the windows reported are the ones counted, so no
 * term counts more mentions than the topic has in them.
 */
export async function trendingTerms(
  store: Pick<ListeningStore, 'topTerms'>,
  filter: MentionFilter,
  limit: number,
  now: Date,
): Promise<TrendingReport> {
  const toMs = Math.ceil((filter.to ? Date.parse(filter.to) : now.getTime()) / DAY_MS) * DAY_MS;
  const asked = filter.from ? Date.parse(filter.from) : toMs - DAY_MS;
  const fromMs = Math.min(toMs - DAY_MS, Math.floor(asked / DAY_MS) * DAY_MS);
  const span = toMs - fromMs;
  const current = { from: new Date(toMs - span).toISOString(), to: new Date(toMs).toISOString() };
  const baseline = {
    from: new Date(toMs - span * (1 + BASELINE_WINDOWS)).toISOString(),
    to: current.from,
  };
  const [recent, before] = await Promise.all([
    store.topTerms({ ...filter, ...current }, CANDIDATES),
    store.topTerms({ ...filter, ...baseline }, CANDIDATES * 4),
  ]);
  const terms = scoreTrending(recent, before, {
    currentSpan: 1,
    baselineSpan: BASELINE_WINDOWS,
    limit,
  });
  return { terms, baseline, current };
}
