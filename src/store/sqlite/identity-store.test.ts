import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { identityMigration } from './identity-schema.js';
import { identityStoreOf } from './identity-store.js';
import { migrate, migrations } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-identity-'));
  dirs.push(dir);
  return join(dir, 'nghe.db');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('identity migration', () => {
  it('gives existing tokens and topics to the built-in administrator and the organisation', () => {
    const path = tempDb();
    const db = new Database(path);
    const before = migrations.indexOf(identityMigration);
    migrate(db, migrations.slice(0, before));
    const at = '2025-01-01T00:00:00.000Z';
    const token = db.prepare(
      'INSERT INTO api_tokens (name, token_hash, created_at) VALUES (?, ?, ?)',
    );
    token.run('dashboard', 'h1', at);
    token.run('dashboard', 'h2', at);
    db.prepare(
      `INSERT INTO topics (name, query, status, created_at, updated_at, backfill)
       VALUES ('ngập', 'ngập', 'active', ?, ?, '{}')`,
    ).run(at, at);
    migrate(db);
    const identity = identityStoreOf(db);
    const admin = identity.builtinAdmin();
    expect(admin).toMatchObject({ role: 'admin', builtin: true, unitId: identity.rootUnit().id });
    const tokens = identity.listTokens();
    expect(tokens.map((t) => [t.name, t.userId, t.scopes])).toEqual([
      ['dashboard', admin.id, ['*']],
      [`dashboard #${tokens[1]!.id}`, admin.id, ['*']],
    ]);
    const charter = identity.getCharter(1);
    expect(charter).toMatchObject({
      unitId: identity.rootUnit().id,
      ownerId: admin.id,
      purpose: 'general monitoring',
    });
    const yearOn = Date.parse(charter!.expiresAt) - Date.now();
    expect(yearOn).toBeGreaterThan(364 * 86_400_000);
    db.close();
  });

  it('gives a topic created by any path a default charter, and refuses duplicate active token names', async () => {
    const store = openSqliteStore(tempDb());
    try {
      const identity = identityStoreOf(store.db);
      const topic = await store.createTopic({ name: 't', query: 'lũ' });
      expect(identity.getCharter(topic.id)?.unitId).toBe(identity.rootUnit().id);
      await store.createApiToken('ci', 'hash-a');
      await expect(store.createApiToken('ci', 'hash-b')).rejects.toThrow(/UNIQUE/);
      const [ci] = identity.listTokens();
      identity.revokeToken(ci!.id);
      await store.createApiToken('ci', 'hash-c');
      expect(identity.listTokens({ userId: identity.builtinAdmin().id })).toHaveLength(2);
      identity.shareTopic(topic.id, identity.rootUnit().id);
      await store.deleteTopic(topic.id);
      expect(identity.getCharter(topic.id)).toBeNull();
      // SQLite may give the next topic the same id: it starts with a fresh charter.
      const next = await store.createTopic({ name: 'u', query: 'mưa' });
      expect(identity.getCharter(next.id)).toMatchObject({
        sharedWith: [],
        purpose: 'general monitoring',
      });
    } finally {
      await store.close();
    }
  });

  it('locks an account after repeated failures and keeps units, shares and sessions', async () => {
    const store = openSqliteStore(tempDb());
    try {
      const identity = identityStoreOf(store.db);
      const ward = identity.createUnit({
        parentId: identity.rootUnit().id,
        kind: 'ward',
        name: 'Phường Bến Thành',
        places: ['ward:25747'],
        sectors: ['flooding'],
        functions: ['theo dõi ngập'],
      });
      const user = identity.createUser({
        unitId: ward.id,
        username: 'lan',
        role: 'analyst',
        passwordHash: 'x',
      });
      expect(identity.findUserByUsername('LAN')?.id).toBe(user.id);
      const until = '2030-01-01T00:00:00.000Z';
      for (let i = 0; i < 2; i++) identity.recordFailedSignIn(user.id, 3, until);
      expect(identity.getUser(user.id)?.lockedUntil).toBeNull();
      expect(identity.recordFailedSignIn(user.id, 3, until).lockedUntil).toBe(until);
      identity.clearFailedSignIns(user.id);
      expect(identity.getUser(user.id)).toMatchObject({ failedSignIns: 0, lockedUntil: null });
      const topic = await store.createTopic({ name: 'shared', query: 'ngập' });
      identity.shareTopic(topic.id, ward.id);
      expect(identity.topicIdsVisibleTo(ward.id)).toEqual([topic.id]);
      expect(identity.getCharter(topic.id)?.sharedWith).toEqual([ward.id]);
      identity.createSession('hash', {
        userId: user.id,
        csrfToken: 'c',
        createdAt: until,
        expiresAt: until,
      });
      expect(identity.findSession('hash')?.userId).toBe(user.id);
      expect(identity.deleteSessionsOf(user.id)).toBe(1);
      expect(identity.findSession('hash')).toBeNull();
    } finally {
      await store.close();
    }
  });
});
