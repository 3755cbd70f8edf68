// A series with the estimated sentiment shares of each bucket: counts and share statistics
// from the store, and the estimator run per bucket, where the reads run (on a read thread when
// pooled: a year of days is a few hundred estimates, too long for the thread serving requests).
import type {
  EstimatedSeriesPoint,
  ListeningStore,
  SeriesOptions,
} from '../../store/listening-store.js';
import { estimateSentiment } from '../../store/share-estimate.js';

export async function estimatedSeries(
  store: Pick<ListeningStore, 'series' | 'shareSeries'>,
  options: SeriesOptions,
): Promise<EstimatedSeriesPoint[]> {
  const [counts, statistics] = await Promise.all([
    store.series(options),
    store.shareSeries(options),
  ]);
  return counts.map((point, index) => ({
    ...point,
    sentiment: estimateSentiment(statistics[index]?.statistics ?? { groups: {} }),
  }));
}
