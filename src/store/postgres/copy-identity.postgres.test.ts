// `nghe migrate` carries users, units, sessions, tokens, charters, shares and notices into
// PostgreSQL: interrupted and resumed, every row once, the counts checked, and what the
// identity store reads back is what the SQLite file held; sessions and tokens keep working.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { IdentityStore, User } from '../../identity/identity-store.js';
import type { Unit } from '../../identity/units.js';
import { identityStoreOf } from '../sqlite/identity-store.js';
import type { SqliteStore } from '../sqlite/sqlite-store.js';
import { copySqliteToPostgres } from './copy-from-sqlite.js';
import { type CopyTestStores, openCopyTestStores } from './copy-test-stores.js';
import { PostgresIdentityStore } from './identity-store.js';
import type { PostgresStore } from './postgres-store.js';
import { describePostgres } from './test-database.js';

const FUTURE = '2030-01-01T00:00:00.000Z';

async function seed(store: SqliteStore): Promise<void> {
  const identity = identityStoreOf(store.db);
  const root = await identity.rootUnit();
  // The organisation as its administrator set it up, not as the migration made it.
  await identity.updateUnit(root.id, { name: 'Thành phố', functions: ['điều hành'] });
  const units: Unit[] = [];
  for (let i = 0; i < 7; i++) {
    units.push(
      await identity.createUnit({
        parentId: i < 2 ? root.id : units[i % 2]!.id,
        kind: i < 2 ? 'department' : 'ward',
        name: `Đơn vị ${i}`,
        places: i < 2 ? [] : [`ward:2574${i}`],
        sectors: ['flooding'],
        functions: [`chức năng ${i}`],
      }),
    );
  }
  // A unit moved under one made after it.
  await identity.updateUnit(units[0]!.id, { parentId: units[6]!.id });
  const users: User[] = [];
  for (let i = 0; i < 9; i++) {
    users.push(
      await identity.createUser({
        unitId: units[i % units.length]!.id,
        username: `nguoi-${i}`,
        role: (['analyst', 'lead', 'viewer'] as const)[i % 3]!,
        passwordHash: `hash-${i}`,
        email: i % 2 ? `n${i}@example.vn` : null,
        oidcSubject: i === 4 ? 'https://idp#4' : null,
      }),
    );
  }
  await identity.updateUser(users[1]!.id, { disabled: true });
  await identity.recordFailedSignIn(users[2]!.id, 1, FUTURE);
  for (const [i, user] of users.entries()) {
    await identity.createSession(`session-${i}`, {
      userId: user.id,
      csrfToken: `csrf-${i}`,
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: FUTURE,
    });
    await identity.createToken({
      name: `token-${i}`,
      tokenHash: `token-hash-${i}`,
      userId: user.id,
      scopes: i % 2 ? ['read'] : ['read', 'search'],
      expiresAt: i % 3 ? FUTURE : null,
    });
  }
  await store.createApiToken('legacy', 'token-hash-legacy');
  const revoked = await identity.findTokenByHash('token-hash-0');
  await identity.revokeToken(revoked!.id);
  for (let i = 0; i < 6; i++) {
    const topic = await store.createTopic({ name: `chủ đề ${i}`, query: `ngập ${i}` });
    if (i % 2 === 0) continue; // keeps its default charter
    const unit = units[i]!;
    await identity.setCharter({
      topicId: topic.id,
      unitId: unit.id,
      ownerId: users[i]!.id,
      purpose: unit.functions[0]!,
      justification: `theo dõi ${i}`,
      expiresAt: FUTURE,
      widenedBy: i === 3 ? (await identity.builtinAdmin()).id : null,
    });
    await identity.shareTopic(topic.id, units[(i + 1) % units.length]!.id);
    await identity.addNotice({
      userId: users[i]!.id,
      topicId: topic.id,
      kind: 'topic-expired',
      message: `Topic expired ${i}`,
      createdAt: '2026-02-01T00:00:00.000Z',
    });
  }
}

/** Everything an identity store answers, in a form two stores can be compared by. */
async function snapshot(identity: IdentityStore) {
  const users = await identity.listUsers();
  return {
    root: await identity.rootUnit(),
    admin: await identity.builtinAdmin(),
    units: await identity.listUnits(),
    users,
    passwords: await Promise.all(users.map((u) => identity.passwordHashOf(u.id))),
    sessions: await Promise.all(users.map((_, i) => identity.findSession(`session-${i}`))),
    tokens: await identity.listTokens(),
    charters: await identity.listCharters(),
    notices: await Promise.all(users.map((u) => identity.listNotices(u.id))),
    visible: await Promise.all(
      (await identity.listUnits()).map((u) => identity.topicIdsVisibleTo(u.id)),
    ),
    byOidc: (await identity.findUserByOidcSubject('https://idp#4'))?.id,
  };
}

describePostgres('copying users, units and their sign-ins into PostgreSQL', () => {
  let stores: CopyTestStores;
  let sqlite: SqliteStore;
  let postgres: PostgresStore;

  beforeEach(async () => {
    stores = await openCopyTestStores('nghe-copy-identity-');
    ({ sqlite, postgres } = stores);
  });
  afterEach(() => stores.close());

  it('resumes after an interruption and reads back the same users, sessions, tokens and charters', async () => {
    await seed(sqlite);
    await copySqliteToPostgres(sqlite.db, postgres.pool, { batchSize: 2, maxBatches: 9 });
    await copySqliteToPostgres(sqlite.db, postgres.pool, { batchSize: 2, maxBatches: 8 });
    const reports = await copySqliteToPostgres(sqlite.db, postgres.pool, { batchSize: 2 });
    const identityTables = [
      'units',
      'users',
      'sessions',
      'topic_charters',
      'topic_shares',
      'notices',
      'api_tokens',
    ];
    for (const table of identityTables) {
      const report = reports.find((r) => r.table === table);
      expect(report?.source, table).toBeGreaterThan(0);
      expect(report?.target, table).toBe(report?.source);
    }
    const copied = new PostgresIdentityStore(postgres.pool, { cacheMs: 0 });
    const from = identityStoreOf(sqlite.db);
    expect(await snapshot(copied)).toEqual(await snapshot(from));

    // Sessions and tokens work as they did; new rows continue after the copied ids.
    expect((await copied.findTokenByHash('token-hash-3'))?.scopes).toEqual(['read']);
    expect((await copied.findTokenByHash('token-hash-legacy'))?.userId).toBe(
      (await from.builtinAdmin()).id,
    );
    const maxUser = Math.max(...(await from.listUsers()).map((u) => u.id));
    const next = await copied.createUser({
      unitId: (await copied.rootUnit()).id,
      username: 'moi',
      role: 'viewer',
      passwordHash: null,
    });
    expect(next.id).toBeGreaterThan(maxUser);
    const unit = await copied.createUnit({ parentId: null, kind: 'team', name: 'Mới' });
    expect(unit.id).toBeGreaterThan(Math.max(...(await from.listUnits()).map((u) => u.id)));
  });
});
