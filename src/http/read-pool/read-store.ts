// The reads the API serves from the store, as one interface the routes call: answered on the
// calling thread (`directReads`, for tests and stores without a file) or by a pool of read-only
// connections on worker threads (read-pool.ts), which keeps the server answering while a slow
// query runs.
import type { GroupCounter } from '../../privacy/group-counter.js';
import type {
  EstimatedSeriesPoint,
  ListeningStore,
  ListMentionsOptions,
  SeriesOptions,
} from '../../store/listening-store.js';
import { sqliteGroupCounter } from '../../store/sqlite/author-groups.js';
import type { Store } from '../../store/store.js';
import { estimatedSeries } from './estimated-series.js';
import { type MentionPageBody, mentionPageBody } from './mention-page-body.js';

/** Method names a read facade serves; every argument and result is plain, cloneable data. */
export const READ_METHODS = [
  'series',
  'shareSeries',
  'sentimentShare',
  'shareStatistics',
  'breakdown',
  'topTerms',
  'listMentions',
  'listMentionsBody',
  'getMention',
  'getThread',
  'engagementHistory',
  'estimatedSeries',
  'countGroups',
] as const;

export type ReadMethod = (typeof READ_METHODS)[number];

export type ReadStore = Pick<ListeningStore, Extract<ReadMethod, keyof ListeningStore>> &
  Pick<Store, Extract<ReadMethod, keyof Store>> & {
    /** `series` with the estimated sentiment shares of each bucket (estimated-series.ts). */
    estimatedSeries(options: SeriesOptions): Promise<EstimatedSeriesPoint[]>;
    /** `listMentions` as the page's JSON text (mention-page-body.ts). */
    listMentionsBody(options: ListMentionsOptions): Promise<MentionPageBody>;
    /** Distinct persons behind a figure, up to `cap` (the small-group rule's counter). */
    countGroups: GroupCounter;
    /** Stop worker threads, if any. */
    close(): Promise<void>;
  };

/** The reads answered by `store` itself, on the calling thread, with no time budget. */
export function directReads(store: Store & ListeningStore): ReadStore {
  const reads: Partial<Record<ReadMethod, unknown>> = {};
  const db = (store as { db?: Parameters<typeof sqliteGroupCounter>[0] }).db;
  for (const name of READ_METHODS) {
    if (name === 'estimatedSeries') {
      reads[name] = (options: SeriesOptions) => estimatedSeries(store, options);
    } else if (name === 'listMentionsBody') {
      reads[name] = async (options: ListMentionsOptions) =>
        mentionPageBody(await store.listMentions(options));
    } else if (name === 'countGroups') {
      reads[name] = db
        ? sqliteGroupCounter(db)
        : () => Promise.reject(new Error('small-group counting needs the SQLite store'));
    } else {
      reads[name] = store[name].bind(store);
    }
  }
  return { ...(reads as Omit<ReadStore, 'close'>), close: async () => {} };
}
