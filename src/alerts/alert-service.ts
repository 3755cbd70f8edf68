// Decides when a rule fires and records the alert with its deliveries. Match and new-story
// rules are judged on each mention as it is tagged at ingest; spike rules on the tagged topics right after a
// batch, and on a timer for every topic. An alert is stored once per rule and window (the
// store's unique key), so judging a window again never fires twice.

import { matchDocumentOf } from '../jobs/topic-tagger.js';
import type { Mention } from '../model.js';
import { compileMatcher } from '../query/match.js';
import { parseQuery } from '../query/parse.js';
import type { Alert, AlertRule, AlertStore, NewAlert, NewDelivery } from './alert-types.js';
import { localDay, quietUntil } from './local-time.js';
import {
  judgeNegativeShare,
  judgeVolume,
  LINKED_MENTIONS,
  type SpikeFigures,
} from './spike-rules.js';
import { judgeNewStories, type StorySizes } from './story-rules.js';

export interface AlertServiceOptions {
  alerts: AlertStore;
  figures: SpikeFigures;
  /** Story sizes within a topic, for new-story rules (none: those rules stay silent). */
  stories?: StorySizes | null;
  now?: () => Date;
  /** Called with each alert recorded (not suppressed), e.g. to deliver at once. */
  onAlert?: (alert: Alert) => void;
}

type Matcher = (mention: Mention) => boolean;

