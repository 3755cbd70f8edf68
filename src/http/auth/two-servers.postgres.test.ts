// Two API processes on one PostgreSQL database, as behind a load balancer: each with its own
// pool (its own kept reads) and its own data directory. A session started through one is valid
// on the other; a token made on one works on the other; a token revoked, a session ended and a
// user disabled on one are refused by the other at once (the change is announced by NOTIFY:
// these processes keep reads for a minute, so nothing else could explain it). When the other's
// listening connection drops, its kept reads go, it opens the connection again, and meanwhile
// a change reaches it within the default bound.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Config } from '../../config/config.js';
import { hashPassword } from '../../identity/password.js';
import { createListeningEvents } from '../../jobs/listening-events.js';
import { identityStoreFor } from '../../store/identity-store-for.js';
import { type OpenedStore, openStore } from '../../store/open-store.js';
import {
  DEFAULT_IDENTITY_CACHE_MS,
  IDENTITY_LISTENER_NAME,
  type PostgresIdentityOptions,
  type PostgresIdentityStore,
  postgresIdentityStore,
} from '../../store/postgres/identity-store.js';
import {
  createTestSchema,
  describePostgres,
  type TestSchema,
} from '../../store/postgres/test-database.js';
import { createHttpApp, type RunningServer, startHttpServer } from '../server.js';

const PASSWORD = 'correct horse battery staple';

/** Kept reads of the processes that show the notices: far longer than any wait here. */
const KEEP_MS = 60_000;
/** How long a change announced may take to reach the other process. */
const NOTICE_MS = 2_000;

interface ApiProcess {
  url: string;
  store: OpenedStore;
  server: RunningServer;
  dir: string;
  identity: PostgresIdentityStore;
  pool: pg.Pool;
}

async function startApi(
  databaseUrl: string,
  identityOptions: PostgresIdentityOptions = {},
): Promise<ApiProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-api-'));
  const store = openStore({ databaseUrl, databasePath: join(dir, 'nghe.db') } as Config);
  const { pool, ready } = store as unknown as { pool: pg.Pool; ready: Promise<void> };
  await ready;
  // The pool's one identity store, made first with these options; the app's is this one.
  const identity = postgresIdentityStore(pool, { ready, ...identityOptions });
  expect(identityStoreFor(store)).toBe(identity);
  const app = createHttpApp({
    store,
    version: '0.0.0-test',
    events: createListeningEvents(),
    log: () => {},
    limits: { requestsPerSecond: 1_000_000, requestBurst: 1_000_000 },
  });
  const server = await startHttpServer(app, '127.0.0.1', 0);
  return { url: server.url, store, server, dir, identity, pool };
}

