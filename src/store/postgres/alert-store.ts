// Alert rules, alerts and deliveries in PostgreSQL (alerts-schema.ts), the same cases as the
// SQLite file's (src/store/alert-store.conformance.ts). Rules reference their topic by a real
// key, so a deleted topic's rules, alerts and deliveries go with it. Every API process and
// worker shares them: an alert is recorded once per rule and window (the unique key), and a
// due delivery is claimed by one reader (FOR UPDATE SKIP LOCKED, then a lease ahead).
import type pg from 'pg';
import {
  type AlertRow,
  alertFromRow,
  type DeliveryRow,
  deliveryFromRow,
  type RuleRow,
  ruleFromRow,
} from '../../alerts/alert-rows.js';
import type { AlertRule, AlertRuleInput, AlertStore } from '../../alerts/alert-types.js';
import {
  DELIVERY_LEASE_MS,
  DELIVERY_LOG_LENGTH,
  secretSealing,
  type WebhookSecretSeal,
} from '../alert-columns.js';
import { inTransaction } from './connection.js';

/** Seals the webhook secrets stored in clear (rows copied from an older file); the count sealed. */
export async function sealClearPostgresWebhookSecrets(
  pool: pg.Pool,
  seal: WebhookSecretSeal,
): Promise<number> {
  const { rows } = await pool.query<{ id: number; webhook_secret: string }>(
    'SELECT id, webhook_secret FROM alert_rules WHERE webhook_secret IS NOT NULL',
  );
  const clear = rows.filter((r) => !seal.isSealed(r.webhook_secret));
  for (const row of clear) {
    await pool.query(
      'UPDATE alert_rules SET webhook_secret = $1 WHERE id = $2 AND webhook_secret = $3',
      [seal.seal(row.webhook_secret), row.id, row.webhook_secret],
    );
  }
  return clear.length;
}

/**
 * `ready`: resolves when the schema is in place (the store's migrations, run in the
 * background by connectPostgresStore); every call waits for it. With `secrets`, webhook
 * secrets are sealed at rest and any stored in clear are sealed first.
 */
