// The identity store over the SQLite file: the shared cases (identity.conformance.ts), the
// migration that gives existing tokens and topics an owner, and a reused topic id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { expectUpgradedIdentity, identityConformance } from '../identity.conformance.js';
import { DEFAULT_SQLITE_IDENTITY_KEEP_MS } from './identity-changes.js';
import { identityMigration } from './identity-schema.js';
import { identityStoreOf, SqliteIdentityStore } from './identity-store.js';
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

identityConformance(async () => {
  const path = tempDb();
  const store = openSqliteStore(path);
  const others: Database.Database[] = [];
  return {
    identity: identityStoreOf(store.db),
    store,
    async another() {
      const db = new Database(path);
      db.pragma('busy_timeout = 5000');
      others.push(db);
      return new SqliteIdentityStore(db);
    },
    // Reads are kept for a second; this connection's own changes drop them at once.
    staleMs: DEFAULT_SQLITE_IDENTITY_KEEP_MS,
    async close() {
      for (const db of others) db.close();
      await store.close();
    },
  };
});

describe('identity migration', () => {
  it('gives existing tokens and topics to the built-in administrator and the organisation', async () => {
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
    const charter = await expectUpgradedIdentity(identity, 1);
    expect(charter.purpose).toBe('general monitoring');
    db.close();
  });

  it('starts a topic whose id SQLite reused with a fresh charter', async () => {
    const store = openSqliteStore(tempDb());
    try {
      const identity = identityStoreOf(store.db);
      const topic = await store.createTopic({ name: 't', query: 'lũ' });
      const unit = await identity.createUnit({
        parentId: (await identity.rootUnit()).id,
        kind: 'team',
        name: 'Đội',
      });
      await identity.shareTopic(topic.id, unit.id);
      await store.deleteTopic(topic.id);
      const next = await store.createTopic({ name: 'u', query: 'mưa' });
      expect(await identity.getCharter(next.id)).toMatchObject({
        sharedWith: [],
        purpose: 'general monitoring',
      });
    } finally {
      await store.close();
    }
  });
});
