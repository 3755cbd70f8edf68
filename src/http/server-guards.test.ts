// The server under pressure, on loopback: freezing requests bounded or stopped within their
// budget while health answers, streams capped with slow consumers dropped, request rates
// limited, and a full disk answered 507 with audit rows kept until there is room.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../audit/verify-chain.js';
import type { ServerLimits } from '../config/server-limits.js';
import { createListeningEvents, type ListeningEvents } from '../jobs/listening-events.js';
import { TopicTagger } from '../jobs/topic-tagger.js';
import type { Mention } from '../model.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { sqliteUsageLog } from '../store/sqlite/usage-log.js';
import type { UsageLogWriter } from '../store/sqlite/usage-log-writer.js';
import { mentionInput } from '../store/store.conformance.js';
import { pooledReads } from './read-pool/read-pool.js';
import { directReads, type ReadStore } from './read-pool/read-store.js';
import { auditWriterOf, createHttpApp, type RunningServer, startHttpServer } from './server.js';
import { createServerGuards, type ServerGuardOptions } from './server-guards.js';
import { hashApiToken } from './token-auth.js';

const TOKEN = 'nghe_guards-test-token-0123456789abcdefghijklmnopqr';
const OTHER = 'nghe_guards-other-token-0123456789abcdefghijklmnopq';

interface Harness {
  dir: string;
  store: SqliteStore;
  events: ListeningEvents;
  server: RunningServer;
  reads: ReadStore | null;
  auditWriter: UsageLogWriter | null;
  get(path: string, token?: string): Promise<Response>;
  close(): Promise<void>;
}

