// The overview page's figures per topic: a week of volume, sentiment share, a daily sparkline
// and how many spikes are happening now. Topics with active spikes come first, then by volume.

import { smallGroupRuleFor } from '../privacy/small-group-rule-for.js';
import {
  protectCount,
  protectSeries,
  protectShare,
  SUPPRESSED_ESTIMATE,
} from '../privacy/small-groups.js';
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
      (b.volume ?? 0) - (a.volume ?? 0) ||
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
  // Small groups are not singled out (src/privacy): a week or a day from fewer than k persons
  // is null with `suppressed` set, never 0, so the page can say why it shows no figure.
  const rule = smallGroupRuleFor(store);
  const estimated = daily.map((point) => ({ ...point, sentiment: SUPPRESSED_ESTIMATE }));
  const [days, volume, share] = await Promise.all([
    protectSeries(rule, filter, estimated, null),
    protectCount(rule, filter, sentiment.total),
    protectShare(rule, filter, sentiment),
  ]);
  return {
    topic,
    volume,
    sentiment: share,
    sparkline: days.map((point) => point.total),
    suppressed: volume === null,
    activeSpikes: countActiveSpikes(hourly, new Date(to.getTime() - DAY_MS)),
  };
}
