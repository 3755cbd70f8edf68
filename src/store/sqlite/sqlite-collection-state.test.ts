// Cursors saved with their batch, quarantined responses and sealed credentials in SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialLabelTakenError } from '../collection-state-store.js';
import { mentionInput } from '../store.conformance.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-state-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('collection state in SQLite', () => {
  it('saves the cursor in the transaction of its batch, and not without it', async () => {
    const { source } = await store.addSource({
      kind: 'reddit',
      url: 'https://www.reddit.com/r/a/',
    });
    expect(source.cursor).toBeNull();
    const first = mentionInput({ platform: 'reddit', canonicalUrl: null, externalId: 't3_a' });
    await store.saveSourceBatch(source.id, [first], 't3_a');
    expect((await store.getSource(source.id))?.cursor).toBe('t3_a');

    // A batch that fails part-way leaves neither its mentions nor its cursor.
    const good = mentionInput({ platform: 'reddit', canonicalUrl: null, externalId: 't3_b' });
    const bad = { ...good, externalId: 't3_c', text: null as unknown as string };
    await expect(store.saveSourceBatch(source.id, [good, bad], 't3_c')).rejects.toThrow();
    expect((await store.getSource(source.id))?.cursor).toBe('t3_a');
    expect(await store.countMentions()).toBe(1);
  });

  it('keeps the latest quarantined responses of a source, with their reason', async () => {
    const { source } = await store.addSource({ kind: 'feed', url: 'https://a.example/rss' });
    for (let i = 0; i < 7; i++) {
      await store.quarantineResponse({
        sourceId: source.id,
        at: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
        url: 'https://a.example/rss',
        reason: `shape ${i}`,
        body: `{"n":${i}}`,
      });
    }
    const kept = await store.listQuarantined(source.id);
    expect(kept.map((q) => q.reason)).toEqual([
      'shape 6',
      'shape 5',
      'shape 4',
      'shape 3',
      'shape 2',
    ]);
    expect(kept[0]?.body).toBe('{"n":6}');
  });

  it('stores credentials sealed, one label per platform, with status and quota', async () => {
    const added = await store.addCredential({
      platform: 'youtube',
      label: 'main',
      publicFields: {},
      sealed: 'v1.sealed',
    });
    expect(added).toMatchObject({ platform: 'youtube', label: 'main', status: 'ok', quota: {} });
    await expect(
      store.addCredential({ platform: 'youtube', label: 'main', publicFields: {}, sealed: 'x' }),
    ).rejects.toThrow(CredentialLabelTakenError);
    await store.updateCredential(added.id, {
      status: 'invalid',
      quota: { units: { used: 5 } },
      lastError: 'API key not valid',
    });
    expect(await store.getCredential(added.id)).toMatchObject({
      status: 'invalid',
      quota: { units: { used: 5 } },
      lastError: 'API key not valid',
    });
    expect(await store.listCredentials('reddit')).toEqual([]);
    expect(await store.removeCredential(added.id)).toBe(true);
    expect(await store.listCredentials()).toEqual([]);
  });
});
