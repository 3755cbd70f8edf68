// The alert store's cases, run against both back-ends (sqlite/alert-store.test.ts beside the
// SQLite store, postgres/alert-store.postgres.test.ts beside the PostgreSQL one): rules with
// sealed webhook secrets, one alert per rule and window, deliveries claimed by one reader, the
// attempt log, and a topic's rules gone with the topic.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertStore, NewAlert } from '../alerts/alert-types.js';
import type { WebhookSecretSeal } from './alert-columns.js';
import type { ListeningStore } from './listening-store.js';
import { mentionInput } from './store.conformance.js';
import type { Store } from './store.js';

/** A reversible seal for the cases: what is stored is not the secret, and reads open it. */
export const TEST_SEAL: WebhookSecretSeal = {
  seal: (secret) => `sealed:${Buffer.from(secret).toString('base64')}`,
  open: (stored) => Buffer.from(stored.slice('sealed:'.length), 'base64').toString(),
  isSealed: (stored) => stored.startsWith('sealed:'),
};

export interface AlertStoreFixture {
  store: Store & ListeningStore;
  /** The alerts, sealing webhook secrets with TEST_SEAL. */
  alerts: AlertStore;
  /** The same alerts through another connection, as another process would open them. */
  another(): Promise<AlertStore>;
  /** The webhook secret column of a rule as stored. */
  storedSecret(ruleId: number): Promise<string | null>;
  close(): Promise<void>;
}

const AT = '2026-12-02T10:00:00.000Z';

function newAlert(ruleId: number, topicId: number, windowKey: string): NewAlert {
  return {
    ruleId,
    topicId,
    windowKey,
    title: `alert ${windowKey}`,
    detail: {
      metric: 'volume',
      from: AT,
      to: '2026-12-02T11:00:00.000Z',
      value: 40,
      baseline: 3.5,
      threshold: 12,
      method: 'robust z',
    },
    mentionIds: [3, 1, 2],
  };
}

