// Sends due deliveries: e-mail over SMTP (one message per alert, or one digest per recipient
// of every alert waiting for it) and signed webhooks. A failed attempt is retried with
// exponential backoff (base, 2×base, 4×base …) until `maxAttempts`; every attempt is logged
// on the delivery.
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import { Agent, fetch as undiciFetch } from 'undici';
import { createGuardedLookup, isBlockedAddress } from '../net/address-guard.js';
import { alertText, digestText, webhookPayload } from './alert-message.js';
import type { Alert, AlertStore, Delivery } from './alert-types.js';
import { SIGNATURE_HEADER, signBody } from './webhook-signature.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface MailSender {
  send(message: MailMessage): Promise<void>;
}

/** An SMTP sender for a URL such as smtp://user:pass@mail.example:587 (nodemailer's form). */
export function smtpMailSender(url: string, from: string): MailSender {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
  };
}

export interface DelivererOptions {
  alerts: AlertStore;
  /** Null when no SMTP server is configured: e-mail deliveries fail with that reason. */
  mail: MailSender | null;
  /** Base of the dashboard links in messages. */
  publicUrl: string;
  /** Webhooks to loopback, private or reserved addresses are refused unless this is set. */
  allowPrivateAddresses?: boolean;
  now?: () => Date;
  retryBaseMs?: number;
  maxAttempts?: number;
  webhookTimeoutMs?: number;
}

export interface DeliveryRound {
  sent: number;
  retrying: number;
  failed: number;
}

/** A failure worth trying again (a timeout, a 5xx) or not (no mail server, a 404). */
class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const PRIVATE_REFUSED = (host: string) =>
  `webhook host ${host} is a private or reserved address; allowPrivateAddresses in config.json allows it`;

export const DEFAULT_RETRY_BASE_MS = 30_000;
export const DEFAULT_MAX_ATTEMPTS = 6;

export class AlertDeliverer {
  private readonly now: () => Date;
  private readonly dispatcher: Agent;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DeliveryRound> | null = null;

  constructor(private readonly options: DelivererOptions) {
    this.now = options.now ?? (() => new Date());
    // The collector's SSRF guard: every address a webhook host resolves to must be public.
    this.dispatcher = new Agent({
      connect: options.allowPrivateAddresses ? {} : { lookup: createGuardedLookup() },
    });
  }

  /** Sends what is due now; concurrent calls share one round. */
  runDue(): Promise<DeliveryRound> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Waits for the round in progress, if any. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      this.runDue().catch((error: Error) =>
        console.error(`alerts: delivery round failed: ${error.message}`),
      );
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async round(): Promise<DeliveryRound> {
    const { alerts } = this.options;
    const tally: DeliveryRound = { sent: 0, retrying: 0, failed: 0 };
    const due = await alerts.dueDeliveries(this.now().toISOString(), 500);
    const digests = new Map<string, Delivery[]>();
    for (const delivery of due) {
      if (delivery.channel === 'digest') {
        const list = digests.get(delivery.target) ?? [];
        list.push(delivery);
        digests.set(delivery.target, list);
        continue;
      }
      const alert = await alerts.getAlert(delivery.alertId);
      if (!alert) continue;
      await this.attempt([delivery], tally, () =>
        delivery.channel === 'webhook'
          ? this.postWebhook(delivery, alert)
          : this.mailOne(delivery, alert),
      );
    }
    for (const [to, batch] of digests) {
      const batchAlerts = (await Promise.all(batch.map((d) => alerts.getAlert(d.alertId)))).filter(
        (alert): alert is Alert => alert !== null,
      );
      await this.attempt(batch, tally, () =>
        this.mail({
          to,
          subject: `nghe: ${batchAlerts.length} alert${batchAlerts.length === 1 ? '' : 's'}`,
          text: digestText(batchAlerts, this.options.publicUrl),
        }),
      );
    }
    return tally;
  }

  private async attempt(
    deliveries: Delivery[],
    tally: DeliveryRound,
    send: () => Promise<string>,
  ): Promise<void> {
    const at = this.now();
    let ok = true;
    let message: string;
    let retryable = false;
    try {
      message = await send();
    } catch (error) {
      ok = false;
      message = (error as Error).message.split('\n')[0] ?? 'failed';
      retryable = !(error instanceof DeliveryError) || error.retryable;
    }
    const maxAttempts = this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const base = this.options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
    for (const delivery of deliveries) {
      const attempt = { at: at.toISOString(), ok, message };
      if (ok) {
        await this.options.alerts.recordAttempt(delivery.id, attempt, { status: 'sent' });
        tally.sent++;
      } else if (retryable && delivery.attempts + 1 < maxAttempts) {
        const wait = base * 2 ** delivery.attempts;
        await this.options.alerts.recordAttempt(delivery.id, attempt, {
          status: 'pending',
          nextAttemptAt: new Date(at.getTime() + wait).toISOString(),
        });
        tally.retrying++;
      } else {
        await this.options.alerts.recordAttempt(delivery.id, attempt, { status: 'failed' });
        tally.failed++;
      }
    }
  }

  private async mailOne(delivery: Delivery, alert: Alert): Promise<string> {
    return this.mail({
      to: delivery.target,
      subject: `nghe: ${alert.title}`,
      text: alertText(alert, this.options.publicUrl),
    });
  }

  private async mail(message: MailMessage): Promise<string> {
    if (!this.options.mail) {
      throw new DeliveryError('no SMTP server is configured (set NGHE_SMTP_URL)', false);
    }
    await this.options.mail.send(message);
    return 'accepted by the SMTP server';
  }

  private async post(url: string, init: Parameters<typeof undiciFetch>[1]) {
    try {
      return await undiciFetch(url, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; hostname?: string } }).cause;
      if (cause?.code === 'ENGHE_BLOCKED_ADDRESS') {
        throw new DeliveryError(PRIVATE_REFUSED(cause.hostname ?? url), false);
      }
      throw error;
    }
  }

  private async postWebhook(delivery: Delivery, alert: Alert): Promise<string> {
    const rule = await this.options.alerts.getRule(alert.ruleId);
    if (!rule?.webhookSecret) throw new DeliveryError('the rule has no webhook secret', false);
    const host = new URL(delivery.target).hostname.replace(/^\[|\]$/g, '');
    if (!this.options.allowPrivateAddresses && isIP(host) && isBlockedAddress(host)) {
      throw new DeliveryError(PRIVATE_REFUSED(host), false);
    }
    const body = webhookPayload(alert, this.options.publicUrl);
    const response = await this.post(delivery.target, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: signBody(body, rule.webhookSecret),
        'X-Nghe-Delivery': String(delivery.id),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.options.webhookTimeoutMs ?? 10_000),
      dispatcher: this.dispatcher,
    });
    await response.body?.cancel();
    // A redirect is not followed: the signed body goes only where the rule says.
    if (response.ok) return `HTTP ${response.status}`;
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new DeliveryError(`HTTP ${response.status}`, retryable);
  }
}
