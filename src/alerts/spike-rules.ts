// Judges a topic's volume and negative-share spike rules on the current hour and the one
// before it. Volume uses the robust detector of analysis/trends; the negative share uses the
// store's estimated shares with their intervals: an hour is a spike when the lower end of its
// negative share's interval lies above the upper end of the baseline hours' interval, i.e.
// the two estimates do not overlap and the current one is higher.
import { detectSpikes, type SeriesBucket } from '../analysis/trends.js';
import type { ListeningStore } from '../store/listening-store.js';
import type { AlertRule, NewAlert } from './alert-types.js';

export type SpikeFigures = Pick<ListeningStore, 'series' | 'sentimentShare' | 'listMentions'>;

const HOUR_MS = 3_600_000;
export const DEFAULT_BASELINE_HOURS = 24;
export const DEFAULT_VOLUME_K = 3.5;
export const DEFAULT_VOLUME_MIN_COUNT = 10;
export const DEFAULT_NEGATIVE_MIN_COUNT = 5;
/** Mentions linked from an alert. */
export const LINKED_MENTIONS = 20;

/** Start of the hour holding `now`, and of the hour before it: the windows judged. */
export function judgedHours(now: Date): number[] {
  const current = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  return [current - HOUR_MS, current];
}

const iso = (ms: number) => new Date(ms).toISOString();

async function mentionIdsIn(
  store: SpikeFigures,
  topicId: number,
  from: number,
  negativeOnly: boolean,
): Promise<number[]> {
  const page = await store.listMentions({
    topicId,
    from: iso(from),
    to: iso(from + HOUR_MS),
    sentiments: negativeOnly ? ['negative'] : undefined,
    limit: LINKED_MENTIONS,
  });
  return page.mentions.map((m) => m.id);
}

/**
 * Hourly buckets with empty hours filled with 0, from the topic's first mention on when it had
 * none before the range: hours before a topic had any data are no baseline.
 */
function filledHours(
  points: SeriesBucket[],
  fromMs: number,
  toMs: number,
  hadEarlierData: boolean,
): SeriesBucket[] {
  const byHour = new Map(points.map((p) => [Date.parse(p.t), p]));
  const filled: SeriesBucket[] = [];
  for (let t = fromMs; t < toMs; t += HOUR_MS) {
    const point = byHour.get(t);
    if (!hadEarlierData && filled.length === 0 && !point?.total) continue;
    filled.push(point ?? { t: iso(t), total: 0, positive: 0, neutral: 0, negative: 0 });
  }
  return filled;
}

export async function judgeVolume(
  store: SpikeFigures,
  rule: AlertRule,
  now: Date,
): Promise<NewAlert[]> {
  const window = rule.settings.baselineHours ?? DEFAULT_BASELINE_HOURS;
  const hours = judgedHours(now);
  const from = hours[0]! - window * HOUR_MS;
  const to = hours[1]! + HOUR_MS;
  const points = await store.series({
    topicId: rule.topicId,
    from: iso(from),
    to: iso(to),
    interval: 'hour',
    timeZone: 'UTC',
  });
  const earlier = await store.listMentions({ topicId: rule.topicId, to: iso(from), limit: 1 });
  const report = detectSpikes(filledHours(points, from, to, earlier.mentions.length > 0), {
    metric: 'volume',
    window,
    k: rule.settings.k ?? DEFAULT_VOLUME_K,
    minCount: rule.settings.minCount ?? DEFAULT_VOLUME_MIN_COUNT,
  });
  const alerts: NewAlert[] = [];
  for (const spike of report.spikes) {
    const start = Date.parse(spike.t);
    if (start < hours[0]!) continue;
    alerts.push({
      ruleId: rule.id,
      topicId: rule.topicId,
      windowKey: `hour:${spike.t}`,
      title:
        `Volume spike: ${spike.value} mentions in the hour from ${spike.t} ` +
        `(baseline ${round(spike.baseline)}, threshold ${round(spike.threshold)})`,
      detail: {
        metric: 'volume',
        from: spike.t,
        to: iso(start + HOUR_MS),
        value: spike.value,
        baseline: spike.baseline,
        threshold: spike.threshold,
        method: report.method,
      },
      mentionIds: await mentionIdsIn(store, rule.topicId, start, false),
    });
  }
  return alerts;
}

export async function judgeNegativeShare(
  store: SpikeFigures,
  rule: AlertRule,
  now: Date,
): Promise<NewAlert[]> {
  const window = rule.settings.baselineHours ?? DEFAULT_BASELINE_HOURS;
  const minCount = rule.settings.minCount ?? DEFAULT_NEGATIVE_MIN_COUNT;
  const alerts: NewAlert[] = [];
  for (const start of judgedHours(now)) {
    const current = await store.sentimentShare({
      topicId: rule.topicId,
      from: iso(start),
      to: iso(start + HOUR_MS),
    });
    if (!current.shares || !current.intervals) continue;
    if (current.classifiedCounts.negative < minCount) continue;
    const baseline = await store.sentimentShare({
      topicId: rule.topicId,
      from: iso(start - window * HOUR_MS),
      to: iso(start),
    });
    if (!baseline.shares || !baseline.intervals) continue;
    const low = current.intervals.negative[0];
    const threshold = baseline.intervals.negative[1];
    if (!(low > threshold)) continue;
    const level = Math.round(current.level * 100);
    alerts.push({
      ruleId: rule.id,
      topicId: rule.topicId,
      windowKey: `hour:${iso(start)}`,
      title:
        `Negative share spike: ${percent(current.shares.negative)} negative in the hour from ` +
        `${iso(start)} (baseline ${percent(baseline.shares.negative)}, threshold ${percent(threshold)})`,
      detail: {
        metric: 'negative_share',
        from: iso(start),
        to: iso(start + HOUR_MS),
        value: current.shares.negative,
        baseline: baseline.shares.negative,
        threshold,
        method:
          `lower end of the hour's ${level}% interval of the estimated negative share ` +
          `(${percent(low)}) above the upper end of the previous ${window} hours' interval, ` +
          `with at least ${minCount} negative mentions`,
      },
      mentionIds: await mentionIdsIn(store, rule.topicId, start, true),
    });
  }
  return alerts;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
