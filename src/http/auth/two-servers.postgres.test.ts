// Two API processes on one PostgreSQL database, as behind a load balancer: each with its own
// pool (its own kept reads) and its own data directory. A session started through one is valid
// on the other; a token made on one works on the other; a token revoked and a session ended on
// one are refused by the other within the identity store's bound.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Config } from '../../config/config.js';
import { hashPassword } from '../../identity/password.js';
import { createListeningEvents } from '../../jobs/listening-events.js';
import { identityStoreFor } from '../../store/identity-store-for.js';
import { type OpenedStore, openStore } from '../../store/open-store.js';
import { DEFAULT_IDENTITY_CACHE_MS } from '../../store/postgres/identity-store.js';
import {
  createTestSchema,
  describePostgres,
  type TestSchema,
} from '../../store/postgres/test-database.js';
import { createHttpApp, type RunningServer, startHttpServer } from '../server.js';

const PASSWORD = 'correct horse battery staple';

interface ApiProcess {
  url: string;
  store: OpenedStore;
  server: RunningServer;
  dir: string;
}

async function startApi(databaseUrl: string): Promise<ApiProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-api-'));
  const store = openStore({ databaseUrl, databasePath: join(dir, 'nghe.db') } as Config);
  await (store as { ready?: Promise<void> }).ready;
  const app = createHttpApp({
    store,
    version: '0.0.0-test',
    events: createListeningEvents(),
    log: () => {},
    limits: { requestsPerSecond: 1_000_000, requestBurst: 1_000_000 },
  });
  const server = await startHttpServer(app, '127.0.0.1', 0);
  return { url: server.url, store, server, dir };
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

  beforeAll(async () => {
    schema = await createTestSchema();
    a = await startApi(schema.url);
    b = await startApi(schema.url);
    const identity = identityStoreFor(a.store);
    await identity.createUser({
      unitId: (await identity.rootUnit()).id,
      username: 'lan',
      role: 'analyst',
      passwordHash: await hashPassword(PASSWORD),
    });
  });
  afterAll(async () => {
    for (const api of [a, b]) {
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

  it('a session started through one is valid on the other, and its end reaches the other', async () => {
    const { cookie, csrf } = await signIn(a);
    const there = await session(b, { Cookie: cookie });
    expect(there.status).toBe(200);
    expect(((await there.json()) as { user: { username: string } }).user.username).toBe('lan');
    const out = await fetch(`${a.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf },
    });
    expect(out.status).toBe(204);
    expect((await session(a, { Cookie: cookie })).status).toBe(401);
    const took = await msUntil(
      async () => (await session(b, { Cookie: cookie })).status,
      401,
      DEFAULT_IDENTITY_CACHE_MS + 500,
    );
    expect(took).not.toBeNull();
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
    const took = await msUntil(
      async () => (await session(b, bearer)).status,
      401,
      DEFAULT_IDENTITY_CACHE_MS + 500,
    );
    expect(took).not.toBeNull();
    expect(took!).toBeLessThanOrEqual(DEFAULT_IDENTITY_CACHE_MS + 500);
  });
});
