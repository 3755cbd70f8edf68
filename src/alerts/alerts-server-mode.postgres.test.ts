import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { createHttpApp } from '../http/server.js';
import { hashApiToken } from '../http/token-auth.js';
import { createListeningEvents } from '../jobs/listening-events.js';
import { TopicTagger } from '../jobs/topic-tagger.js';
import { identityStoreFor } from '../store/identity-store-for.js';
import { openStore } from '../store/open-store.js';
import { createTestSchema, describePostgres } from '../store/postgres/test-database.js';
import { mentionInput } from '../store/store.conformance.js';
import { startAlertJobs } from './alert-jobs.js';
import { alertStoreFor } from './alert-store-for.js';

const TOKEN = 'nghe_alerts-server-mode-token-0123456789abcdefghijk';

describePostgres('alerts in server mode', () => {
  it('makes a rule on a PostgreSQL topic, fires it, lists the alert and drops it with the topic', async () => {
    const schema = await createTestSchema();
    const dir = mkdtempSync(join(tmpdir(), 'nghe-alerts-server-mode-'));
    const config = loadConfig({ NGHE_DATA_DIR: dir, NGHE_DATABASE_URL: schema.url }, dir);
    const store = openStore(config);
    try {
      const identity = identityStoreFor(store);
      await identity.createToken({
        name: 'admin',
        tokenHash: hashApiToken(TOKEN),
        userId: (await identity.builtinAdmin()).id,
        scopes: ['*'],
        expiresAt: null,
      });
      const app = createHttpApp({ store, version: '0.0.0-test', log: () => {} });
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
      const topicId = (await store.createTopic({ name: 'flood', query: 'ngập' })).id;

      const created = await call('POST', `/api/topics/${topicId}/alert-rules`, {
        kind: 'match',
        query: 'cống',
      });
      expect(created.status).toBe(201);
      // A topic that PostgreSQL does not hold is refused through the store, not the side file.
      expect(
        (
          await call('POST', `/api/topics/${topicId + 1000}/alert-rules`, {
            kind: 'match',
            query: 'x',
          })
        ).status,
      ).toBe(404);

      const alerts = alertStoreFor(store);
      if (!alerts) throw new Error('server mode keeps an alert store');
      const events = createListeningEvents();
      const jobs = startAlertJobs({
        alerts,
        figures: store,
        events,
        mail: null,
        timers: false,
        env: {},
      });
      const tagger = new TopicTagger({ store, events });
      const saved = await store.saveMentions(null, [
        mentionInput({ text: 'ngập vì cống nghẹt', publishedAt: new Date().toISOString() }),
        mentionInput({ text: 'ngập nhẹ sau mưa', publishedAt: new Date().toISOString() }),
      ]);
      await tagger.tagSaved(saved);
      await jobs.stop();

      const listed = await call('GET', `/api/alerts?topic=${topicId}`);
      expect(listed.status).toBe(200);
      expect(listed.body.alerts).toHaveLength(1);
      expect(listed.body.alerts[0]).toMatchObject({ ruleId: created.body.id, topicId });
      expect(listed.body.alerts[0].mentionIds).toEqual([saved.ids[0]]);

      expect((await call('DELETE', `/api/topics/${topicId}`)).status).toBe(204);
      expect(await alerts.getRule(created.body.id)).toBeNull();
      expect(await alerts.listAlerts({ topicId })).toEqual([]);
      // The rule, its alert and its deliveries went with the topic, by the foreign key.
      const pool = (store as unknown as { pool: import('pg').Pool }).pool;
      const { rows } = await pool.query<{ n: number }>(
        'SELECT (SELECT count(*) FROM alert_rules) + (SELECT count(*) FROM alerts) AS n',
      );
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      await schema.drop();
    }
  });
});
