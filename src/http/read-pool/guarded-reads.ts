// Puts the read bounds (read-limits.ts) in front of a read facade, so a request past them is
// refused with a 400 before it costs a connection, and a store's RangeError about what was
// asked (too many buckets, a bad time) is answered as a 400 too, not a 500.
import type { MentionFilter } from '../../store/listening-store.js';
import { HttpError } from '../api-error.js';
import { checkDateRange, checkQueryCost, checkSeriesSize } from './read-limits.js';
import type { ReadStore } from './read-store.js';

async function asBadRequest<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof RangeError) throw new HttpError(400, error.message);
    throw error;
  }
}

export function guardedReads(inner: ReadStore): ReadStore {
  const filtered = (filter: MentionFilter) => checkDateRange(filter);
  return {
    series: async (options) => {
      checkSeriesSize(options);
      return asBadRequest(inner.series(options));
    },
    estimatedSeries: async (options) => {
      checkSeriesSize(options);
      return asBadRequest(inner.estimatedSeries(options));
    },
    shareSeries: async (options) => {
      checkSeriesSize(options);
      return asBadRequest(inner.shareSeries(options));
    },
    sentimentShare: async (filter) => {
      filtered(filter);
      return asBadRequest(inner.sentimentShare(filter));
    },
    shareStatistics: async (filter) => {
      filtered(filter);
      return asBadRequest(inner.shareStatistics(filter));
    },
    breakdown: async (by, filter, limit) => {
      filtered(filter);
      return asBadRequest(inner.breakdown(by, filter, limit));
    },
    // Trending asks for windows before the asked range: its own dates are not the client's.
    topTerms: (filter, limit) => asBadRequest(inner.topTerms(filter, limit)),
    // A RangeError here is about the cursor, which the route answers itself.
    listMentions: async (options) => {
      filtered(options);
      if (options.query !== undefined) checkQueryCost(options.query);
      return inner.listMentions(options);
    },
    listMentionsBody: async (options) => {
      filtered(options);
      if (options.query !== undefined) checkQueryCost(options.query);
      return inner.listMentionsBody(options);
    },
    countGroups: (query, cap) => inner.countGroups(query, cap),
    getMention: (id) => inner.getMention(id),
    getThread: (id, options) => inner.getThread(id, options),
    engagementHistory: (id, limit) => inner.engagementHistory(id, limit),
    close: () => inner.close(),
  };
}
