// A period comparison as the API may show it: each figure goes through the same small-group
// rule as the analytics routes (src/privacy/small-groups.ts), period by period.
import {
  type ProtectedSentimentShare,
  protectBreakdown,
  protectCount,
  protectShare,
  protectTerms,
  type SmallGroupRule,
} from '../privacy/small-groups.js';
import type { CountRow, MentionFilter, TermRow } from '../store/listening-store.js';
import type { PeriodComparison, PeriodFigures } from './period-comparison.js';

export interface ProtectedPeriodFigures {
  from: string;
  to: string;
  /** Null where it would single out fewer than k persons. */
  volume: number | null;
  sentiment: ProtectedSentimentShare;
  terms: TermRow[];
  sources: CountRow[];
}

export interface ProtectedComparison {
  current: ProtectedPeriodFigures;
  previous: ProtectedPeriodFigures;
  volumeChange: number | null;
}

async function protectFigures(
  rule: SmallGroupRule,
  filter: MentionFilter,
  figures: PeriodFigures,
): Promise<ProtectedPeriodFigures> {
  const narrowed = { ...filter, from: figures.from, to: figures.to };
  const [volume, sentiment, terms, sources] = await Promise.all([
    protectCount(rule, narrowed, figures.volume),
    protectShare(rule, narrowed, figures.sentiment),
    protectTerms(rule, narrowed, figures.terms),
    protectBreakdown(rule, 'source', narrowed, figures.sources),
  ]);
  return { from: figures.from, to: figures.to, volume, sentiment, terms, sources: sources.rows };
}

export async function protectComparison(
  rule: SmallGroupRule,
  filter: MentionFilter,
  comparison: PeriodComparison,
): Promise<ProtectedComparison> {
  const [current, previous] = await Promise.all([
    protectFigures(rule, filter, comparison.current),
    protectFigures(rule, filter, comparison.previous),
  ]);
  const shown = current.volume !== null && previous.volume !== null;
  return { current, previous, volumeChange: shown ? comparison.volumeChange : null };
}