export class AlertService {
  private readonly now: () => Date;
  private pendingMentions: [Mention, number[]][] = [];
  private pendingTopics = new Set<number>();
  private scheduled = false;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly matchers = new Map<string, Matcher | null>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: AlertServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** The listening events hook: mentions tagged at ingest (or by a back-fill). */
  mentionTagged(mention: Mention, topicIds: number[]): void {
    this.pendingMentions.push([mention, topicIds]);
    for (const id of topicIds) this.pendingTopics.add(id);
    if (this.scheduled) return;
    this.scheduled = true;
    // A batch publishes its mentions one by one; judging after it lets one alert cover it.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /** Judges what was tagged since the last call; resolves when done. */
  flush(): Promise<Alert[]> {
    const mentions = this.pendingMentions;
    const topics = [...this.pendingTopics];
    this.pendingMentions = [];
    this.pendingTopics = new Set();
    return this.serial(async () => [
      ...(await this.judgeMatches(mentions)),
      ...(await this.judgeStories(mentions)),
      ...(await this.judgeSpikes(topics)),
    ]);
  }

  /** Judges every enabled spike rule (the timer's work). */
  evaluateSpikes(): Promise<Alert[]> {
    return this.serial(() => this.judgeSpikes(null));
  }

  /** Runs evaluateSpikes every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      this.evaluateSpikes().catch((error: Error) =>
        console.error(`alerts: spike evaluation failed: ${error.message}`),
      );
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Waits for the judging in progress. */
  async idle(): Promise<void> {
    await this.chain;
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.chain.then(run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private matcherOf(rule: AlertRule): Matcher | null {
    const query = rule.query ?? '';
    if (!this.matchers.has(query)) {
      try {
        const match = compileMatcher(parseQuery(query));
        this.matchers.set(query, (mention) => match(matchDocumentOf(mention)));
      } catch {
        this.matchers.set(query, null);
      }
    }
    return this.matchers.get(query) ?? null;
  }

  private async judgeMatches(tagged: [Mention, number[]][]): Promise<Alert[]> {
    if (tagged.length === 0) return [];
    const fired: Alert[] = [];
    for (const rule of await this.options.alerts.listRules()) {
      if (!rule.enabled || rule.kind !== 'match') continue;
      const match = this.matcherOf(rule);
      if (!match) continue;
      // Only mentions stored after the rule, and after its last alert: edits and back-fills
      // publish mentions again, and history is not news.
      const hits = tagged
        .filter(([m, topics]) => topics.includes(rule.topicId) && m.id > rule.afterMentionId)
        .map(([m]) => m)
        .filter(match);
      if (hits.length === 0) continue;
      const ids = [...new Set(hits.map((m) => m.id))].sort((a, b) => a - b);
      const first = ids[0]!;
      const last = ids[ids.length - 1]!;
      const times = hits.map((m) => m.publishedAt ?? m.collectedAt).sort();
      await this.options.alerts.advanceWatermark(rule.id, last);
      const alert = await this.record(rule, {
        ruleId: rule.id,
        topicId: rule.topicId,
        windowKey: `mentions:${first}-${last}`,
        title: `${ids.length} new mention${ids.length === 1 ? '' : 's'} matching ${rule.query}`,
        detail: {
          metric: 'match',
          from: times[0]!,
          to: times[times.length - 1]!,
          value: ids.length,
          baseline: null,
          threshold: 1,
          method: `any new mention of the topic matching the sub-query ${rule.query}`,
        },
        mentionIds: ids.slice(0, LINKED_MENTIONS),
      });
      if (alert) fired.push(alert);
    }
    return fired;
  }

  private async judgeStories(tagged: [Mention, number[]][]): Promise<Alert[]> {
    const sizes = this.options.stories;
    if (!sizes || tagged.length === 0) return [];
    const fired: Alert[] = [];
    for (const rule of await this.options.alerts.listRules()) {
      if (!rule.enabled || rule.kind !== 'new_story') continue;
      const ids = tagged.filter(([, topics]) => topics.includes(rule.topicId)).map(([m]) => m.id);
      for (const candidate of await judgeNewStories(sizes, rule, [...new Set(ids)])) {
        const alert = await this.record(rule, candidate);
        if (alert) fired.push(alert);
      }
    }
    return fired;
  }

  /** Spike rules of the given topics, or of every topic when null. */
  private async judgeSpikes(topicIds: number[] | null): Promise<Alert[]> {
    if (topicIds !== null && topicIds.length === 0) return [];
    const wanted = topicIds === null ? null : new Set(topicIds);
    const now = this.now();
    const fired: Alert[] = [];
    for (const rule of await this.options.alerts.listRules()) {
      if (!rule.enabled || (rule.kind !== 'volume_spike' && rule.kind !== 'negative_spike')) {
        continue;
      }
      if (wanted && !wanted.has(rule.topicId)) continue;
      const judge = rule.kind === 'volume_spike' ? judgeVolume : judgeNegativeShare;
      for (const candidate of await judge(this.options.figures, rule, now)) {
        const alert = await this.record(rule, candidate);
        if (alert) fired.push(alert);
      }
    }
    return fired;
  }

  /**
   * Stores an alert unless its window already has one. Over the day's cap it is kept as
   * suppressed, delivered nowhere; in quiet hours its deliveries wait for their end.
   */
  private async record(rule: AlertRule, alert: NewAlert): Promise<Alert | null> {
    const at = this.now();
    const day = localDay(at, rule.timeZone);
    const capped = (await this.options.alerts.countAlertsOnDay(rule.id, day)) >= rule.dailyCap;
    const quiet =
      rule.quietStart && rule.quietEnd
        ? quietUntil(at, { start: rule.quietStart, end: rule.quietEnd, timeZone: rule.timeZone })
        : null;
    const sendAt = quiet ?? at;
    const deliveries: NewDelivery[] = rule.emails.map((email) => ({
      channel: rule.emailDigest ? 'digest' : 'email',
      target: email,
      nextAttemptAt: (rule.emailDigest
        ? nextDigestAt(sendAt, rule.digestMinutes)
        : sendAt
      ).toISOString(),
    }));
    if (rule.webhookUrl) {
      deliveries.push({
        channel: 'webhook',
        target: rule.webhookUrl,
        nextAttemptAt: sendAt.toISOString(),
      });
    }
    const stored = await this.options.alerts.recordAlert(
      alert,
      at.toISOString(),
      day,
      capped ? 'daily_cap' : null,
      deliveries,
    );
    if (!stored || stored.suppressed) return null;
    this.options.onAlert?.(stored);
    return stored;
  }
}

/** Digests go out at whole multiples of their period (UTC), at or after `at`. */
export function nextDigestAt(at: Date, minutes: number): Date {
  const period = Math.max(1, minutes) * 60_000;
  return new Date(Math.ceil(at.getTime() / period) * period);
}
