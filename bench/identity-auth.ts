// What deciding who asks costs per request: a bearer token or a session resolved to a principal
// (credential, user, unit, visible topics), as the access layer does for every /api request.
// On SQLite (the file), on PostgreSQL reading every time (cacheMs 0), and on PostgreSQL with the
// identity store's kept reads (the default bound). Beside them, in the same run, a floor: the
// same loop awaiting a resolved promise. Figures are per request: wall µs (p50, p95) and this
// process's CPU µs (all its threads; PostgreSQL's own CPU is another process, not counted).
//   .ci/with-postgres npx tsx bench/identity-auth.ts [--requests 3000] [--topics 50]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildPrincipal } from '../src/http/auth/principal.js';
import { hashApiToken, principalOfToken } from '../src/http/token-auth.js';
import type { IdentityStore } from '../src/identity/identity-store.js';
import type { ListeningStore } from '../src/store/listening-store.js';
import { createPool } from '../src/store/postgres/connection.js';
import {
  DEFAULT_IDENTITY_CACHE_MS,
  PostgresIdentityStore,
} from '../src/store/postgres/identity-store.js';
import { openPostgresStore } from '../src/store/postgres/postgres-store.js';
import { identityStoreOf } from '../src/store/sqlite/identity-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    topics: { type: 'string', default: '50' },
  },
});
const REQUESTS = Number(values.requests);
const TOPICS = Number(values.topics);
const TOKEN = 'nghe_bench_token_value_abcdefghijklmnopqrstuvwxyz0123456789';

async function seed(
  identity: IdentityStore,
  store: Pick<ListeningStore, 'createTopic'>,
): Promise<void> {
  const unit = await identity.createUnit({
    parentId: (await identity.rootUnit()).id,
    kind: 'ward',
    name: 'Phường Bến Thành',
    functions: ['theo dõi ngập'],
  });
  const user = await identity.createUser({
    unitId: unit.id,
    username: 'lan',
    role: 'analyst',
    passwordHash: null,
  });
  for (let i = 0; i < TOPICS; i++) {
    const topic = await store.createTopic({ name: `t${i}`, query: `ngập ${i}` });
    await identity.setCharter({
      topicId: topic.id,
      unitId: unit.id,
      ownerId: user.id,
      purpose: 'theo dõi ngập',
      justification: 'bench',
      expiresAt: '2030-01-01T00:00:00.000Z',
      widenedBy: null,
    });
  }
  await identity.createToken({
    name: 'bench',
    tokenHash: hashApiToken(TOKEN),
    userId: user.id,
    scopes: ['read'],
    expiresAt: null,
  });
  await identity.createSession('bench-session', {
    userId: user.id,
    csrfToken: 'c',
    createdAt: new Date().toISOString(),
    expiresAt: '2030-01-01T00:00:00.000Z',
  });
}

interface Figures {
  p50: number;
  p95: number;
  cpu: number;
}

async function measure(request: () => Promise<unknown>): Promise<Figures> {
  for (let i = 0; i < 200; i++) await request(); // warm
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    await request();
    times.push((performance.now() - started) * 1000);
  }
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length * 0.5)]!,
    p95: times[Math.floor(times.length * 0.95)]!,
    cpu: (used.user + used.system) / REQUESTS,
  };
}

async function paths(identity: IdentityStore) {
  const now = new Date();
  return {
    token: await measure(async () => {
      if (!(await principalOfToken(identity, TOKEN, now))) throw new Error('token refused');
    }),
    session: await measure(async () => {
      const session = await identity.findSession('bench-session');
      const user = session && (await identity.getUser(session.userId));
      if (!user || !(await buildPrincipal(identity, user, null))) throw new Error('no session');
    }),
  };
}

const line = (name: string, f: Figures) =>
  `${name.padEnd(34)} ${f.p50.toFixed(1).padStart(8)} ${f.p95.toFixed(1).padStart(8)} ${f.cpu.toFixed(1).padStart(8)}`;

async function main(): Promise<void> {
  const rows: string[] = [];
  const floor = await measure(() => Promise.resolve());
  rows.push(line('floor (await a resolved promise)', floor));

  const dir = mkdtempSync(join(tmpdir(), 'nghe-bench-identity-'));
  const sqlite = openSqliteStore(join(dir, 'nghe.db'));
  try {
    const identity = identityStoreOf(sqlite.db);
    await seed(identity, sqlite);
    const { token, session } = await paths(identity);
    rows.push(line('SQLite token', token), line('SQLite session', session));
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const base = process.env.NGHE_TEST_DATABASE_URL;
  if (base) {
    // A schema of its own on the server, dropped at the end.
    const name = `nghe_bench_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${name}`);
    const url = new URL(base);
    url.searchParams.set('options', `-c search_path=${name}`);
    const store = await openPostgresStore(url.toString());
    const pool = createPool(url.toString());
    try {
      await seed(new PostgresIdentityStore(store.pool, { cacheMs: 0 }), store);
      const direct = await paths(new PostgresIdentityStore(pool, { cacheMs: 0 }));
      rows.push(
        line('PostgreSQL token, every read', direct.token),
        line('PostgreSQL session, every read', direct.session),
      );
      const kept = await paths(new PostgresIdentityStore(pool));
      rows.push(
        line(`PostgreSQL token, kept ${DEFAULT_IDENTITY_CACHE_MS} ms`, kept.token),
        line(`PostgreSQL session, kept ${DEFAULT_IDENTITY_CACHE_MS} ms`, kept.session),
      );
    } finally {
      await pool.end();
      await store.close();
      await admin.query(`DROP SCHEMA ${name} CASCADE`);
      await admin.end();
    }
  } else {
    rows.push('(PostgreSQL skipped: NGHE_TEST_DATABASE_URL is not set)');
  }
  console.log(
    `${REQUESTS} requests each, a unit seeing ${TOPICS} topics; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `${'per request'.padEnd(34)} ${'p50 µs'.padStart(8)} ${'p95 µs'.padStart(8)} ${'CPU µs'.padStart(8)}`,
  );
  for (const row of rows) console.log(row);
}

await main();
