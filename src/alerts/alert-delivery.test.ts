// Alerts fired at ingest and delivered to receivers the test starts on loopback: an SMTP
// server (smtp-server) and a webhook endpoint (node:http) that can be told to fail.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createListeningEvents, type ListeningEvents } from '../jobs/listening-events.js';
import { TopicTagger } from '../jobs/topic-tagger.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';
import { AlertDeliverer, smtpMailSender } from './alert-deliverer.js';
import { AlertService } from './alert-service.js';
import { alertStoreOf } from './alert-store-for.js';
import type { AlertRuleInput, AlertStore } from './alert-types.js';
import { SIGNATURE_HEADER, verifySignature } from './webhook-signature.js';

interface Hook {
  body: string;
  signature: string | null;
}

let dir: string;
let store: SqliteStore;
let alerts: AlertStore;
let events: ListeningEvents;
let tagger: TopicTagger;
let clock: Date;
let service: AlertService;
let deliverer: AlertDeliverer;
let hooks: Hook[];
/** Statuses the webhook answers, in turn; 200 once they run out. */
let hookStatuses: number[];
let webhook: Server;
let webhookUrl: string;
let smtp: SMTPServer;
let mails: string[];
let smtpUrl: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-alerts-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
  alerts = alertStoreOf(store.db);
  events = createListeningEvents();
  tagger = new TopicTagger({ store, events });
  clock = new Date('2026-03-02T03:00:00Z'); // 10:00 in Ho Chi Minh City
  hooks = [];
  hookStatuses = [];
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      hooks.push({ body, signature: req.headers[SIGNATURE_HEADER.toLowerCase()] as string });
      res.statusCode = hookStatuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
  mails = [];
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => {
        data += chunk.toString('utf8');
      });
      stream.on('end', () => {
        mails.push(data);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  service = new AlertService({ alerts, figures: store, now: () => clock });
  events.onTagged((mention, topicIds) => service.mentionTagged(mention, topicIds));
  deliverer = new AlertDeliverer({
    alerts,
    mail: smtpMailSender(smtpUrl, 'nghe <alerts@nghe.test>'),
    publicUrl: 'http://nghe.test',
    now: () => clock,
    retryBaseMs: 60_000,
    maxAttempts: 4,
    allowPrivateAddresses: true,
  });
});

