// What both alert stores (SQLite and PostgreSQL) share: the defaults of a rule, the columns a
// rule input sets, and the sealing of webhook secrets at rest.
import type { AlertRule, AlertRuleInput } from '../alerts/alert-types.js';

export const DEFAULT_ALERT_TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const DEFAULT_DAILY_CAP = 20;
export const DEFAULT_DIGEST_MINUTES = 60;
/** How long a claimed delivery stays out of other readers' due lists. */
export const DELIVERY_LEASE_MS = 5 * 60_000;
/** Attempts kept in a delivery's log. */
export const DELIVERY_LOG_LENGTH = 20;

/**
 * Seals webhook secrets at rest (the credentials vault under the installation key): the
 * database alone does not let anyone sign deliveries as this installation.
 */
export interface WebhookSecretSeal {
  seal(secret: string): string;
  open(stored: string): string;
  /** Whether a stored value is sealed already (older rows hold them in clear). */
  isSealed(stored: string): boolean;
}

/** The columns a rule input sets, merged over `base` (a stored rule when editing). */
export function ruleColumns(input: Partial<AlertRuleInput>, base: AlertRule | null) {
  const pick = <T>(value: T | undefined, fallback: T): T =>
    value === undefined ? fallback : value;
  return {
    kind: pick(input.kind, base?.kind ?? 'volume_spike'),
    query: pick(input.query, base?.query ?? null),
    settings: JSON.stringify({
      ...pick(input.settings, base?.settings ?? {}),
      digestMinutes: pick(input.digestMinutes, base?.digestMinutes ?? DEFAULT_DIGEST_MINUTES),
    }),
    emails: JSON.stringify(pick(input.emails, base?.emails ?? [])),
    emailDigest: pick(input.emailDigest, base?.emailDigest ?? false),
    webhookUrl: pick(input.webhookUrl, base?.webhookUrl ?? null),
    webhookSecret: pick(input.webhookSecret, base?.webhookSecret ?? null),
    quietStart: pick(input.quietStart, base?.quietStart ?? null),
    quietEnd: pick(input.quietEnd, base?.quietEnd ?? null),
    timeZone: pick(input.timeZone, base?.timeZone ?? DEFAULT_ALERT_TIME_ZONE),
    dailyCap: pick(input.dailyCap, base?.dailyCap ?? DEFAULT_DAILY_CAP),
    enabled: pick(input.enabled, base?.enabled ?? true),
  };
}

/** The settings column split into the spike settings and the digest period. */
export function splitSettings(stored: unknown): {
  settings: AlertRule['settings'];
  digestMinutes: number;
} {
  const parsed = (
    typeof stored === 'string' ? JSON.parse(stored) : stored
  ) as AlertRule['settings'] & {
    digestMinutes?: number;
  };
  const { digestMinutes, ...settings } = parsed;
  return { settings, digestMinutes: digestMinutes ?? DEFAULT_DIGEST_MINUTES };
}

/** Seal on write and open on read, when a seal is given. */
export function secretSealing(secrets: WebhookSecretSeal | undefined) {
  return {
    /** A stored rule as callers see it: its secret opened. */
    read(rule: AlertRule): AlertRule {
      if (!secrets || !rule.webhookSecret) return rule;
      try {
        return { ...rule, webhookSecret: secrets.open(rule.webhookSecret) };
      } catch {
        // Sealed under another installation key: deliveries say the rule has no secret.
        return { ...rule, webhookSecret: null };
      }
    },
    /** The columns to store: the secret sealed. */
    columns(input: Partial<AlertRuleInput>, base: AlertRule | null) {
      const values = ruleColumns(input, base);
      return secrets && values.webhookSecret
        ? { ...values, webhookSecret: secrets.seal(values.webhookSecret) }
        : values;
    },
  };
}
