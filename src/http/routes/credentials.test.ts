import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redditCredential } from '../../connectors/reddit/recognise-url.js';
import { youtubeCredential } from '../../connectors/youtube/recognise-url.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { CredentialSummary } from '../api-types.js';
import { type LoopbackApi, openLoopbackApi } from '../test-support/loopback-api.js';
import { credentialSummarySchema } from './credentials.js';

const SEALED = 'v1.sealed-secret-bytes-that-must-never-be-served';
const HOUR_MS = 3_600_000;

describe('GET /api/credentials', () => {
  let dir: string;
  let store: SqliteStore;
  let api: LoopbackApi;
  const later = new Date(Date.now() + 5 * HOUR_MS).toISOString();
  const earlier = new Date(Date.now() - HOUR_MS).toISOString();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-credentials-http-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
    api = await openLoopbackApi(store);
    const youtube = await store.addCredential({
      platform: 'youtube',
      label: 'key one',
      publicFields: {},
      sealed: SEALED,
    });
    await store.updateCredential(youtube.id, {
      quota: {
        buckets: {
          units: { used: 2500, resetAt: later },
          search: { used: 100, resetAt: earlier },
        },
        rate: null,
        exhaustedUntil: null,
      },
    });
    const reddit = await store.addCredential({
      platform: 'reddit',
      label: 'app',
      publicFields: { userAgent: 'nghe-test-agent' },
      sealed: SEALED,
    });
    await store.updateCredential(reddit.id, {
      status: 'exhausted',
      quota: {
        buckets: {},
        rate: { remaining: 12, limit: 100, resetAt: later },
        exhaustedUntil: earlier,
      },
      lastError: 'HTTP 429: too many requests',
    });
    const mastodon = await store.addCredential({
      platform: 'mastodon',
      label: 'instance token',
      publicFields: {},
      sealed: SEALED,
    });
    await store.updateCredential(mastodon.id, {
      status: 'invalid',
      lastError: 'HTTP 401: The access token is invalid',
    });
  });
  afterAll(async () => {
    await api.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists each credential with its quota as of now and never a secret', async () => {
    const res = await api.get<{ credentials: CredentialSummary[] }>('/api/credentials');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(SEALED);
    expect(res.text).not.toContain('sealed');
    expect(res.text).not.toContain('nghe-test-agent');
    const [youtube, reddit, mastodon] = res.body.credentials.map((c) =>
      credentialSummarySchema.parse(c),
    );
    const unitLimit = youtubeCredential.quotas?.units?.limit ?? 0;
    expect(youtube).toMatchObject({ platform: 'youtube', label: 'key one', status: 'ok' });
    expect(youtube?.quota.buckets).toEqual([
      { name: 'units', used: 2500, limit: unitLimit, remaining: unitLimit - 2500, resetAt: later },
      // A window that has ended counts as renewed.
      {
        name: 'search',
        used: 0,
        limit: youtubeCredential.quotas?.search?.limit,
        remaining: youtubeCredential.quotas?.search?.limit,
        resetAt: null,
      },
    ]);
    // A pause the platform reported has ended: the credential is usable again.
    expect(reddit).toMatchObject({ status: 'ok', lastError: 'HTTP 429: too many requests' });
    expect(reddit?.quota).toEqual({
      // Nothing spent: each accounted bucket is full.
      buckets: Object.entries(redditCredential.quotas ?? {}).map(([name, { limit }]) => ({
        name,
        used: 0,
        limit,
        remaining: limit,
        resetAt: null,
      })),
      rate: { remaining: 12, limit: 100, resetAt: later },
      exhaustedUntil: null,
    });
    expect(mastodon).toMatchObject({
      status: 'invalid',
      lastError: 'HTTP 401: The access token is invalid',
    });
  });
});
