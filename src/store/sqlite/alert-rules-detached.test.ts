import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { alertStoreOf } from '../../alerts/alert-store-for.js';
import {
  alertRulesReferenceTopics,
  detachAlertRulesFromTopics,
  removeTopicAlertRules,
} from './alert-rules-detached.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-alert-rules-detached-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('drops the topic key and keeps every rule, alert and delivery', async () => {
  const topicId = (await store.createTopic({ name: 'flood', query: 'ngập' })).id;
  const alerts = alertStoreOf(store.db);
  const rule = alerts.createRule(topicId, { kind: 'match', query: 'cống' }, 0);
  const at = '2026-12-02T10:00:00.000Z';
  const fired = alerts.recordAlert(
    {
      ruleId: rule.id,
      topicId,
      windowKey: 'w1',
      title: 'cống',
      detail: {
        metric: 'match',
        from: at,
        to: at,
        value: 1,
        baseline: null,
        threshold: null,
        method: 'match',
      },
      mentionIds: [1],
    },
    at,
    '2026-12-02',
    null,
    [{ channel: 'webhook', target: 'https://hooks.example/', nextAttemptAt: at }],
  );
  expect(fired).not.toBeNull();
  expect(alertRulesReferenceTopics(store.db)).toBe(true);

  detachAlertRulesFromTopics(store.db);
  detachAlertRulesFromTopics(store.db);

  expect(alertRulesReferenceTopics(store.db)).toBe(false);
  expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
  expect(alerts.getRule(rule.id)).toEqual(rule);
  expect(alerts.listAlerts().map((a) => a.id)).toEqual([fired!.id]);
  expect(alerts.listDeliveries()).toHaveLength(1);
  expect(
    store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alert_rules'")
      .pluck()
      .all(),
  ).toContain('alert_rules_topic');
  // A topic the file does not hold is accepted now; the caller checks it through the store.
  expect(alerts.createRule(topicId + 50, { kind: 'match', query: 'x' }, 0).topicId).toBe(
    topicId + 50,
  );

  // Removing a topic's rules takes their alerts and deliveries with them.
  removeTopicAlertRules(store.db, topicId);
  expect(alerts.listRules(topicId)).toEqual([]);
  expect(alerts.listAlerts()).toEqual([]);
  expect(alerts.listDeliveries()).toEqual([]);
});