export function alertStoreConformance(open: () => Promise<AlertStoreFixture>): void {
  describe('alert store conformance', () => {
    let f: AlertStoreFixture;
    let topicId: number;
    beforeEach(async () => {
      f = await open();
      topicId = (await f.store.createTopic({ name: 'flood', query: 'ngập' })).id;
    });
    afterEach(async () => {
      await f.close();
    });

    it('keeps rules with their defaults, edits them and seals webhook secrets', async () => {
      const rule = await f.alerts.createRule(
        topicId,
        {
          kind: 'volume_spike',
          settings: { k: 4, minCount: 5 },
          emails: ['a@x.vn'],
          emailDigest: true,
          digestMinutes: 30,
          webhookUrl: 'https://hooks.example/in',
          webhookSecret: 's3cret',
          quietStart: '22:00',
          quietEnd: '07:00',
        },
        17,
      );
      expect(rule).toMatchObject({
        topicId,
        kind: 'volume_spike',
        query: null,
        settings: { k: 4, minCount: 5 },
        emails: ['a@x.vn'],
        emailDigest: true,
        digestMinutes: 30,
        webhookSecret: 's3cret',
        timeZone: 'Asia/Ho_Chi_Minh',
        dailyCap: 20,
        enabled: true,
        afterMentionId: 17,
      });
      expect(await f.storedSecret(rule.id)).toBe(TEST_SEAL.seal('s3cret'));
      expect(await f.alerts.getRule(rule.id)).toEqual(rule);

      const paused = await f.alerts.updateRule(rule.id, { enabled: false, dailyCap: 3 });
      expect(paused).toEqual({ ...rule, enabled: false, dailyCap: 3 });
      expect(await f.alerts.updateRule(rule.id + 1000, { enabled: true })).toBeNull();

      const match = await f.alerts.createRule(topicId, { kind: 'match', query: 'cống' }, 0);
      expect(match.digestMinutes).toBe(60);
      expect((await f.alerts.listRules()).map((r) => r.id)).toEqual([rule.id, match.id]);
      expect((await f.alerts.listRules(topicId + 1000)).length).toBe(0);

      await f.alerts.advanceWatermark(match.id, 50);
      await f.alerts.advanceWatermark(match.id, 40);
      expect((await f.alerts.getRule(match.id))?.afterMentionId).toBe(50);

      expect(await f.alerts.deleteRule(match.id)).toBe(true);
      expect(await f.alerts.deleteRule(match.id)).toBe(false);
      expect(await f.alerts.getRule(match.id)).toBeNull();
    });

    it('knows the highest stored mention id', async () => {
      expect(await f.alerts.lastMentionId()).toBe(0);
      const saved = await f.store.saveMentions(null, [mentionInput(), mentionInput()]);
      expect(await f.alerts.lastMentionId()).toBe(Math.max(...saved.ids));
    });

    it('records one alert per rule and window, with deliveries unless suppressed', async () => {
      const rule = await f.alerts.createRule(topicId, { kind: 'volume_spike' }, 0);
      const deliveries = [
        { channel: 'email' as const, target: 'a@x.vn', nextAttemptAt: AT },
        { channel: 'webhook' as const, target: 'https://hooks.example/', nextAttemptAt: AT },
      ];
      const other = await f.another();
      const raced = await Promise.all(
        [f.alerts, other, f.alerts].map((alerts) =>
          alerts.recordAlert(newAlert(rule.id, topicId, 'w1'), AT, '2026-12-02', null, deliveries),
        ),
      );
      const fired = raced.filter((a) => a !== null);
      expect(fired).toHaveLength(1);
      expect(fired[0]).toMatchObject({
        ruleId: rule.id,
        topicId,
        windowKey: 'w1',
        firedAt: AT,
        localDay: '2026-12-02',
        suppressed: null,
        readAt: null,
        mentionIds: [3, 1, 2],
        detail: newAlert(rule.id, topicId, 'w1').detail,
      });
      const capped = await f.alerts.recordAlert(
        newAlert(rule.id, topicId, 'w2'),
        AT,
        '2026-12-02',
        'daily_cap',
        deliveries,
      );
      expect(capped?.suppressed).toBe('daily_cap');
      expect(await f.alerts.countAlertsOnDay(rule.id, '2026-12-02')).toBe(1);
      expect(await f.alerts.countAlertsOnDay(rule.id, '2026-12-03')).toBe(0);
      expect((await f.alerts.listDeliveries({ alertId: fired[0]!.id })).length).toBe(2);
      expect(await f.alerts.listDeliveries({ alertId: capped!.id })).toEqual([]);
      expect(await f.alerts.getAlert(fired[0]!.id)).toEqual(fired[0]);
    });

    it('lists alerts newest first by page, counts and marks them read', async () => {
      const rule = await f.alerts.createRule(topicId, { kind: 'volume_spike' }, 0);
      const otherTopic = (await f.store.createTopic({ name: 'traffic', query: 'kẹt xe' })).id;
      const otherRule = await f.alerts.createRule(otherTopic, { kind: 'volume_spike' }, 0);
      const ids: number[] = [];
      for (const [r, t, w] of [
        [rule.id, topicId, 'a'],
        [rule.id, topicId, 'b'],
        [otherRule.id, otherTopic, 'c'],
      ] as const) {
        ids.push((await f.alerts.recordAlert(newAlert(r, t, w), AT, '2026-12-02', null, []))!.id);
      }
      await f.alerts.recordAlert(newAlert(rule.id, topicId, 'hidden'), AT, '2026-12-02', 'x', []);
      expect((await f.alerts.listAlerts()).map((a) => a.id)).toEqual([...ids].reverse());
      expect((await f.alerts.listAlerts({ topicId })).map((a) => a.id)).toEqual([ids[1], ids[0]]);
      expect((await f.alerts.listAlerts({ beforeId: ids[2]!, limit: 1 })).map((a) => a.id)).toEqual(
        [ids[1]],
      );
      expect(await f.alerts.unreadCount()).toBe(3);
      expect(Object.fromEntries(await f.alerts.unreadByTopic())).toEqual({
        [topicId]: 2,
        [otherTopic]: 1,
      });
      expect(await f.alerts.markRead('2026-12-02T12:00:00.000Z', [ids[0]!, ids[0]!])).toBe(1);
      expect((await f.alerts.getAlert(ids[0]!))?.readAt).toBe('2026-12-02T12:00:00.000Z');
      expect(await f.alerts.markRead('2026-12-02T12:01:00.000Z')).toBe(2);
      expect(await f.alerts.unreadCount()).toBe(0);
      expect(await f.alerts.unreadByTopic()).toEqual(new Map());
    });

    it('hands each due delivery to one reader and logs its attempts', async () => {
      const rule = await f.alerts.createRule(topicId, { kind: 'volume_spike' }, 0);
      const targets = Array.from({ length: 6 }, (_, i) => `u${i}@x.vn`);
      await f.alerts.recordAlert(
        newAlert(rule.id, topicId, 'w'),
        AT,
        '2026-12-02',
        null,
        targets.map((target) => ({ channel: 'email', target, nextAttemptAt: AT })),
      );
      const later = '2026-12-02T10:03:00.000Z';
      await f.alerts.recordAlert(newAlert(rule.id, topicId, 'later'), AT, '2026-12-02', null, [
        { channel: 'digest', target: 'd@x.vn', nextAttemptAt: later },
      ]);
      const other = await f.another();
      const [mine, theirs] = await Promise.all([
        f.alerts.dueDeliveries(AT, 4),
        other.dueDeliveries(AT, 4),
      ]);
      const claimed = [...mine, ...theirs].map((d) => d.target).sort();
      expect(claimed).toEqual(targets);
      expect(mine.every((d) => d.status === 'pending' && d.attempts === 0)).toBe(true);
      // Claimed ones are leased: nobody gets them again until the lease ends.
      expect(await f.alerts.dueDeliveries(AT)).toEqual([]);
      expect((await f.alerts.dueDeliveries(later)).map((d) => d.target)).toEqual(['d@x.vn']);

      const delivery = mine[0]!;
      await f.alerts.recordAttempt(
        delivery.id,
        { at: AT, ok: false, message: 'HTTP 503' },
        { status: 'pending', nextAttemptAt: '2026-12-02T10:01:00.000Z' },
      );
      await f.alerts.recordAttempt(
        delivery.id,
        { at: '2026-12-02T10:01:00.000Z', ok: true, message: 'sent' },
        { status: 'sent' },
      );
      const [stored] = (await f.alerts.listDeliveries({ limit: 100 })).filter(
        (d) => d.id === delivery.id,
      );
      expect(stored).toMatchObject({
        status: 'sent',
        attempts: 2,
        lastError: null,
        sentAt: '2026-12-02T10:01:00.000Z',
        nextAttemptAt: '2026-12-02T10:01:00.000Z',
        log: [
          { at: AT, ok: false, message: 'HTTP 503' },
          { at: '2026-12-02T10:01:00.000Z', ok: true, message: 'sent' },
        ],
      });
      expect(await f.alerts.listDeliveries({ limit: 2 })).toHaveLength(2);
    });

    it("drops a topic's rules, alerts and deliveries with the topic", async () => {
      const rule = await f.alerts.createRule(topicId, { kind: 'match', query: 'cống' }, 0);
      const alert = await f.alerts.recordAlert(newAlert(rule.id, topicId, 'w'), AT, 'd', null, [
        { channel: 'email', target: 'a@x.vn', nextAttemptAt: AT },
      ]);
      await f.store.deleteTopic(topicId);
      expect(await f.alerts.getRule(rule.id)).toBeNull();
      expect(await f.alerts.getAlert(alert!.id)).toBeNull();
      expect(await f.alerts.listDeliveries()).toEqual([]);
      expect(await f.alerts.dueDeliveries(AT)).toEqual([]);
    });
  });
}