/** Waits until `check` holds, for at most `boundMs`. */
async function until(check: () => boolean | Promise<boolean>, boundMs: number): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > boundMs) throw new Error(`not within ${boundMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls `status` until it is `want`; the time it took, or null when the bound passed first. */
async function msUntil(status: () => Promise<number>, want: number, boundMs: number) {
  const started = Date.now();
  for (;;) {
    if ((await status()) === want) return Date.now() - started;
    if (Date.now() - started > boundMs) return null;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describePostgres('two API processes on one PostgreSQL', () => {
  let schema: TestSchema;
  let a: ApiProcess;
  let b: ApiProcess;
  /** A third process keeping reads for the default bound, whose listening connection drops. */
  let c: ApiProcess;
  let userId: number;

  beforeAll(async () => {
    schema = await createTestSchema();
    a = await startApi(schema.url, { cacheMs: KEEP_MS });
    b = await startApi(schema.url, { cacheMs: KEEP_MS });
    c = await startApi(schema.url, { listenRetryMs: 1_500 });
    await until(() => a.identity.listening && b.identity.listening && c.identity.listening, 10_000);
    const identity = identityStoreFor(a.store);
    const user = await identity.createUser({
      unitId: (await identity.rootUnit()).id,
      username: 'lan',
      role: 'analyst',
      passwordHash: await hashPassword(PASSWORD),
    });
    userId = user.id;
  });
  afterAll(async () => {
    for (const api of [a, b, c]) {
      await api.server.close();
      await api.store.close();
      rmSync(api.dir, { recursive: true, force: true });
    }
    await schema.drop();
  });

  const signIn = async (api: ApiProcess) => {
    const res = await fetch(`${api.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'lan', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('nghe_session='))!;
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie, csrf: csrfToken };
  };
  const session = (api: ApiProcess, headers: Record<string, string>) =>
    fetch(`${api.url}/api/auth/session`, { headers });
  const signOut = (api: ApiProcess, cookie: string, csrf: string) =>
    fetch(`${api.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf },
    });

  it('a session started through one is valid on the other, and its end reaches the other at once', async () => {
    const { cookie, csrf } = await signIn(a);
    const there = await session(b, { Cookie: cookie });
    expect(there.status).toBe(200);
    expect(((await there.json()) as { user: { username: string } }).user.username).toBe('lan');
    // Read again: B answers from what it keeps.
    expect((await session(b, { Cookie: cookie })).status).toBe(200);
    expect((await signOut(a, cookie, csrf)).status).toBe(204);
    expect((await session(a, { Cookie: cookie })).status).toBe(401);
    const took = await msUntil(
      async () => (await session(b, { Cookie: cookie })).status,
      401,
      NOTICE_MS,
    );
    expect(took).not.toBeNull();
  });

  it('a user disabled on one is refused by the other at once, and enabled again is let in', async () => {
    const { cookie } = await signIn(a);
    expect((await session(b, { Cookie: cookie })).status).toBe(200);
    // The user alone changes (their sessions are not ended): B drops the user it keeps.
    await identityStoreFor(a.store).updateUser(userId, { disabled: true });
    const took = await msUntil(
      async () => (await session(b, { Cookie: cookie })).status,
      401,
      NOTICE_MS,
    );
    expect(took).not.toBeNull();
    await identityStoreFor(a.store).updateUser(userId, { disabled: false });
    expect(
      await msUntil(async () => (await session(b, { Cookie: cookie })).status, 200, NOTICE_MS),
    ).not.toBeNull();
  });

  it('a token made on one works on the other, and once revoked on one is refused by the other', async () => {
    const { cookie, csrf } = await signIn(a);
    const made = await fetch(`${a.url}/api/tokens`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'script', scopes: ['read'], expiresInDays: 30 }),
    });
    expect(made.status).toBe(201);
    const token = (await made.json()) as { id: number; value: string };
    const bearer = { Authorization: `Bearer ${token.value}` };
    // Used on B first, so that B keeps what it read.
    expect((await session(b, bearer)).status).toBe(200);
    const revoked = await fetch(`${a.url}/api/tokens/${token.id}`, {
      method: 'DELETE',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf },
    });
    expect(revoked.status).toBe(204);
    expect((await session(a, bearer)).status).toBe(401);
    const took = await msUntil(async () => (await session(b, bearer)).status, 401, NOTICE_MS);
    expect(took).not.toBeNull();
  });

  it('when its listening connection drops, a process keeps reads no longer than the bound and listens again', async () => {
    const { cookie, csrf } = await signIn(a);
    expect((await session(c, { Cookie: cookie })).status).toBe(200);
    // Every identity listener of this database loses its connection (the others' reconnect).
    await a.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = $1 AND datname = current_database()`,
      [IDENTITY_LISTENER_NAME],
    );
    await until(() => !c.identity.listening, NOTICE_MS);
    // No notice reaches C now: the session's end reaches it within the bound.
    expect((await session(c, { Cookie: cookie })).status).toBe(200);
    expect((await signOut(a, cookie, csrf)).status).toBe(204);
    const took = await msUntil(
      async () => (await session(c, { Cookie: cookie })).status,
      401,
      DEFAULT_IDENTITY_CACHE_MS + 500,
    );
    expect(took).not.toBeNull();
    // All listen again, and B (keeping reads a minute) hears of a change at once.
    await until(
      async () => a.identity.listening && b.identity.listening && c.identity.listening,
      10_000,
    );
    const again = await signIn(a);
    expect((await session(b, { Cookie: again.cookie })).status).toBe(200);
    expect((await signOut(a, again.cookie, again.csrf)).status).toBe(204);
    expect(
      await msUntil(
        async () => (await session(b, { Cookie: again.cookie })).status,
        401,
        NOTICE_MS,
      ),
    ).not.toBeNull();
  });
});
