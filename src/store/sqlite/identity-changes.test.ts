// Kept identity reads on SQLite: reused within their bound, read again after it, and dropped at
// once by any change this connection makes to their table, whichever code makes it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { KeptReads } from './identity-changes.js';
import { SqliteIdentityStore } from './identity-store.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

describe('KeptReads', () => {
  it('reuses a value within its bound, reads again after it, and keeps no miss', () => {
    let now = 0;
    const kept = new KeptReads<number, { v: number }>(1000, () => now);
    let reads = 0;
    const read = () => ({ v: ++reads });
    expect(kept.get(1, read)).toEqual({ v: 1 });
    now = 999;
    expect(kept.get(1, read)).toEqual({ v: 1 });
    now = 1000;
    expect(kept.get(1, read)).toEqual({ v: 2 });
    expect(kept.get(2, () => null)).toBeNull();
    expect(kept.get(2, () => ({ v: 7 }))).toEqual({ v: 7 });
    expect(kept.get(3, () => ({ v: 8 }), false)).toEqual({ v: 8 });
    expect(kept.get(3, () => ({ v: 9 }))).toEqual({ v: 9 });
    kept.clear();
    expect(kept.size).toBe(0);
    expect(kept.get(1, read)).toEqual({ v: 3 });
  });

  it('reads every time with a bound of 0', () => {
    const kept = new KeptReads<number, { v: number }>(0);
    let reads = 0;
    kept.get(1, () => ({ v: ++reads }));
    kept.get(1, () => ({ v: ++reads }));
    expect(reads).toBe(2);
  });
});