async function open(
  options: { limits?: Partial<ServerLimits>; pool?: { budgetMs: number }; dir?: string } = {},
): Promise<Harness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'nghe-guards-'));
  const store = openSqliteStore(join(dir, 'nghe.sqlite'));
  await store.createApiToken('tester', hashApiToken(TOKEN));
  await store.createApiToken('other', hashApiToken(OTHER));
  const events = createListeningEvents();
  const reads = options.pool
    ? pooledReads({ path: store.db.name, threads: 2, budgetMs: options.pool.budgetMs })
    : null;
  const app = createHttpApp({
    store,
    version: 'test',
    events,
    log: () => {},
    heartbeatMs: 60_000,
    ...(reads ? { reads } : {}),
    limits: { requestsPerSecond: 100_000, requestBurst: 100_000, ...options.limits },
  });
  const server = await startHttpServer(app, '127.0.0.1', 0);
  return {
    dir,
    store,
    events,
    server,
    reads,
    auditWriter: auditWriterOf(app),
    get: (path, token = TOKEN) =>
      fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } }),
    async close() {
      await server.close();
      await reads?.close();
      await store.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Latencies of /api/health asked one after another until `until` settles. */
async function healthWhile(h: Harness, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const latencies: number[] = [];
  while (!done || latencies.length < 5) {
    const started = performance.now();
    const res = await h.get('/api/health');
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

const p95 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? Number.NaN;

/** Health's latencies with nothing else asked of the server, for `ms`. */
function idleHealth(h: Harness, ms = 300): Promise<number[]> {
  return healthWhile(h, new Promise((done) => setTimeout(done, ms)));
}

/**
 * The p95 health may take under load: `target` ms, or four times what it takes on this machine
 * with no load when the machine itself is that busy (a shared CI runner), so that a test fails
 * on a server that stalls (seconds, as before these limits) rather than on a crowded host. Each
 * of `idle` is a run of unloaded latencies; the busiest stands for the host.
 */
function healthAllowance(target: number, ...idle: number[][]): number {
  return Math.max(target, ...idle.map((run) => 4 * p95(run)));
}

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('requests that used to freeze the server', () => {
  it('refuses a huge range and a long phrase at once, and stops a slow query at its budget while health answers', async () => {
    // A budget far below what reading 100,000 rows' terms takes even on a fast, idle machine, so
    // the query overruns it however quiet the machine is.
    const h = await open({ pool: { budgetMs: 20 } });
    harness = h;
    // 100,000 rows written straight into the file: terms by platform and language (no roll-up
    // keeps that pair) read every one.
    h.store.db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
      INSERT INTO mentions (platform, external_id, collected_at, published_at, text, keywords,
        lang, language, sentiment, search_key)
      SELECT 'web', 'e' || i, '2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z', 'chữ ' || i,
        json_array('k' || (i % 5000), 'k' || (i % 77)), 'vi', 'vi', 'neutral', i FROM n`);
    const range = await h.get(
      '/api/analytics/series?interval=day&from=1800-01-01&to=2070-01-01&tz=America/New_York',
    );
    expect(range.status).toBe(400);
    expect(((await range.json()) as { error: { message: string } }).error.message).toContain(
      'outside the allowed range 1900-01-01 to 2200-01-01',
    );
    const phrase = `"${Array.from({ length: 1333 }, () => 'ab').join(' ')}"`;
    const long = await h.get(`/api/mentions?q=${encodeURIComponent(phrase)}`);
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { message: string } }).error.message).toBe(
      'q: a phrase has 1333 words; the limit is 16 per phrase',
    );

    const allowance = healthAllowance(100, await idleHealth(h));
    const started = performance.now();
    const slow = h.get('/api/analytics/terms?platform=web&lang=vi').then(async (res) => ({
      status: res.status,
      body: (await res.json()) as { error: { message: string; code: string } },
      ms: performance.now() - started,
    }));
    const health = await healthWhile(h, slow);
    const answer = await slow;
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('query_timeout');
    expect(answer.body.error.message).toContain('time budget of 20 ms');
    expect(answer.ms).toBeLessThan(1500);
    expect(p95(health)).toBeLessThan(allowance);
  });
});

describe('event streams', () => {
  it('caps streams per token and in all', async () => {
    const h = await open({ limits: { streamsPerToken: 2, streamsTotal: 3 } });
    harness = h;
    const topic = await h.store.createTopic({ name: 't', query: 'ngập' });
    const controller = new AbortController();
    const stream = (token: string) =>
      fetch(`${h.server.url}/api/topics/${topic.id}/stream`, {
        headers: { Authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
    expect((await stream(TOKEN)).status).toBe(200);
    expect((await stream(TOKEN)).status).toBe(200);
    const third = await stream(TOKEN);
    expect(third.status).toBe(429);
    expect(await third.text()).toContain('the limit is 2');
    expect((await stream(OTHER)).status).toBe(200);
    const over = await stream(OTHER);
    expect(over.status).toBe(503);
    expect(await over.text()).toContain('3 streams open');
    controller.abort();
  });

  it('keeps health under 50 ms p95 with 500 streams open during ingest, and drops a slow consumer with the reason', async () => {
    const h = await open({
      limits: { streamsPerToken: 1000, streamsTotal: 1000, streamQueueBytes: 64 * 1024 },
    });
    harness = h;
    const topics = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.store.createTopic({ name: `t${i}`, query: `w${i}` })),
    );
    const heavy = await h.store.createTopic({ name: 'heavy', query: 'bão' });
    // Health with no stream open, before and after, for as long as the ingest runs: on a host
    // busy with other work (the whole suite on two cores) every run slows alike, and the bound
    // follows it; on a quiet host these take a few ms and the bound stays 50 ms. Measured alone
    // under a load average of 8: 10 ms p95 over ~1,900 asks with the 500 streams, 94 ms at most.
    const before = await idleHealth(h, 3000);
    // 499 readers in other processes, 50 per topic; the slow consumer here.
    const clients = topics.map((topic, i) =>
      spawn(process.execPath, [
        fileURLToPath(new URL('./test-support/stream-clients.mjs', import.meta.url)),
        `${h.server.url}/api/topics/${topic.id}/stream`,
        TOKEN,
        String(i === 0 ? 49 : 50),
      ]),
    );
    const bytesRead = clients.map(() => 0);
    await Promise.all(
      clients.map(
        (child, i) =>
          new Promise<void>((ready, fail) => {
            child.stdout.setEncoding('utf8');
            child.stdout.on('data', (text: string) => {
              for (const line of text.split('\n')) {
                if (line.startsWith('open ')) ready();
                else if (line.startsWith('bytes ')) bytesRead[i] = Number(line.slice(6));
                else if (line.startsWith('refused')) fail(new Error(line));
              }
            });
            child.once('exit', () => fail(new Error('stream clients ended early')));
          }),
      ),
    );
    const controller = new AbortController();
    const slow = await fetch(`${h.server.url}/api/topics/${heavy.id}/stream`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    });
    expect(slow.status).toBe(200);
    // It reads, a chunk every 20 ms: far slower than what is sent to it.
    const slowText = (async () => {
      const reader = slow.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      for (;;) {
        const part = await reader.read();
        if (part.done) return text;
        text += decoder.decode(part.value, { stream: true });
        await new Promise((done) => setTimeout(done, 20));
      }
    })();

    const mention = (id: number, text: string) =>
      ({ id, text, title: null, platform: 'web' }) as unknown as Mention;
    const bulky = 'bão '.repeat(100_000);
    let id = 0;
    // Ingest as collection does, on this thread: save, match against the topics, tag, publish.
    // Up to 1,000 mentions a second for 3 s, each matching one of the ten topics (50 streams
    // each), and a 400 KB event a tick for the slow consumer.
    const tagger = new TopicTagger({ store: h.store, events: h.events });
    const ingest = (async () => {
      for (let round = 0; round < 300; round++) {
        const saved = await h.store.saveMentions(
          null,
          Array.from({ length: 10 }, (_, i) =>
            mentionInput({
              canonicalUrl: `https://news.example/live-${round}-${i}`,
              externalId: `live-${round}-${i}`,
              text: `tin w${i} số ${round}`,
            }),
          ),
        );
        await tagger.tagSaved(saved);
        h.events.publishTagged(mention(--id, bulky), [heavy.id]);
        await new Promise((done) => setTimeout(done, 10));
      }
    })();
    const health = await healthWhile(h, ingest);
    await new Promise((done) => setTimeout(done, 300));
    for (const child of clients) child.stdin.end();
    await Promise.all(clients.map((child) => new Promise((done) => child.once('exit', done))));
    const after = await idleHealth(h, 3000);
    expect(p95(health)).toBeLessThan(healthAllowance(50, before, after));
    // Every reader got every mention of its topic: 300 frames of at least 60 bytes each.
    expect(Math.min(...bytesRead)).toBeGreaterThan(50 * 300 * 60);

    // The slow consumer finds, after what was queued for it, why it was dropped.
    const text = await slowText;
    const last = text.slice(text.lastIndexOf('event: '));
    expect(last).toMatch(
      /^event: dropped\ndata: \{"reason":"slow_consumer","message":"dropped: \d+ bytes were waiting to be sent to this client, over the limit of 65536/,
    );
    controller.abort();
  }, 60_000);
});

