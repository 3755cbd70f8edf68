// A range against the one just before it, of the same length: volume, sentiment shares, top
// terms and top sources of each, read with the same store calls as the analytics routes.
import type {
  CountRow,
  ListeningStore,
  MentionFilter,
  SentimentShare,
  TermRow,
} from '../store/listening-store.js';

export interface PeriodFigures {
  from: string;
  to: string;
  volume: number;
  sentiment: SentimentShare;
  terms: TermRow[];
  sources: CountRow[];
}

export interface PeriodComparison {
  current: PeriodFigures;
  previous: PeriodFigures;
  /** Relative change of volume (0.25 = +25 %); null when the previous period had none. */
  volumeChange: number | null;
}

/** The previous period: the same length, ending where `from` starts. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const start = Date.parse(from);
  const length = Date.parse(to) - start;
  return { from: new Date(start - length).toISOString(), to: from };
}

export async function comparePeriods(
  store: Pick<ListeningStore, 'sentimentShare' | 'topTerms' | 'breakdown'>,
  filter: MentionFilter & { from: string; to: string },
  limit: number,
): Promise<PeriodComparison> {
  const figures = async (from: string, to: string): Promise<PeriodFigures> => {
    const narrowed = { ...filter, from, to };
    const [sentiment, terms, sources] = await Promise.all([
      store.sentimentShare(narrowed),
      store.topTerms(narrowed, limit),
      store.breakdown('source', narrowed, limit),
    ]);
    return { from, to, volume: sentiment.total, sentiment, terms, sources };
  };
  const before = previousPeriod(filter.from, filter.to);
  const [current, previous] = await Promise.all([
    figures(filter.from, filter.to),
    figures(before.from, before.to),
  ]);
  return {
    current,
    previous,
    volumeChange:
      previous.volume === 0 ? null : (current.volume - previous.volume) / previous.volume,
  };
}
