// Alert rules, alerts and deliveries over the SQLite file of the main store (alerts-schema.ts).
import type Database from 'better-sqlite3';
import * as Decoded from '../../alerts/alert-rows.js';
import type {
  Alert,
  AlertDetail,
  AlertRule,
  AlertRuleInput,
  AlertStore,
  Delivery,
  DeliveryAttempt,
  NewAlert,
  NewDelivery,
} from '../../alerts/alert-types.js';
import {
  DELIVERY_LEASE_MS,
  DELIVERY_LOG_LENGTH,
  secretSealing,
  type WebhookSecretSeal,
} from '../alert-columns.js';

export {
  DEFAULT_ALERT_TIME_ZONE,
  DEFAULT_DAILY_CAP,
  DEFAULT_DIGEST_MINUTES,
  type WebhookSecretSeal,
} from '../alert-columns.js';

/** The rows as the SQLite file holds them: lists and objects as JSON text, flags as 0 or 1. */
type RuleRow = Omit<Decoded.RuleRow, 'settings' | 'emails' | 'email_digest' | 'enabled'> & {
  settings: string;
  emails: string;
  email_digest: number;
  enabled: number;
};
type AlertRow = Omit<Decoded.AlertRow, 'detail' | 'mention_ids'> & {
  detail: string;
  mention_ids: string;
};
type DeliveryRow = Omit<Decoded.DeliveryRow, 'log'> & { log: string };

const ruleFromRow = (row: RuleRow) =>
  Decoded.ruleFromRow({
    ...row,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    emails: JSON.parse(row.emails) as string[],
    email_digest: row.email_digest === 1,
    enabled: row.enabled === 1,
  });

const alertFromRow = (row: AlertRow) =>
  Decoded.alertFromRow({
    ...row,
    detail: JSON.parse(row.detail) as AlertDetail,
    mention_ids: JSON.parse(row.mention_ids) as number[],
  });

const deliveryFromRow = (row: DeliveryRow) =>
  Decoded.deliveryFromRow({ ...row, log: JSON.parse(row.log) as DeliveryAttempt[] });

/** Seals the webhook secrets stored in clear before secrets were sealed; the count sealed. */
export function sealClearWebhookSecrets(db: Database.Database, seal: WebhookSecretSeal): number {
  const rows = db
    .prepare<[], { id: number; webhook_secret: string }>(
      'SELECT id, webhook_secret FROM alert_rules WHERE webhook_secret IS NOT NULL',
    )
    .all()
    .filter((r) => !seal.isSealed(r.webhook_secret));
  const update = db.prepare<[string, number]>(
    'UPDATE alert_rules SET webhook_secret = ? WHERE id = ?',
  );
  db.transaction(() => {
    for (const row of rows) update.run(seal.seal(row.webhook_secret), row.id);
  })();
  return rows.length;
}

