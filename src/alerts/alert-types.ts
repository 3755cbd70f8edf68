// Alert rules per topic, the alerts they fire and the deliveries of each alert, as the store
// keeps them and the API and CLI show them.

export const ALERT_KINDS = ['volume_spike', 'negative_spike', 'new_story', 'match'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Tuning of the spike rules; every field optional, defaults in spike-rules.ts. */
export interface SpikeSettings {
  /** Robust standard deviations above the baseline (volume). */
  k?: number;
  /** Mentions (negative ones for negative_spike) an hour needs before it can fire. */
  minCount?: number;
  /** Previous hours the baseline is taken from. */
  baselineHours?: number;
  /** new_story: distinct authors of one story within the topic that make it fire. */
  size?: number;
}

export interface AlertRuleInput {
  kind: AlertKind;
  /** Sub-query in the query language, for `match` rules. */
  query?: string | null;
  settings?: SpikeSettings;
  emails?: string[];
  /** Batch e-mails into one digest every `digestMinutes` instead of one per alert. */
  emailDigest?: boolean;
  digestMinutes?: number;
  webhookUrl?: string | null;
  /** HMAC-SHA256 key of the webhook signature; generated when a webhook is set without one. */
  webhookSecret?: string | null;
  /** Local "HH:MM" times; deliveries falling between them wait for the end. */
  quietStart?: string | null;
  quietEnd?: string | null;
  timeZone?: string;
  /** Alerts per local day; later ones are recorded as suppressed and delivered nowhere. */
  dailyCap?: number;
  enabled?: boolean;
}

export interface AlertRule {
  id: number;
  topicId: number;
  kind: AlertKind;
  query: string | null;
  settings: SpikeSettings;
  emails: string[];
  emailDigest: boolean;
  digestMinutes: number;
  webhookUrl: string | null;
  webhookSecret: string | null;
  quietStart: string | null;
  quietEnd: string | null;
  timeZone: string;
  dailyCap: number;
  enabled: boolean;
  /** Match rules judge only mentions stored after the rule: history is never alerted. */
  afterMentionId: number;
  createdAt: string;
}

/** What fired an alert: the figure, the baseline it was judged against and the threshold. */
export interface AlertDetail {
  metric: 'volume' | 'negative_share' | 'story_size' | 'match';
  /** The window judged, ISO 8601; `to` exclusive. */
  from: string;
  to: string;
  value: number;
  baseline: number | null;
  threshold: number | null;
  /** How the value was judged, in words. */
  method: string;
  /** story_size: the story (its id is its first mention's) and its copies and mentions. */
  storyId?: number;
  mentions?: number;
  copies?: number;
}

export interface NewAlert {
  ruleId: number;
  topicId: number;
  /** Identifies the judged window; an alert fires at most once per rule and window. */
  windowKey: string;
  title: string;
  detail: AlertDetail;
  mentionIds: number[];
}

export interface Alert extends NewAlert {
  id: number;
  firedAt: string;
  localDay: string;
  /** 'daily_cap' when the rule's cap for the day was reached. */
  suppressed: string | null;
  readAt: string | null;
}

export type DeliveryChannel = 'email' | 'digest' | 'webhook';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface DeliveryAttempt {
  at: string;
  ok: boolean;
  message: string;
}

export interface Delivery {
  id: number;
  alertId: number;
  channel: DeliveryChannel;
  target: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  log: DeliveryAttempt[];
  sentAt: string | null;
}

export interface NewDelivery {
  channel: DeliveryChannel;
  target: string;
  nextAttemptAt: string;
}

/**
 * Where rules, alerts and deliveries are kept: the SQLite file (src/store/sqlite/alert-store.ts)
 * or PostgreSQL in server mode (src/store/postgres/alert-store.ts), the same cases for both
 * (src/store/alert-store.conformance.ts).
 */
export interface AlertStore {
  createRule(topicId: number, input: AlertRuleInput, afterMentionId: number): Promise<AlertRule>;
  getRule(id: number): Promise<AlertRule | null>;
  listRules(topicId?: number): Promise<AlertRule[]>;
  updateRule(id: number, input: Partial<AlertRuleInput>): Promise<AlertRule | null>;
  deleteRule(id: number): Promise<boolean>;
  /** Match rules judge only mentions after this id from now on. */
  advanceWatermark(ruleId: number, mentionId: number): Promise<void>;
  /** Highest stored mention id (0 when none): where a new match rule starts. */
  lastMentionId(): Promise<number>;
  /**
   * Records an alert with its deliveries in one transaction; null when this rule already has
   * an alert for the window. `suppressed` alerts get no deliveries.
   */
  recordAlert(
    alert: NewAlert,
    at: string,
    localDay: string,
    suppressed: string | null,
    deliveries: NewDelivery[],
  ): Promise<Alert | null>;
  /** Alerts of a rule on a local day that were not suppressed. */
  countAlertsOnDay(ruleId: number, localDay: string): Promise<number>;
  listAlerts(options?: { topicId?: number; limit?: number; beforeId?: number }): Promise<Alert[]>;
  getAlert(id: number): Promise<Alert | null>;
  unreadCount(): Promise<number>;
  /** Unread alerts per topic id (topics without any are absent). */
  unreadByTopic(): Promise<Map<number, number>>;
  /** Marks alerts read (all when `ids` is omitted); returns how many changed. */
  markRead(at: string, ids?: number[]): Promise<number>;
  /**
   * Claims the pending deliveries due at `now` for this caller: each is pushed a lease ahead,
   * so another process reading at the same time does not send it too.
   */
  dueDeliveries(now: string, limit?: number): Promise<Delivery[]>;
  recordAttempt(
    id: number,
    attempt: DeliveryAttempt,
    next: { status: DeliveryStatus; nextAttemptAt?: string },
  ): Promise<void>;
  listDeliveries(options?: { alertId?: number; limit?: number }): Promise<Delivery[]>;
}
