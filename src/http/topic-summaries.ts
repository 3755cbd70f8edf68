// The overview page's figures per topic: a week of volume, sentiment share, a daily sparkline
// and how many spikes are happening now. Topics with active spikes come first, then by volume.

import { smallGroupRuleFor } from '../privacy/small-group-rule-for.js';
import { protectCount, protectSeries, SUPPRESSED_ESTIMATE } from '../privacy/small-groups.js';
import type { ListeningStore, Topic } from '../store/listening-store.js';
import type { TopicSummary } from './api-types.js';
import { countActiveSpikes } from './spike-figures.js';

const DAY_MS = 86_400_000;
const SUMMARY_DAYS = 7;
/** Hourly history the spike check compares the last day against. */
const SPIKE_HISTORY_DAYS = 8;

export async function summariseTopics(
  store: ListeningStore,
  topics: Topic[],
  now: Date,
): Promise<TopicSummary[]> {
  const summaries = await Promise.all(topics.map((topic) => summariseTopic(store, topic, now)));
  return summaries.sort(
    (a, b) =>
      Number(b.activeSpikes > 0) - Number(a.activeSpikes > 0) ||
      b.volume - a.volume ||
      a.topic.id - b.topic.id,
  );
}

async function summariseTopic(
  store: ListeningStore,
  topic: Topic,
  now: Date,
): Promise<TopicSummary> {
  const to = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  const from = new Date(to.getTime() - SUMMARY_DAYS * DAY_MS);
  const filter = { topicId: topic.id, from: from.toISOString(), to: to.toISOString() };
  const [daily, sentiment, hourly] = await Promise.all([
    store.series({ ...filter, interval: 'day' }),
    store.sentimentShare(filter),
    store.series({
      topicId: topic.id,
      from: new Date(to.getTime() - SPIKE_HISTORY_DAYS * DAY_MS).toISOString(),
      to: filter.to,
      interval: 'hour',
    }),
  ]);
  // Small groups are not singled out (src/privacy): a volume or a day from fewer than k
  // persons reads as 0 here, and the sentiment as suppressed.
  const rule = smallGroupRuleFor(store);
  const estimated = daily.map((point) => ({ ...point, sentiment: SUPPRESSED_ESTIMATE }));
  const days = await protectSeries(rule, filter, estimated, null);
  const sparkline = days.map((point) => point.total ?? 0);
  const volume = await protectCount(rule, filter, sentiment.total);
  return {
    topic,
    volume: volume ?? 0,
    sentiment:
      volume === null
        ? {
            ...sentiment,
            ...SUPPRESSED_ESTIMATE,
            total: 0,
            unknown: 0,
            classifiedCounts: { positive: 0, neutral: 0, negative: 0 },
          }
        : sentiment,
    sparkline,
    activeSpikes: countActiveSpikes(hourly, new Date(to.getTime() - DAY_MS)),
  };
}
