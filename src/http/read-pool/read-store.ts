// The reads the API serves from the store, as one interface the routes call: answered on the
// calling thread (`directReads`, for tests and stores without a file) or by a pool of read-only
// connections on worker threads (read-pool.ts), which keeps the server answering while a slow
// query runs.
import type {
  EstimatedSeriesPoint,
  ListeningStore,
  SeriesOptions,
} from '../../store/listening-store.js';
import type { Store } from '../../store/store.js';
import { estimatedSeries } from './estimated-series.js';

/** Method names a read facade serves; every argument and result is plain, cloneable data. */
export const READ_METHODS = [
  'series',
  'shareSeries',
  'sentimentShare',
  'shareStatistics',
  'breakdown',
  'topTerms',
  'listMentions',
  'getMention',
  'getThread',
  'engagementHistory',
  'estimatedSeries',
] as const;

export type ReadMethod = (typeof READ_METHODS)[number];

export type ReadStore = Pick<ListeningStore, Extract<ReadMethod, keyof ListeningStore>> &
  Pick<Store, Extract<ReadMethod, keyof Store>> & {
    /** `series` with the estimated sentiment shares of each bucket (estimated-series.ts). */
    estimatedSeries(options: SeriesOptions): Promise<EstimatedSeriesPoint[]>;
    /** Stop worker threads, if any. */
    close(): Promise<void>;
  };

/** The reads answered by `store` itself, on the calling thread, with no time budget. */
export function directReads(store: Store & ListeningStore): ReadStore {
  const reads: Partial<Record<ReadMethod, unknown>> = {};
  for (const name of READ_METHODS) {
    reads[name] =
      name === 'estimatedSeries'
        ? (options: SeriesOptions) => estimatedSeries(store, options)
        : store[name].bind(store);
  }
  return { ...(reads as Omit<ReadStore, 'close'>), close: async () => {} };
}
