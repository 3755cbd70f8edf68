// A real server over a fresh store with two units (A: Hồ Chí Minh City, flooding; B: Hà Nội),
// a signed-in user of every role in unit A, and makers of fresh resources (topics, alert rules,
// alerts, mentions, tokens) in either unit, for the access matrix and the security tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertStoreFor } from '../../alerts/alert-store-for.js';
import type { Config } from '../../config/config.js';
import type { IdentityStore, User } from '../../identity/identity-store.js';
import { hashPassword } from '../../identity/password.js';
import { ROLES, type Role } from '../../identity/roles.js';
import type { Unit } from '../../identity/units.js';
import { createListeningEvents, type ListeningEvents } from '../../jobs/listening-events.js';
import type { MentionInput } from '../../model.js';
import { identityStoreFor } from '../../store/identity-store-for.js';
import { type OpenedStore, openStore } from '../../store/open-store.js';
import type { Route } from '../route.js';
import {
  createHttpApp,
  type HttpAppOptions,
  type RunningServer,
  routeTableOf,
  startHttpServer,
} from '../server.js';
import { hashApiToken } from '../token-auth.js';

export const PASSWORD = 'correct horse battery staple';

export interface SignedIn {
  user: User;
  cookie: string;
  csrf: string;
}

export interface AuthHarness {
  url: string;
  store: OpenedStore;
  identity: IdentityStore;
  events: ListeningEvents;
  routes: readonly Route[];
  unitA: Unit;
  unitB: Unit;
  /** A user of unit B, for "another unit's" users and tokens. */
  outsider: User;
  addUser(role: Role, unit: Unit, name?: string): Promise<User>;
  signIn(username: string, password?: string, cookie?: string): Promise<Response>;
  session(user: User): Promise<SignedIn>;
  topicIn(unit: Unit, query?: string): Promise<number>;
  mentionIn(unit: Unit): Promise<number>;
  alertRuleIn(unit: Unit): Promise<number>;
  alertIn(unit: Unit): Promise<number>;
  tokenOf(user: User, scopes?: string[]): Promise<{ id: number; value: string }>;
  close(): Promise<void>;
}

const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => c.startsWith('nghe_session='))
    .join('; ');

/** `databaseUrl`: a PostgreSQL URL for server mode; without it, the SQLite file alone. */
export async function openAuthHarness(
  options: Partial<HttpAppOptions> = {},
  databaseUrl?: string,
): Promise<AuthHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-access-'));
  const location: Pick<Config, 'databaseUrl' | 'databasePath'> = {
    databaseUrl: databaseUrl ?? null,
    databasePath: join(dir, 'nghe.db'),
  };
  const store = openStore(location as Config);
  await (store as { ready?: Promise<void> }).ready;
  const identity = identityStoreFor(store);
  const events = createListeningEvents();
  const root = await identity.rootUnit();
  const unitA = await identity.createUnit({
    parentId: root.id,
    kind: 'province',
    name: 'Thành phố Hồ Chí Minh',
    places: ['province:79'],
    sectors: ['flooding', 'traffic'],
    functions: ['theo dõi ngập úng', 'giao thông'],
  });
  const unitB = await identity.createUnit({
    parentId: root.id,
    kind: 'province',
    name: 'Hà Nội',
    places: ['province:01'],
    sectors: ['health'],
    functions: ['y tế'],
  });
  const app = createHttpApp({
    store,
    version: '0.0.0-test',
    events,
    log: () => {},
    limits: { requestsPerSecond: 1_000_000, requestBurst: 1_000_000 },
    ...options,
  });
  const server: RunningServer = await startHttpServer(app, '127.0.0.1', 0);
  const passwordHash = await hashPassword(PASSWORD);
  let serial = 0;
  const addUser = async (role: Role, unit: Unit, name?: string) =>
    identity.createUser({
      unitId: unit.id,
      username: name ?? `${role}-${unit.id}-${++serial}`,
      role,
      passwordHash,
    });
  const outsider = await addUser('analyst', unitB);
  const signIn = (username: string, password = PASSWORD, cookie?: string) =>
    fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
      body: JSON.stringify({ username, password }),
    });
  const mention = (): MentionInput => {
    serial++;
    return {
      platform: 'web',
      canonicalUrl: `https://news.example/access-${serial}`,
      externalId: `access-${serial}`,
      author: null,
      publishedAt: new Date(Date.UTC(2025, 5, 1, 0, serial % 600)).toISOString(),
      collectedAt: '2025-06-02T00:00:00.000Z',
      language: 'vi',
      title: `Tin ${serial}`,
      text: `ngập ở Thủ Đức ${serial}`,
      html: null,
      categories: [],
      engagement: {},
      parentExternalId: null,
      raw: null,
      analysis: { lang: 'vi', sentiment: 'negative', sentimentConfidence: 0.9, keywords: ['ngập'] },
    } as MentionInput;
  };
  const topicIn = async (unit: Unit, query = 'ngập') => {
    const topic = await store.createTopic({ name: `topic ${++serial}`, query });
    await identity.setCharter({
      topicId: topic.id,
      unitId: unit.id,
      ownerId: unit.id === unitB.id ? outsider.id : (await identity.builtinAdmin()).id,
      purpose: unit.functions[0]!,
      justification: 'test',
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      widenedBy: null,
    });
    return topic.id;
  };
  const alertRuleIn = async (unit: Unit) =>
    (
      await alertStoreFor(store)!.createRule(
        await topicIn(unit),
        { kind: 'match', query: 'ngập' },
        0,
      )
    ).id;
  return {
    url: server.url,
    store,
    identity,
    events,
    routes: routeTableOf(app),
    unitA,
    unitB,
    outsider,
    addUser,
    signIn,
    async session(user) {
      const res = await signIn(user.username);
      if (res.status !== 200) throw new Error(`sign-in of ${user.username}: ${res.status}`);
      const body = (await res.json()) as { csrfToken: string };
      return { user, cookie: cookieOf(res), csrf: body.csrfToken };
    },
    topicIn,
    async mentionIn(unit) {
      const { ids } = await store.saveMentions(null, [mention()]);
      await store.tagMentions(await topicIn(unit), ids);
      return ids[0]!;
    },
    alertRuleIn,
    async alertIn(unit) {
      const alerts = alertStoreFor(store)!;
      const ruleId = await alertRuleIn(unit);
      const rule = (await alerts.getRule(ruleId))!;
      const alert = await alerts.recordAlert(
        {
          ruleId,
          topicId: rule.topicId,
          windowKey: `w-${++serial}`,
          title: 'ngập',
          detail: {
            metric: 'match',
            from: '2025-06-01T00:00:00.000Z',
            to: '2025-06-01T01:00:00.000Z',
            value: 1,
            baseline: null,
            threshold: null,
            method: 'match',
          },
          mentionIds: [],
        },
        new Date().toISOString(),
        '2025-06-01',
        null,
        [],
      );
      return alert!.id;
    },
    async tokenOf(user, scopes = ['*']) {
      const value = `nghe_test_${user.id}_${++serial}_abcdefghijklmnopqrstuvwxyz`;
      const token = await identity.createToken({
        name: `token-${serial}`,
        tokenHash: hashApiToken(value),
        userId: user.id,
        scopes,
        expiresAt: null,
      });
      return { id: token.id, value };
    },
    async close() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { cookieOf, ROLES };
