// The credential pool over a real SQLite store: sealed at rest, spread over keys, quota
// accounted per key and renewed at midnight Pacific, refusals and spent quotas kept.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CredentialNeedsReplacingError,
  MissingCredentialError,
  QuotaPause,
} from '../connectors/collect-errors.js';
import type { CredentialSpec } from '../connectors/credentials.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { CredentialPool } from './credentials-pool.js';
import { type CredentialVault, createCredentialVault } from './credentials-vault.js';

const spec: CredentialSpec = {
  fields: [{ name: 'apiKey', description: 'key', secret: true }],
  quotas: {
    units: { limit: 100, window: { kind: 'daily', timeZone: 'America/Los_Angeles' } },
  },
  help: 'make one',
};

let dir: string;
let store: SqliteStore;
let vault: CredentialVault;
let clock: Date;

async function addKey(label: string, apiKey: string) {
  return store.addCredential({
    platform: 'youtube',
    label,
    publicFields: {},
    sealed: vault.seal('youtube', { apiKey }),
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-pool-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
  vault = createCredentialVault(randomBytes(32));
  clock = new Date('2026-01-15T15:00:00Z');
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('credential vault', () => {
  it('opens what it sealed, for that platform and installation only', () => {
    const sealed = vault.seal('reddit', { clientId: 'id-123', clientSecret: 'sec-456' });
    expect(sealed).not.toContain('sec-456');
    expect(vault.open('reddit', sealed)).toEqual({ clientId: 'id-123', clientSecret: 'sec-456' });
    expect(() => vault.open('youtube', sealed)).toThrow(/cannot be opened/);
    expect(() => createCredentialVault(randomBytes(32)).open('reddit', sealed)).toThrow(
      /installation key changed/,
    );
    expect(vault.seal('reddit', { a: 'b' })).not.toBe(vault.seal('reddit', { a: 'b' }));
  });

  it('leaves no secret in the SQLite file', async () => {
    await addKey('main', 'AIzaSECRETKEY123');
    await store.close();
    const bytes = readFileSync(join(dir, 'nghe.db'));
    expect(bytes.includes(Buffer.from('AIzaSECRETKEY123'))).toBe(false);
    store = openSqliteStore(join(dir, 'nghe.db'));
  });
});

function readStoredUsed(credential: { quota: Record<string, unknown> } | null): number {
  const buckets = credential?.quota.buckets as Record<string, { used: number }> | undefined;
  return buckets?.units?.used ?? 0;
}

describe('credential pool', () => {
  const pool = () => new CredentialPool(store, vault, () => clock);

  it('asks for a credential when there is none', async () => {
    const session = await pool().session('youtube', spec);
    expect(() => session.acquire()).toThrow(MissingCredentialError);
    expect(() => session.acquire()).toThrow(/nghe credentials add youtube/);
  });

  it('lends the key with most units left and accounts units per key', async () => {
    const a = await addKey('a', 'key-a');
    const b = await addKey('b', 'key-b');
    const first = await pool().session('youtube', spec);
    const lease = first.acquire({ bucket: 'units', units: 1 });
    expect(lease.id).toBe(a.id);
    expect(lease.secrets).toEqual({ apiKey: 'key-a' });
    lease.spend('units', 60);
    await first.persist();
    expect(first.health()).toMatchObject({ id: a.id, remaining: 40, limit: 100 });
    expect(first.health()?.resetAt).toBe('2026-01-16T08:00:00.000Z');

    const second = await pool().session('youtube', spec);
    expect(second.acquire({ bucket: 'units', units: 1 }).id).toBe(b.id);
  });

  it('pauses before the quota is spent and resumes after midnight Pacific', async () => {
    await addKey('only', 'key');
    const session = await pool().session('youtube', spec);
    const lease = session.acquire({ bucket: 'units', units: 1 });
    lease.spend('units', 99);
    let pause: unknown;
    try {
      lease.spend('units', 2);
    } catch (error) {
      pause = error;
    }
    expect(pause).toBeInstanceOf(QuotaPause);
    expect((pause as QuotaPause).until.toISOString()).toBe('2026-01-16T08:00:00.000Z');
    expect((pause as QuotaPause).message).toMatch(/has 1 of 100 units left/);
    await session.persist();

    const spent = await pool().session('youtube', spec);
    expect(() => spent.acquire({ bucket: 'units', units: 2 })).toThrow(QuotaPause);
    clock = new Date('2026-01-16T08:00:01Z');
    const renewed = await pool().session('youtube', spec);
    renewed.acquire({ bucket: 'units', units: 2 }).spend('units', 2);
    expect(renewed.health()?.remaining).toBe(98);
  });

  it('keeps a spent quota reported by the platform and a refused key', async () => {
    const a = await addKey('a', 'key-a');
    const session = await pool().session('youtube', spec);
    session.acquire().exhausted('quotaExceeded', new Date('2026-01-16T08:00:00Z'));
    await session.persist();
    expect(await store.getCredential(a.id)).toMatchObject({
      status: 'exhausted',
      lastError: 'quotaExceeded',
    });
    const paused = await pool().session('youtube', spec);
    expect(() => paused.acquire()).toThrow(/resumes at 2026-01-16T08:00:00.000Z/);

    clock = new Date('2026-01-16T09:00:00Z');
    const next = await pool().session('youtube', spec);
    next.acquire().invalid('API key not valid. Please pass a valid API key.');
    await next.persist();
    expect(await store.getCredential(a.id)).toMatchObject({ status: 'invalid' });
    const refused = await pool().session('youtube', spec);
    // Its sources wait for a user (a pause), rather than fail again at every backoff.
    expect(() => refused.acquire()).toThrow(CredentialNeedsReplacingError);
    expect(() => refused.acquire()).toThrow(/API key not valid/);
  });

  it('drops the old reason once a spent credential renews and works again', async () => {
    const a = await addKey('a', 'key-a');
    const session = await pool().session('youtube', spec);
    session.acquire().exhausted('quotaExceeded', new Date('2026-01-16T08:00:00Z'));
    await session.persist();
    clock = new Date('2026-01-16T08:00:01Z');
    const renewed = await pool().session('youtube', spec);
    renewed.acquire({ bucket: 'units', units: 1 }).spend('units', 1);
    expect(renewed.health()).toMatchObject({ status: 'ok', lastError: null });
    await renewed.persist();
    expect(await store.getCredential(a.id)).toMatchObject({ status: 'ok', lastError: null });
  });

  it('counts the units of concurrent collections in one process', async () => {
    const a = await addKey('a', 'key-a');
    const shared = pool();
    const first = await shared.session('youtube', spec);
    const second = await shared.session('youtube', spec);
    first.acquire().spend('units', 30);
    second.acquire().spend('units', 20);
    await second.persist();
    await first.persist();
    expect(readStoredUsed(await store.getCredential(a.id))).toBe(50);
    expect(first.health()?.remaining).toBe(50);
  });

  it('waits out a rate-limit window the platform reported', async () => {
    await addKey('a', 'key-a');
    const session = await pool().session('youtube', spec);
    session.acquire().observeRateLimit({
      remaining: 0,
      limit: 100,
      resetAt: new Date('2026-01-15T15:01:00Z'),
    });
    await session.persist();
    const later = await pool().session('youtube', spec);
    expect(() => later.acquire()).toThrow(QuotaPause);
    clock = new Date('2026-01-15T15:01:01Z');
    expect((await pool().session('youtube', spec)).acquire().label).toBe('a');
  });
});
