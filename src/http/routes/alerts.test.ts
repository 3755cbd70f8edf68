import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertStoreOf } from '../../alerts/alert-store-for.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { OpenApiDocument } from '../openapi.js';
import { createHttpApp } from '../server.js';
import { hashApiToken } from '../token-auth.js';

const TOKEN = 'nghe_alerts-route-test-token-0123456789abcdefghijk';

describe('alert routes', () => {
  let dir: string;
  let store: SqliteStore;
  let app: ReturnType<typeof createHttpApp>;
  let topicId: number;

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: test reads loosely typed JSON
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-alerts-http-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
    await store.createApiToken('analyst', hashApiToken(TOKEN));
    app = createHttpApp({ store, version: '0.0.0-test', log: () => {} });
    topicId = (await store.createTopic({ name: 'flood', query: 'ngập' })).id;
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, lists, edits and removes rules; the webhook secret is shown once', async () => {
    const created = await call('POST', `/api/topics/${topicId}/alert-rules`, {
      kind: 'match',
      query: '"thủ đức"',
      webhookUrl: 'https://hooks.example/nghe',
      quietStart: '22:00',
      quietEnd: '07:00',
      dailyCap: 5,
    });
    expect(created.status).toBe(201);
    expect(created.body.webhookSecret).toMatch(/^[\w-]{40,}$/);
    expect(created.body).toMatchObject({ webhookSecretSet: true, timeZone: 'Asia/Ho_Chi_Minh' });

    const listed = await call('GET', `/api/topics/${topicId}/alert-rules`);
    expect(listed.body.rules).toHaveLength(1);
    expect(listed.body.rules[0].webhookSecret).toBeUndefined();

    const paused = await call('PATCH', `/api/alert-rules/${created.body.id}`, { enabled: false });
    expect(paused.body).toMatchObject({ enabled: false, query: '"thủ đức"', dailyCap: 5 });

    expect((await call('DELETE', `/api/alert-rules/${created.body.id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/alert-rules/${created.body.id}`)).status).toBe(404);

    const story = await call('POST', `/api/topics/${topicId}/alert-rules`, {
      kind: 'new_story',
      settings: { size: 4 },
    });
    expect(story.status).toBe(201);
    expect(story.body).toMatchObject({ kind: 'new_story', settings: { size: 4 } });
    expect((await call('DELETE', `/api/alert-rules/${story.body.id}`)).status).toBe(204);
  });

  it('refuses bad rules with the field at fault', async () => {
    const post = (body: unknown) => call('POST', `/api/topics/${topicId}/alert-rules`, body);
    const cases: [unknown, string][] = [
      [{ kind: 'match' }, 'query'],
      [{ kind: 'match', query: '"thủ đức' }, 'query'],
      [{ kind: 'volume_spike', quietStart: '22:00' }, 'quietEnd'],
      [{ kind: 'volume_spike', quietStart: '25:00', quietEnd: '07:00' }, 'quietStart'],
      [{ kind: 'volume_spike', timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ kind: 'volume_spike', emails: ['not-an-address'] }, 'emails.0'],
      [{ kind: 'volume_spike', emailDigest: true }, 'emails'],
      [{ kind: 'volume_spike', webhookUrl: 'ftp://hooks.example' }, 'webhookUrl'],
      [{ kind: 'story' }, 'kind'],
      [{ kind: 'new_story', settings: { size: 1 } }, 'settings.size'],
      [{ kind: 'volume_spike', colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field, JSON.stringify(body)).toBe(field);
    }
    expect(
      (await call('POST', '/api/topics/999/alert-rules', { kind: 'volume_spike' })).status,
    ).toBe(404);
    expect((await call('GET', `/api/topics/${topicId}/alert-rules`)).body.rules).toEqual([]);
  });

  it('lists notifications with the unread count, marks them read and shows deliveries; all audited', async () => {
    const alerts = alertStoreOf(store.db);
    const rule = await alerts.createRule(
      topicId,
      { kind: 'match', query: 'ngập', emails: ['a@x.vn'] },
      0,
    );
    const at = '2026-03-02T03:00:00.000Z';
    for (const key of ['mentions:1-1', 'mentions:2-2']) {
      await alerts.recordAlert(
        {
          ruleId: rule.id,
          topicId,
          windowKey: key,
          title: `alert ${key}`,
          detail: {
            metric: 'match',
            from: at,
            to: at,
            value: 1,
            baseline: null,
            threshold: 1,
            method: 'm',
          },
          mentionIds: [1],
        },
        at,
        '2026-03-02',
        null,
        [{ channel: 'email', target: 'a@x.vn', nextAttemptAt: at }],
      );
    }
    const listed = await call('GET', '/api/alerts');
    expect(listed.body.unread).toBe(2);
    expect(listed.body.alerts.map((a: { title: string }) => a.title)).toEqual([
      'alert mentions:2-2',
      'alert mentions:1-1',
    ]);
    const newest = listed.body.alerts[0];
    const read = await call('POST', '/api/alerts/read', { ids: [newest.id] });
    expect(read.body).toEqual({ changed: 1, unread: 1 });
    const deliveries = await call('GET', `/api/alerts/${newest.id}/deliveries`);
    expect(deliveries.body.deliveries).toMatchObject([
      { channel: 'email', target: 'a@x.vn', status: 'pending' },
    ]);
    expect((await call('POST', '/api/alerts/read', {})).body).toEqual({ changed: 1, unread: 0 });

    const actions = (await store.listAudit({ limit: 100 })).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'createAlertRule',
        'listAlertRules',
        'updateAlertRule',
        'deleteAlertRule',
        'listAlerts',
        'markAlertsRead',
        'listAlertDeliveries',
      ]),
    );
  });

  it('documents the routes', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as OpenApiDocument;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/topics/{id}/alert-rules',
        '/api/alert-rules/{id}',
        '/api/alerts',
        '/api/alerts/read',
        '/api/alerts/{id}/deliveries',
      ]),
    );
  });
});