describe('SQLite identity store kept reads', () => {
  const dirs: string[] = [];
  const stores: SqliteStore[] = [];
  const others: Database.Database[] = [];
  afterEach(async () => {
    for (const db of others.splice(0)) db.close();
    for (const store of stores.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A store and an identity store keeping reads for a minute, so nothing expires in a test. */
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'nghe-identity-kept-'));
    dirs.push(dir);
    const path = join(dir, 'nghe.db');
    const store = openSqliteStore(path);
    stores.push(store);
    const identity = new SqliteIdentityStore(store.db, { keepMs: 60_000 });
    /** The file through a connection of its own, as another process writes it. */
    const elsewhere = () => {
      const db = new Database(path);
      db.pragma('busy_timeout = 5000');
      others.push(db);
      return db;
    };
    return { store, identity, elsewhere };
  };

  it('answers from what it read until the bound when another connection changes the row', async () => {
    const { identity, elsewhere } = open();
    const admin = await identity.builtinAdmin();
    expect((await identity.getUser(admin.id))?.displayName).toBe(admin.displayName);
    elsewhere().prepare('UPDATE users SET display_name = ? WHERE id = ?').run('Quản trị', admin.id);
    expect((await identity.getUser(admin.id))?.displayName).toBe(admin.displayName);
    const uncached = new SqliteIdentityStore(elsewhere(), { keepMs: 0 });
    expect((await uncached.getUser(admin.id))?.displayName).toBe('Quản trị');
  });

  it('drops a kept token at once when the older token interface revokes it', async () => {
    const { store, identity } = open();
    const token = await store.createApiToken('dashboard', 'hash-1');
    expect((await identity.findTokenByHash('hash-1'))?.revokedAt).toBeNull();
    expect(await store.revokeApiToken(token.id)).toBe(true);
    expect((await identity.findTokenByHash('hash-1'))?.revokedAt).not.toBeNull();
  });

  it('drops kept users, sessions and units on changes made by any code on the connection', async () => {
    const { store, identity } = open();
    const admin = await identity.builtinAdmin();
    const root = await identity.rootUnit();
    await identity.createSession('s1', {
      userId: admin.id,
      csrfToken: 'c',
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2030-01-01T00:00:00.000Z',
    });
    expect(await identity.findSession('s1')).not.toBeNull();
    expect((await identity.getUser(admin.id))?.disabledAt).toBeNull();
    expect((await identity.getUnit(root.id))?.name).toBe(root.name);
    store.db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run('2026-01-02', admin.id);
    store.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run('s1');
    store.db.prepare('UPDATE units SET name = ? WHERE id = ?').run('Sở', root.id);
    expect((await identity.getUser(admin.id))?.disabledAt).toBe('2026-01-02');
    expect(await identity.findSession('s1')).toBeNull();
    expect((await identity.getUnit(root.id))?.name).toBe('Sở');
  });

  it('drops kept charters and visible topics when topics are made, shared or deleted', async () => {
    const { store, identity } = open();
    const root = await identity.rootUnit();
    const team = await identity.createUnit({ parentId: root.id, kind: 'team', name: 'Đội' });
    const topic = await store.createTopic({ name: 'lũ', query: 'lũ' });
    expect(await identity.getCharter(topic.id)).not.toBeNull();
    expect(await identity.topicIdsVisibleTo(team.id)).toEqual([]);
    expect(await identity.topicIdsVisibleTo(root.id)).toEqual([topic.id]);
    await identity.shareTopic(topic.id, team.id);
    expect(await identity.topicIdsVisibleTo(team.id)).toEqual([topic.id]);
    expect((await identity.getCharter(topic.id))?.sharedWith).toEqual([team.id]);
    // The topic's own triggers remove its charter and shares.
    await store.deleteTopic(topic.id);
    expect(await identity.getCharter(topic.id)).toBeNull();
    expect(await identity.topicIdsVisibleTo(team.id)).toEqual([]);
    expect(await identity.topicIdsVisibleTo(root.id)).toEqual([]);
    const next = await store.createTopic({ name: 'mưa', query: 'mưa' });
    expect(await identity.topicIdsVisibleTo(root.id)).toEqual([next.id]);
  });

  it('keeps a token read when only its last use is written, and writes that once', async () => {
    const { store, identity, elsewhere } = open();
    await store.createApiToken('dashboard', 'hash-2');
    const first = await identity.findTokenByHash('hash-2');
    expect(first?.lastUsedAt).not.toBeNull();
    // Renamed elsewhere: the kept read goes on answering the old name, so nothing dropped it.
    elsewhere().prepare('UPDATE api_tokens SET name = ? WHERE token_hash = ?').run('x', 'hash-2');
    const again = await identity.findTokenByHash('hash-2');
    expect(again?.name).toBe('dashboard');
    expect(again?.lastUsedAt).toBe(first?.lastUsedAt);
  });

  it('keeps nothing read inside a transaction, which may be rolled back', async () => {
    const { store, identity } = open();
    const admin = await identity.builtinAdmin();
    store.db.exec('BEGIN');
    store.db.prepare('UPDATE users SET display_name = ? WHERE id = ?').run('tạm', admin.id);
    expect((await identity.getUser(admin.id))?.displayName).toBe('tạm');
    store.db.exec('ROLLBACK');
    expect((await identity.getUser(admin.id))?.displayName).toBe(admin.displayName);
  });

  it('tells every identity store on the connection, and gives each caller its own copy', async () => {
    const { store, identity } = open();
    const second = new SqliteIdentityStore(store.db, { keepMs: 60_000 });
    const admin = await identity.builtinAdmin();
    expect((await second.getUser(admin.id))?.email).toBeNull();
    await identity.updateUser(admin.id, { email: 'a@example.vn' });
    expect((await second.getUser(admin.id))?.email).toBe('a@example.vn');
    await identity.createSession('s2', {
      userId: admin.id,
      csrfToken: 'c',
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2030-01-01T00:00:00.000Z',
    });
    const session = await identity.findSession('s2');
    session!.expiresAt = '2000-01-01T00:00:00.000Z';
    expect((await identity.findSession('s2'))?.expiresAt).toBe('2030-01-01T00:00:00.000Z');
  });
});
