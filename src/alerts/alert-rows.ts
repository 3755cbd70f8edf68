// Alert rule, alert and delivery rows as both stores read them back, decoded (arrays, objects,
// booleans), and their mapping to the alert types. The SQL that reads them stays with each store.
import { splitSettings } from '../store/alert-columns.js';
import type {
  Alert,
  AlertDetail,
  AlertKind,
  AlertRule,
  Delivery,
  DeliveryAttempt,
  DeliveryChannel,
  DeliveryStatus,
} from './alert-types.js';

export interface RuleRow {
  id: number;
  topic_id: number;
  kind: string;
  query: string | null;
  settings: Record<string, unknown>;
  emails: string[];
  email_digest: boolean;
  webhook_url: string | null;
  webhook_secret: string | null;
  quiet_start: string | null;
  quiet_end: string | null;
  time_zone: string;
  daily_cap: number;
  enabled: boolean;
  after_mention_id: number;
  created_at: string;
}

export interface AlertRow {
  id: number;
  rule_id: number;
  topic_id: number;
  window_key: string;
  fired_at: string;
  local_day: string;
  title: string;
  detail: AlertDetail;
  mention_ids: number[];
  suppressed: string | null;
  read_at: string | null;
}

export interface DeliveryRow {
  id: number;
  alert_id: number;
  channel: string;
  target: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  log: DeliveryAttempt[];
  sent_at: string | null;
}

export function ruleFromRow(row: RuleRow): AlertRule {
  const { settings, digestMinutes } = splitSettings(row.settings);
  return {
    id: row.id,
    topicId: row.topic_id,
    kind: row.kind as AlertKind,
    query: row.query,
    settings,
    emails: row.emails,
    emailDigest: row.email_digest,
    digestMinutes,
    webhookUrl: row.webhook_url,
    webhookSecret: row.webhook_secret,
    quietStart: row.quiet_start,
    quietEnd: row.quiet_end,
    timeZone: row.time_zone,
    dailyCap: row.daily_cap,
    enabled: row.enabled,
    afterMentionId: row.after_mention_id,
    createdAt: row.created_at,
  };
}

export function alertFromRow(row: AlertRow): Alert {
  return {
    id: row.id,
    ruleId: row.rule_id,
    topicId: row.topic_id,
    windowKey: row.window_key,
    firedAt: row.fired_at,
    localDay: row.local_day,
    title: row.title,
    detail: row.detail,
    mentionIds: row.mention_ids,
    suppressed: row.suppressed,
    readAt: row.read_at,
  };
}

export function deliveryFromRow(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    alertId: row.alert_id,
    channel: row.channel as DeliveryChannel,
    target: row.target,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    log: row.log,
    sentAt: row.sent_at,
  };
}