export function openAlertStore(db: Database.Database, secrets?: WebhookSecretSeal): AlertStore {
  if (secrets) sealClearWebhookSecrets(db, secrets);
  const sealing = secretSealing(secrets);
  const readRule = (row: RuleRow): AlertRule => sealing.read(ruleFromRow(row));
  const columns = (input: Partial<AlertRuleInput>, base: AlertRule | null) => {
    const values = sealing.columns(input, base);
    return { ...values, emailDigest: values.emailDigest ? 1 : 0, enabled: values.enabled ? 1 : 0 };
  };
  const s = {
    insertRule: db.prepare(
      `INSERT INTO alert_rules (topic_id, kind, query, settings, emails, email_digest, webhook_url,
         webhook_secret, quiet_start, quiet_end, time_zone, daily_cap, enabled, after_mention_id,
         created_at)
       VALUES (@topicId, @kind, @query, @settings, @emails, @emailDigest, @webhookUrl,
         @webhookSecret, @quietStart, @quietEnd, @timeZone, @dailyCap, @enabled, @afterMentionId,
         @createdAt)`,
    ),
    updateRule: db.prepare(
      `UPDATE alert_rules SET kind = @kind, query = @query, settings = @settings, emails = @emails,
         email_digest = @emailDigest, webhook_url = @webhookUrl, webhook_secret = @webhookSecret,
         quiet_start = @quietStart, quiet_end = @quietEnd, time_zone = @timeZone,
         daily_cap = @dailyCap, enabled = @enabled
       WHERE id = @id`,
    ),
    ruleById: db.prepare<[number], RuleRow>('SELECT * FROM alert_rules WHERE id = ?'),
    rulesAll: db.prepare<[], RuleRow>('SELECT * FROM alert_rules ORDER BY id'),
    rulesOf: db.prepare<[number], RuleRow>(
      'SELECT * FROM alert_rules WHERE topic_id = ? ORDER BY id',
    ),
    deleteRule: db.prepare<[number]>('DELETE FROM alert_rules WHERE id = ?'),
    advance: db.prepare<[number, number, number]>(
      'UPDATE alert_rules SET after_mention_id = ? WHERE id = ? AND after_mention_id < ?',
    ),
    lastMention: db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM mentions'),
    insertAlert: db.prepare(
      `INSERT INTO alerts (rule_id, topic_id, window_key, fired_at, local_day, title, detail,
         mention_ids, suppressed)
       VALUES (@ruleId, @topicId, @windowKey, @firedAt, @localDay, @title, @detail, @mentionIds,
         @suppressed)
       ON CONFLICT (rule_id, window_key) DO NOTHING`,
    ),
    insertDelivery: db.prepare(
      `INSERT INTO alert_deliveries (alert_id, channel, target, status, next_attempt_at)
       VALUES (?, ?, ?, 'pending', ?)`,
    ),
    countOnDay: db.prepare<[number, string], { n: number }>(
      'SELECT count(*) AS n FROM alerts WHERE rule_id = ? AND local_day = ? AND suppressed IS NULL',
    ),
    alertById: db.prepare<[number], AlertRow>('SELECT * FROM alerts WHERE id = ?'),
    unread: db.prepare<[], { n: number }>(
      'SELECT count(*) AS n FROM alerts WHERE suppressed IS NULL AND read_at IS NULL',
    ),
    unreadByTopic: db.prepare<[], { topic_id: number; n: number }>(
      `SELECT topic_id, count(*) AS n FROM alerts
       WHERE suppressed IS NULL AND read_at IS NULL GROUP BY topic_id`,
    ),
    readAll: db.prepare<[string]>(
      'UPDATE alerts SET read_at = ? WHERE read_at IS NULL AND suppressed IS NULL',
    ),
    readOne: db.prepare<[string, number]>(
      'UPDATE alerts SET read_at = ? WHERE id = ? AND read_at IS NULL',
    ),
    due: db.prepare<[string, number], DeliveryRow>(
      `SELECT * FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
       ORDER BY next_attempt_at, id LIMIT ?`,
    ),
    deliveryById: db.prepare<[number], DeliveryRow>('SELECT * FROM alert_deliveries WHERE id = ?'),
    claim: db.prepare<[string, number, string]>(
      `UPDATE alert_deliveries SET next_attempt_at = ?
       WHERE id = ? AND status = 'pending' AND next_attempt_at = ?`,
    ),
    saveAttempt: db.prepare(
      `UPDATE alert_deliveries SET attempts = attempts + 1, status = @status,
         next_attempt_at = @nextAttemptAt, last_error = @lastError, log = @log, sent_at = @sentAt
       WHERE id = @id`,
    ),
  };

  const recordAlert = db.transaction(
    (
      alert: NewAlert,
      at: string,
      localDay: string,
      suppressed: string | null,
      deliveries: NewDelivery[],
    ): Alert | null => {
      const result = s.insertAlert.run({
        ruleId: alert.ruleId,
        topicId: alert.topicId,
        windowKey: alert.windowKey,
        firedAt: at,
        localDay,
        title: alert.title,
        detail: JSON.stringify(alert.detail),
        mentionIds: JSON.stringify(alert.mentionIds),
        suppressed,
      });
      if (result.changes === 0) return null;
      const id = Number(result.lastInsertRowid);
      if (suppressed === null) {
        for (const d of deliveries) s.insertDelivery.run(id, d.channel, d.target, d.nextAttemptAt);
      }
      return alertFromRow(s.alertById.get(id)!);
    },
  );

  // Claiming pushes each due delivery a lease ahead, so a second process (a `nghe collect`
  // beside `nghe serve`) reading at the same time does not send it too.
  const claimDue = db.transaction((now: string, limit: number): Delivery[] => {
    const lease = new Date(Date.parse(now) + DELIVERY_LEASE_MS).toISOString();
    return s.due
      .all(now, limit)
      .filter((row) => s.claim.run(lease, row.id, row.next_attempt_at).changes === 1)
      .map(deliveryFromRow);
  });

  return {
    async createRule(topicId, input, afterMentionId) {
      const result = s.insertRule.run({
        ...columns(input, null),
        topicId,
        afterMentionId,
        createdAt: new Date().toISOString(),
      });
      return readRule(s.ruleById.get(Number(result.lastInsertRowid))!);
    },
    async getRule(id) {
      const row = s.ruleById.get(id);
      return row ? readRule(row) : null;
    },
    async listRules(topicId) {
      const rows = topicId === undefined ? s.rulesAll.all() : s.rulesOf.all(topicId);
      return rows.map(readRule);
    },
    async updateRule(id, input) {
      const row = s.ruleById.get(id);
      if (!row) return null;
      s.updateRule.run({ ...columns(input, readRule(row)), id });
      return readRule(s.ruleById.get(id)!);
    },
    async deleteRule(id) {
      return s.deleteRule.run(id).changes > 0;
    },
    async advanceWatermark(ruleId, mentionId) {
      s.advance.run(mentionId, ruleId, mentionId);
    },
    async lastMentionId() {
      return s.lastMention.get()?.id ?? 0;
    },
    recordAlert: async (alert, at, localDay, suppressed, deliveries) =>
      recordAlert(alert, at, localDay, suppressed, deliveries),
    async countAlertsOnDay(ruleId, localDay) {
      return s.countOnDay.get(ruleId, localDay)?.n ?? 0;
    },
    async listAlerts(options = {}) {
      const where = ['suppressed IS NULL'];
      const args: number[] = [];
      if (options.topicId !== undefined) {
        where.push('topic_id = ?');
        args.push(options.topicId);
      }
      if (options.beforeId !== undefined) {
        where.push('id < ?');
        args.push(options.beforeId);
      }
      args.push(options.limit ?? 50);
      const rows = db
        .prepare<number[], AlertRow>(
          `SELECT * FROM alerts WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
        )
        .all(...args);
      return rows.map(alertFromRow);
    },
    async getAlert(id) {
      const row = s.alertById.get(id);
      return row ? alertFromRow(row) : null;
    },
    async unreadCount() {
      return s.unread.get()?.n ?? 0;
    },
    async unreadByTopic() {
      return new Map(s.unreadByTopic.all().map((row) => [row.topic_id, row.n]));
    },
    async markRead(at, ids) {
      if (ids === undefined) return s.readAll.run(at).changes;
      let changed = 0;
      for (const id of ids) changed += s.readOne.run(at, id).changes;
      return changed;
    },
    dueDeliveries: async (now, limit = 100) => claimDue(now, limit),
    async recordAttempt(id, attempt, next) {
      const row = s.deliveryById.get(id);
      if (!row) return;
      const log = [...(JSON.parse(row.log) as DeliveryAttempt[]), attempt].slice(
        -DELIVERY_LOG_LENGTH,
      );
      s.saveAttempt.run({
        id,
        status: next.status,
        nextAttemptAt: next.nextAttemptAt ?? row.next_attempt_at,
        lastError: attempt.ok ? null : attempt.message,
        log: JSON.stringify(log),
        sentAt: attempt.ok ? attempt.at : null,
      });
    },
    async listDeliveries(options = {}) {
      const rows =
        options.alertId === undefined
          ? db
              .prepare<[number], DeliveryRow>(
                'SELECT * FROM alert_deliveries ORDER BY id DESC LIMIT ?',
              )
              .all(options.limit ?? 100)
          : db
              .prepare<[number, number], DeliveryRow>(
                'SELECT * FROM alert_deliveries WHERE alert_id = ? ORDER BY id DESC LIMIT ?',
              )
              .all(options.alertId, options.limit ?? 100);
      return rows.map(deliveryFromRow);
    },
  };
}
