// The identity store's cases, run against both back-ends (sqlite/identity-store.test.ts beside
// the SQLite file, postgres/identity-store.postgres.test.ts beside PostgreSQL): units, users,
// lockout, sessions, tokens, charters and shares, notices, and what another connection (another
// API process) sees of changes made through the first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IdentityStore, TopicCharter } from '../identity/identity-store.js';
import type { Role } from '../identity/roles.js';
import type { ListeningStore } from './listening-store.js';
import type { Store } from './store.js';

export interface IdentityFixture {
  identity: IdentityStore;
  /** The store beside it: topics, and tokens made through the older interface. */
  store: Pick<Store & ListeningStore, 'createTopic' | 'deleteTopic' | 'createApiToken'>;
  /** The same tables through another connection, as another API process opens them. */
  another(): Promise<IdentityStore>;
  /** How long another connection may keep answering from what it read before a change. */
  staleMs: number;
  close(): Promise<void>;
}

const FUTURE = '2030-01-01T00:00:00.000Z';

/** Retries `read` until `done` holds or `withinMs` has passed; the last value. */
async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  withinMs: number,
): Promise<T> {
  const deadline = Date.now() + withinMs + 250;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * What migrating a file from before users and units leaves: the built-in administrator in the
 * root unit owning the old tokens, and topic `topicId` under a year-long charter of the root
 * unit, owned by the administrator; that charter.
 */
export async function expectUpgradedIdentity(
  identity: IdentityStore,
  topicId: number,
): Promise<TopicCharter> {
  const admin = await identity.builtinAdmin();
  const root = await identity.rootUnit();
  expect(admin).toMatchObject({ role: 'admin', builtin: true, unitId: root.id });
  const tokens = await identity.listTokens();
  expect(tokens.map((t) => [t.name, t.userId, t.scopes])).toEqual([
    ['dashboard', admin.id, ['*']],
    [`dashboard #${tokens[1]!.id}`, admin.id, ['*']],
  ]);
  const charter = await identity.getCharter(topicId);
  expect(charter).toMatchObject({ unitId: root.id, ownerId: admin.id });
  expect(Date.parse(charter!.expiresAt) - Date.now()).toBeGreaterThan(364 * 86_400_000);
  return charter!;
}

export function identityConformance(open: () => Promise<IdentityFixture>): void {
  describe('identity store conformance', () => {
    let f: IdentityFixture;
    let identity: IdentityStore;
    beforeEach(async () => {
      f = await open();
      identity = f.identity;
    });
    afterEach(async () => {
      await f.close();
    });

    /** A user "lan" of `unit`. */
    const createLan = (unit: { id: number }, role: Role = 'analyst') =>
      identity.createUser({ unitId: unit.id, username: 'lan', role, passwordHash: 'x' });

    const ward = (name = 'Phường Bến Thành') =>
      identity.rootUnit().then((root) =>
        identity.createUnit({
          parentId: root.id,
          kind: 'ward',
          name,
          places: ['ward:25747'],
          sectors: ['flooding'],
          functions: ['theo dõi ngập'],
        }),
      );

    it('starts with the organisation and a built-in administrator who owns nothing else', async () => {
      const root = await identity.rootUnit();
      expect(root).toMatchObject({ parentId: null, kind: 'organisation' });
      expect(root.functions).toEqual(['general monitoring']);
      const admin = await identity.builtinAdmin();
      expect(admin).toMatchObject({ role: 'admin', builtin: true, unitId: root.id });
      expect(await identity.passwordHashOf(admin.id)).toBeNull();
      expect(await identity.countPeople()).toBe(0);
      expect((await identity.listUsers()).map((u) => u.id)).toEqual([admin.id]);
    });

    it('keeps a unit tree, refusing two units of one name under one parent', async () => {
      const unit = await ward();
      expect(await identity.getUnit(unit.id)).toEqual(unit);
      expect(unit).toMatchObject({ places: ['ward:25747'], sectors: ['flooding'] });
      await expect(ward()).rejects.toThrow();
      const team = await identity.createUnit({ parentId: unit.id, kind: 'team', name: 'Đội 1' });
      expect(team).toMatchObject({ places: [], sectors: [], functions: [] });
      const moved = await identity.updateUnit(team.id, { name: 'Đội 2', functions: ['y tế'] });
      expect(moved).toMatchObject({ name: 'Đội 2', functions: ['y tế'], parentId: unit.id });
      expect(await identity.getUnit(team.id)).toEqual(moved);
      expect(await identity.updateUnit(999_999, { name: 'x' })).toBeNull();
      expect(await identity.getUnit(999_999)).toBeNull();
      expect((await identity.listUnits()).map((u) => u.id)).toEqual([
        (await identity.rootUnit()).id,
        unit.id,
        team.id,
      ]);
    });

    it('finds users by name whatever the case, by identity provider subject, and by unit', async () => {
      const unit = await ward();
      const lan = await identity.createUser({
        unitId: unit.id,
        username: 'lan',
        role: 'analyst',
        passwordHash: 'hash-lan',
        email: 'lan@example.vn',
      });
      expect(lan).toMatchObject({
        unitId: unit.id,
        role: 'analyst',
        displayName: null,
        email: 'lan@example.vn',
        builtin: false,
        failedSignIns: 0,
        disabledAt: null,
      });
      await expect(
        identity.createUser({
          unitId: unit.id,
          username: 'LAN',
          role: 'viewer',
          passwordHash: null,
        }),
      ).rejects.toThrow();
      expect((await identity.findUserByUsername('LaN'))?.id).toBe(lan.id);
      expect(await identity.findUserByUsername('mai')).toBeNull();
      expect(await identity.passwordHashOf(lan.id)).toBe('hash-lan');
      const linked = await identity.updateUser(lan.id, { oidcSubject: 'https://idp#42' });
      expect(linked?.oidcSubject).toBe('https://idp#42');
      expect((await identity.findUserByOidcSubject('https://idp#42'))?.id).toBe(lan.id);
      expect(await identity.findUserByOidcSubject('https://idp#43')).toBeNull();
      expect((await identity.listUsers({ unitId: unit.id })).map((u) => u.username)).toEqual([
        'lan',
      ]);
      expect(await identity.countPeople()).toBe(1);
      expect(await identity.updateUser(999_999, { role: 'viewer' })).toBeNull();
    });

    it('changes only the fields given; disabling keeps the first time, enabling clears it', async () => {
      const unit = await ward();
      const user = await identity.createUser({
        unitId: unit.id,
        username: 'minh',
        role: 'viewer',
        passwordHash: 'p1',
        displayName: 'Minh',
      });
      const disabled = await identity.updateUser(user.id, { disabled: true, role: 'lead' });
      expect(disabled).toMatchObject({ role: 'lead', displayName: 'Minh', unitId: unit.id });
      expect(disabled?.disabledAt).not.toBeNull();
      const again = await identity.updateUser(user.id, { disabled: true });
      expect(again?.disabledAt).toBe(disabled?.disabledAt);
      const enabled = await identity.updateUser(user.id, {
        disabled: false,
        displayName: null,
        passwordHash: 'p2',
      });
      expect(enabled).toMatchObject({ disabledAt: null, displayName: null, role: 'lead' });
      expect(await identity.passwordHashOf(user.id)).toBe('p2');
      expect(await identity.getUser(user.id)).toEqual(enabled);
    });

    it('locks an account after repeated failures and clears the count on success', async () => {
      const unit = await ward();
      const user = await createLan(unit);
      for (let i = 0; i < 2; i++) await identity.recordFailedSignIn(user.id, 3, FUTURE);
      expect(await identity.getUser(user.id)).toMatchObject({
        failedSignIns: 2,
        lockedUntil: null,
      });
      expect(await identity.recordFailedSignIn(user.id, 3, FUTURE)).toMatchObject({
        failedSignIns: 3,
        lockedUntil: FUTURE,
      });
      await identity.clearFailedSignIns(user.id);
      expect(await identity.getUser(user.id)).toMatchObject({
        failedSignIns: 0,
        lockedUntil: null,
      });
    });

    it('counts failures from several connections at once, none lost', async () => {
      const unit = await ward();
      const user = await createLan(unit);
      const other = await f.another();
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? other : identity).recordFailedSignIn(user.id, 100, FUTURE),
        ),
      );
      expect((await identity.getUser(user.id))?.failedSignIns).toBe(10);
    });

    it('keeps sessions by hash: found, extended, ended one by one or all of a user', async () => {
      const unit = await ward();
      const user = await createLan(unit);
      const session = {
        userId: user.id,
        csrfToken: 'csrf',
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt: '2026-01-01T12:00:00.000Z',
      };
      await identity.createSession('h1', session);
      await identity.createSession('h2', { ...session, csrfToken: 'csrf2' });
      await expect(identity.createSession('h1', session)).rejects.toThrow();
      expect(await identity.findSession('h1')).toEqual(session);
      await identity.extendSession('h1', FUTURE);
      expect((await identity.findSession('h1'))?.expiresAt).toBe(FUTURE);
      expect(await identity.deleteSession('h1')).toBe(true);
      expect(await identity.deleteSession('h1')).toBe(false);
      expect(await identity.findSession('h1')).toBeNull();
      expect(await identity.deleteSessionsOf(user.id)).toBe(1);
      expect(await identity.findSession('h2')).toBeNull();
      expect(await identity.findSession('never')).toBeNull();
    });

    it('keeps tokens with owner, scopes and expiry; records use; revokes once', async () => {
      const unit = await ward();
      const user = await createLan(unit);
      const token = await identity.createToken({
        name: 'ci',
        tokenHash: 'hash-ci',
        userId: user.id,
        scopes: ['read', 'search'],
        expiresAt: FUTURE,
      });
      expect(token).toMatchObject({
        name: 'ci',
        userId: user.id,
        scopes: ['read', 'search'],
        expiresAt: FUTURE,
        lastUsedAt: null,
        revokedAt: null,
      });
      const found = await identity.findTokenByHash('hash-ci');
      expect(found?.id).toBe(token.id);
      expect(found?.lastUsedAt).not.toBeNull();
      expect((await identity.getToken(token.id))?.lastUsedAt).toBe(found?.lastUsedAt);
      expect(await identity.findTokenByHash('nope')).toBeNull();
      // An active name is taken; a revoked one is free again.
      await expect(
        identity.createToken({
          name: 'ci',
          tokenHash: 'hash-ci-2',
          userId: user.id,
          scopes: ['*'],
          expiresAt: null,
        }),
      ).rejects.toThrow();
      expect(await identity.revokeToken(token.id)).toBe(true);
      expect(await identity.revokeToken(token.id)).toBe(false);
      expect((await identity.findTokenByHash('hash-ci'))?.revokedAt).not.toBeNull();
      await identity.createToken({
        name: 'ci',
        tokenHash: 'hash-ci-3',
        userId: user.id,
        scopes: ['*'],
        expiresAt: null,
      });
      expect(
        (await identity.listTokens({ userId: user.id })).map((t) => [t.name, t.revokedAt === null]),
      ).toEqual([
        ['ci', false],
        ['ci', true],
      ]);
      expect(await identity.listTokens()).toHaveLength(2);
      expect(await identity.getToken(999_999)).toBeNull();
    });

    it('gives tokens made through the older interface to the built-in administrator', async () => {
      const legacy = await f.store.createApiToken('dashboard', 'hash-legacy');
      const admin = await identity.builtinAdmin();
      expect(await identity.getToken(legacy.id)).toMatchObject({ userId: admin.id, scopes: ['*'] });
      expect((await identity.findTokenByHash('hash-legacy'))?.userId).toBe(admin.id);
      expect((await identity.listTokens({ userId: admin.id })).map((t) => t.id)).toEqual([
        legacy.id,
      ]);
      expect(await identity.listTokens({ userId: admin.id + 1000 })).toEqual([]);
    });

    it('gives every new topic a default charter; a charter set replaces it; deletion removes both', async () => {
      const root = await identity.rootUnit();
      const admin = await identity.builtinAdmin();
      const topic = await f.store.createTopic({ name: 't', query: 'lũ' });
      expect(await identity.getCharter(topic.id)).toMatchObject({
        unitId: root.id,
        ownerId: admin.id,
        purpose: 'general monitoring',
        sharedWith: [],
        noticedAt: null,
        widenedBy: null,
      });
      const unit = await ward();
      const owner = await createLan(unit, 'lead');
      await identity.markCharterNoticed(topic.id, FUTURE);
      expect((await identity.getCharter(topic.id))?.noticedAt).toBe(FUTURE);
      const charter = await identity.setCharter({
        topicId: topic.id,
        unitId: unit.id,
        ownerId: owner.id,
        purpose: 'theo dõi ngập',
        justification: 'ngập sau mưa lớn ở các phường trung tâm',
        expiresAt: FUTURE,
        widenedBy: admin.id,
      });
      expect(charter).toMatchObject({
        topicId: topic.id,
        unitId: unit.id,
        ownerId: owner.id,
        widenedBy: admin.id,
        noticedAt: null,
      });
      expect(await identity.topicIdsVisibleTo(unit.id)).toEqual([topic.id]);
      expect(await identity.topicIdsVisibleTo(root.id)).toEqual([]);
      await identity.shareTopic(topic.id, root.id);
      await identity.shareTopic(topic.id, root.id);
      expect((await identity.getCharter(topic.id))?.sharedWith).toEqual([root.id]);
      expect(await identity.topicIdsVisibleTo(root.id)).toEqual([topic.id]);
      const second = await f.store.createTopic({ name: 'u', query: 'mưa' });
      expect((await identity.listCharters()).map((c) => c.topicId)).toEqual([topic.id, second.id]);
      await identity.unshareTopic(topic.id, root.id);
      expect(await identity.topicIdsVisibleTo(root.id)).toEqual([second.id]);
      await identity.shareTopic(topic.id, root.id);
      await f.store.deleteTopic(topic.id);
      expect(await identity.getCharter(topic.id)).toBeNull();
      expect(await identity.topicIdsVisibleTo(root.id)).toEqual([second.id]);
      expect(await identity.topicIdsVisibleTo(unit.id)).toEqual([]);
    });

    it('keeps notices newest first, per user', async () => {
      const admin = await identity.builtinAdmin();
      const unit = await ward();
      const user = await createLan(unit, 'lead');
      const first = await identity.addNotice({
        userId: user.id,
        topicId: 7,
        kind: 'topic-expired',
        message: 'Topic expired',
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      const second = await identity.addNotice({
        userId: user.id,
        topicId: 7,
        kind: 'topic-deleted',
        message: 'Topic deleted',
        createdAt: '2026-02-01T00:00:00.000Z',
      });
      expect(first).toMatchObject({ readAt: null, kind: 'topic-expired' });
      expect((await identity.listNotices(user.id)).map((n) => n.id)).toEqual([second.id, first.id]);
      expect(await identity.listNotices(admin.id)).toEqual([]);
    });

    it('another connection sees a new session and token at once, and their end within its bound', async () => {
      const unit = await ward();
      const user = await createLan(unit);
      const other = await f.another();
      // Read there first, so that whatever it keeps is from before the changes.
      expect((await other.getUser(user.id))?.disabledAt).toBeNull();
      await identity.createSession('shared', {
        userId: user.id,
        csrfToken: 'c',
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt: FUTURE,
      });
      const token = await identity.createToken({
        name: 'elsewhere',
        tokenHash: 'hash-elsewhere',
        userId: user.id,
        scopes: ['read'],
        expiresAt: null,
      });
      expect((await other.findSession('shared'))?.userId).toBe(user.id);
      expect((await other.findTokenByHash('hash-elsewhere'))?.revokedAt).toBeNull();
      const changedAt = Date.now();
      await identity.revokeToken(token.id);
      await identity.deleteSession('shared');
      await identity.updateUser(user.id, { disabled: true });
      // Through the connection that made them, the changes apply at once.
      expect((await identity.findTokenByHash('hash-elsewhere'))?.revokedAt).not.toBeNull();
      expect(await identity.findSession('shared')).toBeNull();
      expect((await identity.getUser(user.id))?.disabledAt).not.toBeNull();
      const revoked = await eventually(
        () => other.findTokenByHash('hash-elsewhere'),
        (t) => t?.revokedAt !== null,
        f.staleMs,
      );
      expect(revoked?.revokedAt).not.toBeNull();
      expect(
        await eventually(
          () => other.findSession('shared'),
          (s) => s === null,
          f.staleMs,
        ),
      ).toBeNull();
      const disabled = await eventually(
        () => other.getUser(user.id),
        (u) => u?.disabledAt !== null,
        f.staleMs,
      );
      expect(disabled?.disabledAt).not.toBeNull();
      expect(Date.now() - changedAt).toBeLessThan(f.staleMs + 1_000);
    });
  });
}