afterEach(async () => {
  await service.idle();
  await new Promise<void>((resolve) => webhook.close(() => resolve()));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function topicWithRule(rule: Partial<AlertRuleInput>) {
  const topic = await store.createTopic({ name: 'flood', query: 'ngập' });
  const created = await alerts.createRule(
    topic.id,
    { kind: 'match', query: '"thủ đức"', ...rule },
    await alerts.lastMentionId(),
  );
  return { topic, rule: created };
}

/** Stores and tags a batch as the collector does, then lets the alert service judge it. */
async function ingest(...texts: string[]) {
  const saved = await store.saveMentions(
    null,
    texts.map((text) => mentionInput({ text, publishedAt: clock.toISOString() })),
  );
  await tagger.tagSaved(saved);
  await service.flush();
  return saved.ids;
}

const later = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

describe('match rules at ingest', () => {
  it('fire once per batch for new matching mentions, linking them, signed and retried after 500s', async () => {
    await store.saveMentions(null, [mentionInput({ text: 'ngập ở Thủ Đức năm ngoái' })]);
    const { rule } = await topicWithRule({ webhookUrl, webhookSecret: 'a-secret-of-sixteen+' });

    const ids = await ingest('Thủ Đức ngập sâu', 'ngập ở quận 1', 'lại ngập Thủ Đức');
    const [alert, ...others] = await alerts.listAlerts();
    expect(others).toEqual([]);
    expect(alert?.mentionIds).toEqual([ids[0], ids[2]]);
    expect(alert?.detail).toMatchObject({ metric: 'match', value: 2, threshold: 1 });

    // The same mentions published again (an edit, a back-fill) fire nothing new.
    await tagger.tagStored(await store.scanMentions(0, 10));
    await service.flush();
    expect(await alerts.listAlerts()).toHaveLength(1);

    hookStatuses = [500, 503];
    expect(await deliverer.runDue()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(await deliverer.runDue()).toEqual({ sent: 0, retrying: 0, failed: 0 }); // not due yet
    later(60_000);
    expect(await deliverer.runDue()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    later(60_000); // the second wait is twice the first
    expect(await deliverer.runDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    later(60_000);
    expect(await deliverer.runDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });

    expect(hooks).toHaveLength(3);
    for (const hook of hooks) {
      expect(verifySignature(hook.body, 'a-secret-of-sixteen+', hook.signature)).toBe(true);
      expect(verifySignature(hook.body, 'another-secret-xxxx', hook.signature)).toBe(false);
    }
    const payload = JSON.parse(hooks[2]!.body);
    expect(payload.alert.ruleId).toBe(rule.id);
    expect(payload.alert.links.mentions).toEqual(
      [ids[0], ids[2]].map((id) => `http://nghe.test/#/mentions/${id}/thread`),
    );
    const [delivery] = await alerts.listDeliveries({ alertId: alert!.id });
    expect(delivery?.status).toBe('sent');
    expect(delivery?.log.map((a) => a.message)).toEqual(['HTTP 500', 'HTTP 503', 'HTTP 200']);
  });

  it('is sent once when two processes deliver at the same time', async () => {
    await topicWithRule({ webhookUrl, webhookSecret: 'a-secret-of-sixteen+' });
    await ingest('Thủ Đức ngập');
    const other = new AlertDeliverer({
      alerts,
      mail: null,
      publicUrl: 'http://nghe.test',
      now: () => clock,
      allowPrivateAddresses: true,
    });
    const rounds = await Promise.all([deliverer.runDue(), other.runDue()]);
    expect(rounds.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
    expect(hooks).toHaveLength(1);
  });

  it('gives up after the last attempt and does not retry a refusal', async () => {
    await topicWithRule({ webhookUrl, webhookSecret: 'a-secret-of-sixteen+' });
    await ingest('Thủ Đức ngập');
    hookStatuses = [500, 500, 500, 500];
    for (let i = 0; i < 4; i++) {
      await deliverer.runDue();
      later(10 * 60_000);
    }
    expect((await alerts.listDeliveries())[0]).toMatchObject({ status: 'failed', attempts: 4 });

    later(24 * 3_600_000);
    await ingest('Thủ Đức lại ngập');
    hookStatuses = [404];
    expect(await deliverer.runDue()).toEqual({ sent: 0, retrying: 0, failed: 1 });
  });
});

describe('quiet hours and the daily cap', () => {
  it('hold deliveries until quiet hours end in the rule time zone', async () => {
    clock = new Date('2026-03-01T16:30:00Z'); // 23:30 in Ho Chi Minh City
    await topicWithRule({
      webhookUrl,
      webhookSecret: 'a-secret-of-sixteen+',
      emails: ['analyst@nghe.test'],
      quietStart: '22:00',
      quietEnd: '07:00',
    });
    await ingest('Thủ Đức ngập');
    // In the dashboard at once, delivered nowhere yet.
    expect(await alerts.unreadCount()).toBe(1);
    expect(await deliverer.runDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    later(7 * 3_600_000 + 29 * 60_000); // 06:59
    expect(await deliverer.runDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    later(60_000); // 07:00
    expect(await deliverer.runDue()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(hooks).toHaveLength(1);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('To: analyst@nghe.test');
    expect(mails[0]).toContain('new mention matching');
  });

  it('suppresses alerts over the cap for the rest of the local day', async () => {
    await topicWithRule({ emails: ['analyst@nghe.test'], dailyCap: 2 });
    for (const text of ['Thủ Đức ngập 1', 'Thủ Đức ngập 2', 'Thủ Đức ngập 3']) {
      await ingest(text);
      later(60_000);
    }
    expect(await alerts.listAlerts()).toHaveLength(2);
    expect(await alerts.unreadCount()).toBe(2);
    await deliverer.runDue();
    expect(mails).toHaveLength(2);

    clock = new Date('2026-03-02T17:05:00Z'); // 00:05 the next local day
    await ingest('Thủ Đức ngập 4');
    expect(await alerts.listAlerts()).toHaveLength(3);
    expect(await alerts.markRead(clock.toISOString())).toBe(3);
    expect(await alerts.unreadCount()).toBe(0);
  });
});

describe('e-mail digests', () => {
  it('batch every alert waiting for a recipient into one message at the digest time', async () => {
    await topicWithRule({
      emails: ['a@nghe.test', 'b@nghe.test'],
      emailDigest: true,
      digestMinutes: 60,
    });
    clock = new Date('2026-03-02T03:10:00Z');
    for (const text of ['Thủ Đức ngập 1', 'Thủ Đức ngập 2', 'Thủ Đức ngập 3']) {
      await ingest(text);
      later(5 * 60_000);
    }
    expect(await deliverer.runDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    clock = new Date('2026-03-02T04:00:00Z');
    expect(await deliverer.runDue()).toEqual({ sent: 6, retrying: 0, failed: 0 });
    expect(mails).toHaveLength(2);
    const toA = mails.find((m) => m.includes('To: a@nghe.test'))!;
    expect(toA).toContain('Subject: nghe: 3 alerts');
    expect(toA.match(/new mention matching/g)).toHaveLength(3);
  });

  it('refuses webhooks to private addresses unless config.json allows them', async () => {
    deliverer = new AlertDeliverer({
      alerts,
      mail: null,
      publicUrl: 'http://nghe.test',
      now: () => clock,
    });
    const { topic } = await topicWithRule({ webhookUrl, webhookSecret: 'a-secret-of-sixteen+' });
    await alerts.createRule(
      topic.id,
      {
        kind: 'match',
        query: 'ngập',
        webhookUrl: webhookUrl.replace('127.0.0.1', 'localhost'),
        webhookSecret: 'a-secret-of-sixteen+',
      },
      0,
    );
    await ingest('Thủ Đức ngập');
    expect(await deliverer.runDue()).toEqual({ sent: 0, retrying: 0, failed: 2 });
    expect(hooks).toEqual([]);
    const errors = (await alerts.listDeliveries()).map((d) => d.lastError);
    expect(errors).toEqual([
      expect.stringMatching(/^webhook host localhost is a private .* allowPrivateAddresses/),
      expect.stringMatching(/^webhook host 127\.0\.0\.1 is a private .* allowPrivateAddresses/),
    ]);
  });

  it('records a clear failure when no SMTP server is configured', async () => {
    deliverer = new AlertDeliverer({
      alerts,
      mail: null,
      publicUrl: 'http://nghe.test',
      now: () => clock,
    });
    await topicWithRule({ emails: ['a@nghe.test'] });
    await ingest('Thủ Đức ngập');
    expect(await deliverer.runDue()).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect((await alerts.listDeliveries())[0]?.lastError).toBe(
      'no SMTP server is configured (set NGHE_SMTP_URL)',
    );
  });
});
