import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createListeningEvents } from '../jobs/listening-events.js';
import { TopicTagger } from '../jobs/topic-tagger.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';
import { startAlertJobs } from './alert-jobs.js';
import { alertStoreOf } from './alert-store-for.js';
import { verifySignature } from './webhook-signature.js';

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-alert-jobs-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('judges each tagged batch by itself and delivers what fired at once', async () => {
  const received: { body: string; signature: string }[] = [];
  let arrive = () => {};
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ body, signature: String(req.headers['x-nghe-signature']) });
      res.end();
      arrive();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const alerts = alertStoreOf(store.db);
  const topicId = (await store.createTopic({ name: 'flood', query: 'ngập' })).id;
  await alerts.createRule(
    topicId,
    {
      kind: 'match',
      query: 'cống',
      webhookUrl: `http://127.0.0.1:${port}/`,
      webhookSecret: 'sixteen-chars-secret',
    },
    0,
  );

  const events = createListeningEvents();
  const jobs = startAlertJobs({
    alerts,
    figures: store,
    events,
    mail: null,
    timers: false,
    env: {},
    allowPrivateAddresses: true,
  });
  const tagger = new TopicTagger({ store, events });
  const saved = await store.saveMentions(null, [
    mentionInput({ text: 'ngập vì cống nghẹt', publishedAt: new Date().toISOString() }),
  ]);
  await tagger.tagSaved(saved);
  await arrived;
  await jobs.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));

  expect(received).toHaveLength(1);
  expect(verifySignature(received[0]!.body, 'sixteen-chars-secret', received[0]!.signature)).toBe(
    true,
  );
  expect(JSON.parse(received[0]!.body).alert.mentionIds).toEqual(saved.ids);
  expect((await alerts.listDeliveries())[0]?.status).toBe('sent');
});