export function postgresAlertStore(
  pool: pg.Pool,
  secrets?: WebhookSecretSeal,
  ready: Promise<void> = Promise.resolve(),
): AlertStore {
  const prepared = ready.then(async () => {
    if (secrets) await sealClearPostgresWebhookSecrets(pool, secrets);
  });
  // A failure surfaces on the first call, not as an unhandled rejection.
  prepared.catch(() => {});
  const query = async <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) => {
    await prepared;
    return pool.query<R>(sql, values);
  };
  const sealing = secretSealing(secrets);
  const readRule = (row: RuleRow) => sealing.read(ruleFromRow(row));
  const ruleValues = (input: Partial<AlertRuleInput>, base: AlertRule | null) => {
    const c = sealing.columns(input, base);
    return [
      c.kind,
      c.query,
      c.settings,
      c.emails,
      c.emailDigest,
      c.webhookUrl,
      c.webhookSecret,
      c.quietStart,
      c.quietEnd,
      c.timeZone,
      c.dailyCap,
      c.enabled,
    ];
  };
  const getRule = async (id: number) => {
    const { rows } = await query<RuleRow>('SELECT * FROM alert_rules WHERE id = $1', [id]);
    return rows[0] ? readRule(rows[0]) : null;
  };
  const getAlert = async (id: number) => {
    const { rows } = await query<AlertRow>('SELECT * FROM alerts WHERE id = $1', [id]);
    return rows[0] ? alertFromRow(rows[0]) : null;
  };

  return {
    async createRule(topicId, input, afterMentionId) {
      const { rows } = await query<RuleRow>(
        `INSERT INTO alert_rules (kind, query, settings, emails, email_digest, webhook_url,
           webhook_secret, quiet_start, quiet_end, time_zone, daily_cap, enabled, topic_id,
           after_mention_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING *`,
        [...ruleValues(input, null), topicId, afterMentionId, new Date().toISOString()],
      );
      return readRule(rows[0]!);
    },
    getRule,
    async listRules(topicId) {
      const { rows } =
        topicId === undefined
          ? await query<RuleRow>('SELECT * FROM alert_rules ORDER BY id')
          : await query<RuleRow>('SELECT * FROM alert_rules WHERE topic_id = $1 ORDER BY id', [
              topicId,
            ]);
      return rows.map(readRule);
    },
    async updateRule(id, input) {
      const before = await getRule(id);
      if (!before) return null;
      const { rows } = await query<RuleRow>(
        `UPDATE alert_rules SET kind = $1, query = $2, settings = $3, emails = $4,
           email_digest = $5, webhook_url = $6, webhook_secret = $7, quiet_start = $8,
           quiet_end = $9, time_zone = $10, daily_cap = $11, enabled = $12
         WHERE id = $13 RETURNING *`,
        [...ruleValues(input, before), id],
      );
      return rows[0] ? readRule(rows[0]) : null;
    },
    async deleteRule(id) {
      return ((await query('DELETE FROM alert_rules WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
    async advanceWatermark(ruleId, mentionId) {
      await query(
        'UPDATE alert_rules SET after_mention_id = $1 WHERE id = $2 AND after_mention_id < $1',
        [mentionId, ruleId],
      );
    },
    async lastMentionId() {
      const { rows } = await query<{ id: number | null }>('SELECT max(id) AS id FROM mentions');
      return rows[0]?.id ?? 0;
    },
    async recordAlert(alert, at, localDay, suppressed, deliveries) {
      await prepared;
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<AlertRow>(
          `INSERT INTO alerts (rule_id, topic_id, window_key, fired_at, local_day, title, detail,
             mention_ids, suppressed)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (rule_id, window_key) DO NOTHING RETURNING *`,
          [
            alert.ruleId,
            alert.topicId,
            alert.windowKey,
            at,
            localDay,
            alert.title,
            JSON.stringify(alert.detail),
            JSON.stringify(alert.mentionIds),
            suppressed,
          ],
        );
        const stored = rows[0];
        if (!stored) return null;
        if (suppressed === null) {
          for (const d of deliveries) {
            await client.query(
              `INSERT INTO alert_deliveries (alert_id, channel, target, status, next_attempt_at)
               VALUES ($1, $2, $3, 'pending', $4)`,
              [stored.id, d.channel, d.target, d.nextAttemptAt],
            );
          }
        }
        return alertFromRow(stored);
      });
    },
    async countAlertsOnDay(ruleId, localDay) {
      const { rows } = await query<{ n: number }>(
        `SELECT count(*)::int AS n FROM alerts
         WHERE rule_id = $1 AND local_day = $2 AND suppressed IS NULL`,
        [ruleId, localDay],
      );
      return rows[0]?.n ?? 0;
    },
    async listAlerts(options = {}) {
      const where = ['suppressed IS NULL'];
      const values: unknown[] = [];
      if (options.topicId !== undefined) {
        values.push(options.topicId);
        where.push(`topic_id = $${values.length}`);
      }
      if (options.beforeId !== undefined) {
        values.push(options.beforeId);
        where.push(`id < $${values.length}`);
      }
      values.push(options.limit ?? 50);
      const { rows } = await query<AlertRow>(
        `SELECT * FROM alerts WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${values.length}`,
        values,
      );
      return rows.map(alertFromRow);
    },
    getAlert,
    async unreadCount() {
      const { rows } = await query<{ n: number }>(
        'SELECT count(*)::int AS n FROM alerts WHERE suppressed IS NULL AND read_at IS NULL',
      );
      return rows[0]?.n ?? 0;
    },
    async unreadByTopic() {
      const { rows } = await query<{ topic_id: number; n: number }>(
        `SELECT topic_id, count(*)::int AS n FROM alerts
         WHERE suppressed IS NULL AND read_at IS NULL GROUP BY topic_id`,
      );
      return new Map(rows.map((row) => [row.topic_id, row.n]));
    },
    async markRead(at, ids) {
      const result =
        ids === undefined
          ? await query(
              'UPDATE alerts SET read_at = $1 WHERE read_at IS NULL AND suppressed IS NULL',
              [at],
            )
          : await query(
              'UPDATE alerts SET read_at = $1 WHERE id = ANY($2::bigint[]) AND read_at IS NULL',
              [at, ids],
            );
      return result.rowCount ?? 0;
    },
    async dueDeliveries(now, limit = 100) {
      const lease = new Date(Date.parse(now) + DELIVERY_LEASE_MS).toISOString();
      // Rows another reader is claiming are skipped, not waited for; each claimed row is
      // returned as it was before the lease moved it.
      const { rows } = await query<DeliveryRow>(
        `WITH due AS (
           SELECT * FROM alert_deliveries
           WHERE status = 'pending' AND next_attempt_at <= $1
           ORDER BY next_attempt_at, id LIMIT $2
           FOR UPDATE SKIP LOCKED)
         UPDATE alert_deliveries AS d SET next_attempt_at = $3
         FROM due WHERE d.id = due.id
         RETURNING due.*`,
        [now, limit, lease],
      );
      return rows
        .map(deliveryFromRow)
        .sort((a, b) =>
          a.nextAttemptAt === b.nextAttemptAt
            ? a.id - b.id
            : a.nextAttemptAt < b.nextAttemptAt
              ? -1
              : 1,
        );
    },
    async recordAttempt(id, attempt, next) {
      await prepared;
      await inTransaction(pool, async (client) => {
        const { rows } = await client.query<DeliveryRow>(
          'SELECT * FROM alert_deliveries WHERE id = $1 FOR UPDATE',
          [id],
        );
        const row = rows[0];
        if (!row) return;
        const log = [...row.log, attempt].slice(-DELIVERY_LOG_LENGTH);
        await client.query(
          `UPDATE alert_deliveries SET attempts = attempts + 1, status = $1,
             next_attempt_at = $2, last_error = $3, log = $4, sent_at = $5
           WHERE id = $6`,
          [
            next.status,
            next.nextAttemptAt ?? row.next_attempt_at,
            attempt.ok ? null : attempt.message,
            JSON.stringify(log),
            attempt.ok ? attempt.at : null,
            id,
          ],
        );
      });
    },
    async listDeliveries(options = {}) {
      const { rows } =
        options.alertId === undefined
          ? await query<DeliveryRow>('SELECT * FROM alert_deliveries ORDER BY id DESC LIMIT $1', [
              options.limit ?? 100,
            ])
          : await query<DeliveryRow>(
              'SELECT * FROM alert_deliveries WHERE alert_id = $1 ORDER BY id DESC LIMIT $2',
              [options.alertId, options.limit ?? 100],
            );
      return rows.map(deliveryFromRow);
    },
  };
}
