// The topic rules job over a real store and credential pool, against a loopback rules endpoint:
// nothing is synced until an X source follows the topics; then a topic change is one sync,
// a burst of changes is one sync, and a deleted topic loses its rule.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type LoopbackServer,
  listenOnLoopback,
  loopbackHttpClient,
} from '../connectors/test-support/loopback.js';
import { topicRuleTag } from '../connectors/x/topic-rules-sync.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { CredentialPool } from './credentials-pool.js';
import { createCredentialVault } from './credentials-vault.js';
import { XTopicRules } from './x-topic-rules.js';

const BEARER = 'AAAA-topic-rules';

let rules: { id: string; value: string; tag: string }[];
let posts: number;
let server: LoopbackServer;
let dir: string;
let store: SqliteStore;

beforeEach(async () => {
  rules = [];
  posts = 0;
  let nextId = 1;
  server = await listenOnLoopback((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${BEARER}`) return void res.writeHead(401).end();
      if (req.method === 'POST') {
        posts++;
        const dryRun = (req.url ?? '').includes('dry_run=true');
        const body = JSON.parse(raw) as {
          add?: { value: string; tag: string }[];
          delete?: { ids: string[] };
        };
        const data = (body.add ?? []).map((r) => ({ id: String(nextId++), ...r }));
        if (!dryRun) {
          rules = rules.filter((r) => !body.delete?.ids.includes(r.id)).concat(data);
        }
        return void res.writeHead(200).end(JSON.stringify({ data, meta: {} }));
      }
      res.writeHead(200).end(JSON.stringify({ data: rules, meta: { result_count: rules.length } }));
    });
  });
  dir = mkdtempSync(join(tmpdir(), 'nghe-x-topic-rules-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
});

afterEach(async () => {
  await store.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function job() {
  const vault = createCredentialVault(randomBytes(32));
  await store.addCredential({
    platform: 'x',
    label: 'app',
    publicFields: {},
    sealed: vault.seal('x', { bearerToken: BEARER }),
  });
  return new XTopicRules({
    store,
    pool: new CredentialPool(store, vault),
    http: loopbackHttpClient(),
    endpoints: { apiBaseUrl: `${server.origin}/2` },
    debounceMs: 20,
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('X topic rules job', () => {
  it('syncs only while an X source follows the topics, once per burst of changes', async () => {
    const rulesJob = await job();
    const flood = await store.createTopic({ name: 'Ngập', query: 'ngập "thủ đức"' });
    expect(await rulesJob.sync()).toBeNull();
    expect(posts).toBe(0);

    await store.addSource({
      kind: 'x',
      url: 'https://api.x.com/2/tweets/search/stream',
      settings: { follow: 'topics' },
    });
    const report = await rulesJob.sync();
    expect(report?.topics).toMatchObject([{ topicId: flood.id, state: 'added' }]);
    expect(rules).toMatchObject([{ value: 'ngập "thủ đức"', tag: topicRuleTag(flood.id) }]);

    const jam = await store.createTopic({ name: 'Kẹt xe', query: 'kẹt xe*' });
    await store.deleteTopic(flood.id);
    posts = 0;
    rulesJob.topicsChanged();
    rulesJob.topicsChanged();
    await settle();
    // One sync: the deleted topic's rule removed; the new topic reported, it has no rule.
    expect(posts).toBe(1);
    expect(rules).toEqual([]);
    expect(rulesJob.last?.topics).toEqual([
      { topicId: jam.id, state: 'refused', rule: null, reason: 'X has no prefix search (xe*)' },
    ]);
  });
});
