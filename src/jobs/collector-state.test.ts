// The collector's handling of platform sources, with small connectors written for the test:
// cursors stored with their batch, pauses for quota and missing credentials, refused
// credentials, and unreadable responses set aside without storing part of a batch.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  InvalidCredentialError,
  QuarantinedResponseError,
  QuotaPause,
} from '../connectors/collect-errors.js';
import type { CollectContext, CollectResult, Connector } from '../connectors/connector.js';
import type { CredentialSpec } from '../connectors/credentials.js';
import type { CollectedMention, Source } from '../model.js';
import { createHttpClient } from '../net/http-client.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { Collector } from './collector.js';
import { CredentialPool } from './credentials-pool.js';
import { type CredentialVault, createCredentialVault } from './credentials-vault.js';
import { createPseudonymiser } from './pseudonymise.js';

const spec: CredentialSpec = {
  fields: [{ name: 'apiKey', description: 'key', secret: true }],
  quotas: { units: { limit: 10, window: { kind: 'daily', timeZone: 'America/Los_Angeles' } } },
  help: 'make one',
};

function comment(id: string): CollectedMention {
  return {
    platform: 'youtube',
    url: null,
    externalId: id,
    author: { nativeId: `UC-${id}`, name: 'A Person', kind: 'person' },
    publishedAt: '2026-01-15T10:00:00Z',
    updatedAt: null,
    language: 'vi',
    title: null,
    text: `bình luận ${id}`,
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    raw: {},
  };
}

const ok = (mentions: CollectedMention[], cursor?: string | null): CollectResult => ({
  title: null,
  notModified: false,
  validators: { etag: null, lastModified: null },
  mentions,
  warnings: [],
  cursor,
});

type Collect = (source: Source, context: CollectContext) => Promise<CollectResult>;

const http = createHttpClient();
let store: SqliteStore | undefined;
let vault: CredentialVault;
const now = new Date('2026-01-15T15:00:00Z');

afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function setUp(collect: Collect, keys: string[] = ['key-a']) {
  store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nghe-collect-state-')), 'nghe.sqlite'));
  vault = createCredentialVault(randomBytes(32));
  for (const [i, apiKey] of keys.entries()) {
    await store.addCredential({
      platform: 'youtube',
      label: `key ${i + 1}`,
      publicFields: {},
      sealed: vault.seal('youtube', { apiKey }),
    });
  }
  const connector: Connector = { kind: 'youtube', description: 'test', credential: spec, collect };
  const collector = new Collector({
    store,
    http,
    connectors: new Map([['youtube', connector]]),
    pseudonymise: createPseudonymiser(Buffer.alloc(32, 3)),
    concurrency: 1,
    now: () => now,
    random: () => 0.5,
    credentials: new CredentialPool(store, vault, () => now),
    endpoints: { youtube: { apiBaseUrl: 'http://127.0.0.1:9/yt' } },
  });
  const { source } = await store.addSource({
    kind: 'youtube',
    url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    settings: { follow: 'video', videoId: 'dQw4w9WgXcQ' },
  });
  return { collector, store, source };
}

describe('Collector with platform sources', () => {
  it('gives the connector its cursor, endpoints and credential, and stores the next cursor', async () => {
    const seen: (string | null)[] = [];
    const { collector, store, source } = await setUp(async (s, context) => {
      seen.push(s.cursor);
      expect(context.endpoints?.apiBaseUrl).toBe('http://127.0.0.1:9/yt');
      const lease = context.credentials!.acquire({ bucket: 'units', units: 1 });
      expect(lease.secrets.apiKey).toBe('key-a');
      lease.spend('units', 3);
      return ok([comment(`c${seen.length}`)], `page-${seen.length}`);
    });
    await collector.runOnce({ all: true });
    await collector.runOnce({ all: true });
    expect(seen).toEqual([null, 'page-1']);
    const stored = await store.getSource(source.id);
    expect(stored?.cursor).toBe('page-2');
    expect(stored?.health.credential).toMatchObject({ label: 'key 1', remaining: 4, limit: 10 });
    expect(await store.countMentions()).toBe(2);
  });

  it('pauses on a spent quota with its reason, without counting a failure', async () => {
    const { collector, store, source } = await setUp(async (_, context) => {
      const lease = context.credentials!.acquire({ bucket: 'units', units: 1 });
      lease.exhausted('quotaExceeded', new Date('2026-01-16T08:00:00Z'));
      throw new QuotaPause('YouTube quota spent', new Date('2026-01-16T08:00:00Z'));
    });
    const summary = await collector.runOnce({ all: true });
    expect(summary.failed).toBe(0);
    const stored = await store.getSource(source.id);
    expect(stored?.health).toMatchObject({
      consecutiveFailures: 0,
      paused: { reason: 'YouTube quota spent', until: '2026-01-16T08:00:00.000Z' },
      credential: { status: 'exhausted', lastError: 'quotaExceeded' },
    });
    expect(stored?.schedule.nextFetchAt).toBe('2026-01-16T08:00:00.000Z');
  });

  it('waits for a credential when none is set up, and fails on a refused one', async () => {
    const waiting = await setUp(async (_, context) => {
      context.credentials!.acquire();
      return ok([]);
    }, []);
    await waiting.collector.runOnce({ all: true });
    expect((await waiting.store.getSource(waiting.source.id))?.health.paused).toMatchObject({
      reason: expect.stringMatching(
        /no youtube credential: add one with `nghe credentials add youtube`/,
      ),
      until: null,
    });
    await waiting.store.close();

    const refused = await setUp(async (_, context) => {
      const lease = context.credentials!.acquire();
      lease.invalid('API key not valid');
      throw new InvalidCredentialError(
        'youtube credential #1 "key 1" was refused: API key not valid',
      );
    });
    await refused.collector.runOnce({ all: true });
    const stored = await refused.store.getSource(refused.source.id);
    expect(stored?.health).toMatchObject({
      consecutiveFailures: 1,
      lastError: 'youtube credential #1 "key 1" was refused: API key not valid',
      credential: { status: 'invalid', lastError: 'API key not valid' },
    });
    expect((await refused.store.listCredentials('youtube'))[0]?.status).toBe('invalid');
  });

  it('sets an unreadable response aside and stores nothing of its batch', async () => {
    const { collector, store, source } = await setUp(async () => {
      throw new QuarantinedResponseError(
        'youtube: commentThreads item without snippet',
        'http://127.0.0.1:9/yt/commentThreads',
        '{"items":[{"kind":"youtube#commentThread","id":"x"}]}',
      );
    });
    const summary = await collector.runOnce({ all: true });
    expect(summary.failed).toBe(1);
    const stored = await store.getSource(source.id);
    expect(stored?.health.quarantine).toMatchObject({
      reason: 'youtube: commentThreads item without snippet',
      url: 'http://127.0.0.1:9/yt/commentThreads',
    });
    expect(stored?.cursor).toBeNull();
    expect(await store.countMentions()).toBe(0);
    const [kept] = await store.listQuarantined(source.id);
    expect(kept?.body).toContain('youtube#commentThread');
  });
});
