// Terms whose count in the current window is unusual against the window before it.
import type { ListeningStore, MentionFilter, TermRow } from '../store/listening-store.js';
import type { TrendingTerm } from './api-types.js';

const DAY_MS = 86_400_000;
/** The baseline is this many current windows long, just before the current one. */
const BASELINE_WINDOWS = 7;
const MIN_CURRENT = 3;
const CANDIDATES = 500;

export interface TrendingReport {
  terms: TrendingTerm[];
  baseline: { from: string; to: string };
  current: { from: string; to: string };
}

export async function trendingTerms(
  store: ListeningStore,
  filter: MentionFilter,
  limit: number,
  now: Date,
): Promise<TrendingReport> {
  const toMs = filter.to ? Date.parse(filter.to) : now.getTime();
  const fromMs = filter.from ? Date.parse(filter.from) : toMs - DAY_MS;
  const length = Math.max(1, toMs - fromMs);
  const current = { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
  const baseline = {
    from: new Date(fromMs - BASELINE_WINDOWS * length).toISOString(),
    to: current.from,
  };
  const [now_, before] = await Promise.all([
    store.topTerms({ ...filter, ...current }, CANDIDATES),
    store.topTerms({ ...filter, ...baseline }, CANDIDATES * 4),
  ]);
  return { terms: scoreTerms(now_, before, BASELINE_WINDOWS, limit), baseline, current };
}

/** A Poisson-style z score of the current count against the scaled baseline count. */
export function scoreTerms(
  current: TermRow[],
  baseline: TermRow[],
  baselineWindows: number,
  limit: number,
): TrendingTerm[] {
  const before = new Map(baseline.map((row) => [row.term, row.count]));
  return current
    .filter((row) => row.count >= MIN_CURRENT)
    .map((row) => {
      const baselineCount = before.get(row.term) ?? 0;
      const expected = baselineCount / baselineWindows;
      return {
        term: row.term,
        current: row.count,
        baseline: baselineCount,
        score: (row.count - expected) / Math.sqrt(expected + 1),
      };
    })
    .filter((term) => term.score > 0)
    .sort((a, b) => b.score - a.score || a.term.localeCompare(b.term))
    .slice(0, limit);
}