describe('request rates', () => {
  it("answers 429 with Retry-After past a token's burst, and counts each token apart", async () => {
    const h = await open({ limits: { requestsPerSecond: 0.5, requestBurst: 3 } });
    harness = h;
    for (let i = 0; i < 3; i++) expect((await h.get('/api/health')).status).toBe(200);
    const refused = await h.get('/api/health');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(await refused.text()).toContain('the limit is 0.5 a second (bursts of 3) per token');
    expect((await h.get('/api/health', OTHER)).status).toBe(200);
  });
});

/** Fills the database until SQLite reports it full, with rows of shrinking size. */
function fill(store: SqliteStore): void {
  let i = 0;
  for (const size of [4000, 400, 40, 4]) {
    try {
      for (;;)
        store.db
          .prepare('INSERT INTO settings (key, value) VALUES (?, ?)')
          .run(`fill-${i++}`, 'x'.repeat(size));
    } catch (error) {
      expect((error as { code?: string }).code).toBe('SQLITE_FULL');
    }
  }
}

async function diskFullBehaviour(h: Harness, makeRoom: () => void): Promise<void> {
  // A first request records the token's use (a write at most once a minute) before the disk
  // fills: that write is not an audit row and is not queued.
  expect((await h.get('/api/health')).status).toBe(200);
  fill(h.store);
  // The audit table's own pages too, through the store's append.
  for (const size of [4000, 400, 40, 4]) {
    for (;;) {
      const row = { actor: 'filler', action: 'fill', detail: 'x'.repeat(size), resultCount: null };
      const error = await h.store.appendAudit(row).then(
        () => null,
        (e: unknown) => e,
      );
      if (error) {
        expect((error as { code?: string }).code).toBe('SQLITE_FULL');
        break;
      }
    }
  }
  const reads = async () => (await h.store.listAudit({ action: 'listMentions' })).length;
  // Sources go to pages of their own, with some room left: add them until there is none.
  let created = 0;
  let added: Response | undefined;
  for (let i = 0; i < 20; i++) {
    added = await fetch(`${h.server.url}/api/sources`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: `https://news.example/${i}/${'feed/'.repeat(380)}rss.xml` }),
    });
    if (added.status !== 201) break;
    created++;
  }
  expect(added?.status).toBe(507);
  if (!added) return;
  const refusal = ((await added.json()) as { error: { message: string } }).error.message;
  expect(refusal).toBe(
    `the disk holding ${h.store.db.name} is full: nothing of this request was written; free some space and retry`,
  );
  // Reads that only need an audit row still answer; their rows wait for room.
  for (let i = 0; i < 3; i++) expect((await h.get('/api/mentions?limit=5')).status).toBe(200);
  expect(await reads()).toBe(0);
  makeRoom();
  await expect.poll(reads, { timeout: 10_000 }).toBe(3);
  // The refused source left nothing behind.
  expect((await h.store.listSources()).length).toBe(created);
}

describe('a full disk', () => {
  it('answers 507 and keeps audit rows until there is room, with the database at its page limit', async () => {
    const h = await open();
    harness = h;
    const pages = h.store.db.pragma('page_count', { simple: true }) as number;
    h.store.db.pragma(`max_page_count = ${pages + 2}`);
    await diskFullBehaviour(h, () => h.store.db.pragma('max_page_count = 1073741823'));
  });

  const mountable = (() => {
    try {
      const probe = mkdtempSync(join(tmpdir(), 'nghe-tmpfs-probe-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
      execFileSync('umount', [probe]);
      rmSync(probe, { recursive: true });
      return true;
    } catch {
      return false;
    }
  })();
  // Mounting needs root (or CAP_SYS_ADMIN); without it the page-limit test above covers this.
  it.skipIf(!mountable).each([
    ['on the main thread', false],
    ['on their own thread', true],
  ])(
    'answers 507 on a small tmpfs that fills up, nothing lost, audit rows written %s',
    async (_, thread) => {
      const mount = mkdtempSync(join(tmpdir(), 'nghe-tmpfs-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]);
      try {
        mkdirSync(join(mount, 'data'));
        // A read pool brings the audit thread with it.
        const h = await open({
          dir: join(mount, 'data'),
          ...(thread ? { pool: { budgetMs: 5000 } } : {}),
        });
        harness = h;
        expect(h.auditWriter !== null).toBe(thread);
        // Room is made by deleting a file of our own that took space on the same disk.
        execFileSync('dd', ['if=/dev/zero', `of=${join(mount, 'ballast')}`, 'bs=64k', 'count=2'], {
          stdio: 'ignore',
        });
        await diskFullBehaviour(h, () => rmSync(join(mount, 'ballast')));
        await h.close();
        harness = null;
      } finally {
        execFileSync('umount', ['-l', mount]);
        rmSync(mount, { recursive: true, force: true });
      }
    },
  );
});

describe('audit rows on their own thread', () => {
  it('are written by a thread only for a SQLite store served with a read pool', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nghe-guards-'));
    const store = openSqliteStore(join(dir, 'nghe.sqlite'));
    try {
      const reads = directReads(store);
      const threadOf = (options: Partial<ServerGuardOptions>) => {
        const guards = createServerGuards({ store, events: null, heartbeatMs: 1000, ...options });
        const thread = guards.auditWriter !== null;
        return guards.close().then(() => thread);
      };
      expect(await threadOf({ reads })).toBe(true);
      expect(await threadOf({})).toBe(false);
      expect(await threadOf({ reads, auditThread: false })).toBe(false);
      expect(await threadOf({ auditThread: true })).toBe(true);
      // Server mode: the store is PostgreSQL's, `db` the SQLite file beside it.
      const serverMode = Object.assign(Object.create(store) as SqliteStore, { pool: {} });
      expect(await threadOf({ store: serverMode, reads })).toBe(false);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers each read only once its row is committed by the audit thread, on one chain', async () => {
    const h = await open({ pool: { budgetMs: 5000 } });
    harness = h;
    expect(h.auditWriter).not.toBeNull();
    await h.store.appendAudit({
      actor: 'cli',
      action: 'cli.start',
      detail: '{}',
      resultCount: null,
    });
    const rows = () =>
      h.store.db
        .prepare("SELECT count(*) FROM audit_log WHERE action = 'listMentions'")
        .pluck()
        .get() as number;
    let answered = 0;
    const seen: [number, number][] = [];
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        const res = await h.get('/api/mentions?limit=5');
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        answered++;
        seen.push([answered, rows()]);
      }),
    );
    // However the answers interleave, as many rows as answers were committed by each.
    for (const [answers, committed] of seen) expect(committed).toBeGreaterThanOrEqual(answers);
    expect(rows()).toBe(40);
    expect(h.auditWriter!.stats().rows).toBe(40);
    const entries = [];
    for await (const entry of sqliteUsageLog(h.store.db, null).oldestFirst()) entries.push(entry);
    expect(verifyChain(entries, null)).toMatchObject({ ok: true, entries: 41 });
  });
});
