// Server mode in one run: ingest (collected from loopback feeds, full text fetched, analysed,
// tagged against standing topics, stored with full text and roll-ups) on SQLite in process and
// on PostgreSQL with one and two `nghe worker` processes; then the dashboard figures' p50/p95
// on PostgreSQL next to SQLite at the same size.
//   npx tsx bench/server-mode.ts [--feeds 100] [--items 20] [--topics 50]
//        [--mentions 200000] [--rounds 20] [--database-url postgres://…]
//        [--postgres-ingest-only --repeat 3] [--bulk-figures 10000000]
// The PostgreSQL URL comes from --database-url or NGHE_TEST_DATABASE_URL (`.ci/with-postgres
// npx tsx bench/server-mode.ts` starts a throw-away cluster); each run gets its own schema.
// Figures' stores are filled through the stores' own batched writers (mentions, tags, roll-ups
// kept by the store), so the figures read exactly what collection would have written; at
// 10M this takes hours on two cores, so the size is an option and the size reached is printed.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config/config.js';
import { openApp } from '../src/jobs/app.js';
import { loadOrCreateSecret } from '../src/jobs/pseudonymise.js';
import { packageRoot } from '../src/package-root.js';
import type { ListeningStore, MentionFilter } from '../src/store/listening-store.js';
import { placeStoryStoreFor } from '../src/store/place-story-store-for.js';
import { openPostgresStore } from '../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { syntheticMentions } from './ingest.js';
import { clusterCpuSeconds, postmasterOf, processCpuSeconds } from './proc-cpu.js';

const { values } = parseArgs({
  options: {
    feeds: { type: 'string', default: '100' },
    items: { type: 'string', default: '20' },
    topics: { type: 'string', default: '50' },
    mentions: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '20' },
    'database-url': { type: 'string' },
    /** Ingest on PostgreSQL only (one and two workers), `--repeat` times; no SQLite, no figures. */
    'postgres-ingest-only': { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
    /** Analysis jobs a worker writes and tags together (`nghe worker --analyse-batch`); with
     * --postgres-ingest-only each round also runs one and two workers at 1 (one job at a time). */
    'analyse-batch': { type: 'string', default: '3' },
    /** Workers write V8 CPU profiles (node --cpu-prof) into this folder. */
    'worker-cpu-prof': { type: 'string' },
    // Then the figures on a bulk-seeded store of this many mentions (bench/server-mode-figures.ts).
    'bulk-figures': { type: 'string' },
  },
});
const FEEDS = Number(values.feeds);
const ITEMS = Number(values.items);
const TOPICS = Number(values.topics);
const MENTIONS = Number(values.mentions);
const ROUNDS = Number(values.rounds);
const CPU_PROF = values['worker-cpu-prof'];
const DATABASE_URL = values['database-url'] ?? process.env.NGHE_TEST_DATABASE_URL ?? '';
if (!DATABASE_URL) {
  console.error('server-mode: give --database-url postgres://… or NGHE_TEST_DATABASE_URL');
  process.exit(2);
}
const WORDS = ['ngập', 'triều cường', 'kẹt xe', 'giá xăng', 'học phí', 'mất điện', 'rác thải'];
const PLACES = ['Thủ Đức', 'Hà Nội', 'Đà Nẵng', 'Cần Thơ', 'Huế', 'Hải Phòng', 'Nha Trang'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- CPU seconds, from /proc: the machine is shared, so rates are given per CPU second too ----
/** CPU seconds of the PostgreSQL cluster serving `pool` (0 when it runs elsewhere). */
async function serverCpuSeconds(pool: pg.Pool): Promise<number> {
  const postmaster = await postmasterOf(pool);
  return postmaster === null ? 0 : clusterCpuSeconds(postmaster);
}
const IDLE_MS = 10_000;
const load = () => loadavg()[0]!.toFixed(1);

interface IngestRate {
  perSecond: number;
  /** Mentions per CPU second of the ingesting processes (and the database server). */
  perCpuSecond: number;
  cpu: string;
}
const tmpDirs: string[] = [];

// --- loopback outlets: feeds with short items whose pages carry the full text -------------
let origin = '';
const server = createServer((req, res) => {
  const feed = /^\/(\w+)\/feed\/(\d+)\.rss$/.exec(req.url ?? '');
  const page = /^\/(\w+)\/bai\/(\d+)\.html$/.exec(req.url ?? '');
  if (feed) {
    const [, run, f] = feed;
    const items = Array.from({ length: ITEMS }, (_, i) => {
      const k = Number(f) * ITEMS + i;
      return `<item><title>${WORDS[k % WORDS.length]} ở ${PLACES[k % PLACES.length]} (${k})</title>
<link>${origin}/${run}/bai/${k}.html</link><guid isPermaLink="false">${run}-${k}</guid>
<pubDate>${new Date(Date.UTC(2026, 9, 1) + k * 60_000).toUTCString()}</pubDate>
<description>Tóm tắt bài ${k}.</description></item>`;
    });
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo ${f}</title>
<link>${origin}/</link><description>thử</description>${items.join('\n')}</channel></rss>`);
  } else if (page) {
    const k = Number(page[2]);
    const body = Array.from(
      { length: 6 },
      (_, p) =>
        `<p>Người dân ${PLACES[(k + p) % PLACES.length]} phản ánh tình trạng ${WORDS[(k + p) % WORDS.length]} kéo dài nhiều ngày, chính quyền địa phương cho biết đang tìm cách khắc phục, đoạn ${p} của bài ${k}.</p>`,
    ).join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html><head><title>Bài ${k}</title></head><body><article><h1>Bài ${k}</h1>${body}</article></body></html>`,
    );
  } else {
    res.writeHead(404).end();
  }
});

// The workers' HTTP client keeps idle connections 4 s; a server closing its side first (Node's
// default 5 s, later under load) races a request sent on it ("other side closed"), and the
// failed source waits minutes for its retry: the server keeps them longer than any client.
server.keepAliveTimeout = 120_000;

function dataDir(key: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-bench-sm-'));
  tmpDirs.push(dir);
  copyFileSync(key, join(dir, 'installation.key'));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ collectConcurrency: 4, perHostConcurrency: 8, perHostMinIntervalMs: 0 }),
  );
  return dir;
}

async function addWork(store: Store & ListeningStore, run: string): Promise<void> {
  for (let t = 0; t < TOPICS; t++) {
    await store.createTopic({
      name: `chủ đề ${t}`,
      query: `"${WORDS[t % WORDS.length]}" AND "${PLACES[Math.floor(t / WORDS.length) % PLACES.length]}"`,
    });
  }
  for (let f = 0; f < FEEDS; f++) {
    await store.addSource({ kind: 'feed', url: `${origin}/${run}/feed/${f}.rss` });
  }
}

async function freshSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `nghe_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  // The queue lives in one schema per database: start each run with an empty one.
  await admin.query('DROP SCHEMA IF EXISTS nghe_queue CASCADE');
  await admin.end();
  const url = new URL(DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

async function ingestSqlite(key: string): Promise<IngestRate> {
  const dir = dataDir(key);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NGHE_DATA_DIR: dir,
    NGHE_ALLOW_PRIVATE_ADDRESSES: '1',
  };
  delete env.NGHE_DATABASE_URL;
  const app = openApp(loadConfig(env));
  try {
    await addWork(app.store, 'sqlite');
    const started = performance.now();
    const cpu = process.cpuUsage();
    const summary = await app.createCollector().runOnce({ all: true });
    await app.backfills.idle();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    return {
      perSecond: summary.newMentions / seconds,
      perCpuSecond: summary.newMentions / cpuSeconds,
      cpu: `${cpuSeconds.toFixed(1)} CPU s in ${seconds.toFixed(1)} s, load ${load()}`,
    };
  } finally {
    await app.close();
  }
}

async function ingestPostgres(
  key: string,
  workers: number,
  analyseBatch = values['analyse-batch'],
): Promise<IngestRate> {
  const schema = await freshSchema();
  const store = await openPostgresStore(schema.url);
  const children: ChildProcess[] = [];
  try {
    // Workers first, sources once they listen: startup is not part of the rate.
    let ready = 0;
    for (let w = 0; w < workers; w++) {
      const child = spawn(
        process.execPath,
        [
          ...(CPU_PROF === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', CPU_PROF]),
          '--import',
          'tsx',
          join(packageRoot(), 'src/cli/main.ts'),
          'worker',
          '--schedule-every-ms',
          '250',
          '--analyse-batch',
          analyseBatch,
        ],
        {
          cwd: packageRoot(),
          env: {
            ...process.env,
            NGHE_DATA_DIR: dataDir(key),
            NGHE_DATABASE_URL: schema.url,
            NGHE_ALLOW_PRIVATE_ADDRESSES: '1',
            NGHE_LOG_LEVEL: 'info',
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      child.stderr?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('"worker started"')) ready++;
      });
      children.push(child);
    }
    while (ready < workers) await sleep(100);
    // The floor: what idle workers and the server burn (queue polling, due-source checks).
    const idleWorkers = children.reduce((sum, c) => sum + processCpuSeconds(c.pid!), 0);
    const idleServer = await serverCpuSeconds(store.pool);
    await sleep(IDLE_MS);
    const workersBefore = children.reduce((sum, c) => sum + processCpuSeconds(c.pid!), 0);
    const serverBefore = await serverCpuSeconds(store.pool);
    const idlePerSecond =
      (workersBefore - idleWorkers + serverBefore - idleServer) / (IDLE_MS / 1000);
    await addWork(store, `pg${workers}`);
    const started = performance.now();
    // Done when every source was collected, every stored batch analysed and tagged (its
    // `analyse` job finished) and given its stories (none left waiting); one light query a
    // quarter second, counted with the server.
    for (;;) {
      const { rows: left } = await store.pool.query<{ n: number }>(
        `SELECT (SELECT count(*)::int FROM sources WHERE health->>'lastSuccessAt' IS NULL)
           + (SELECT count(*)::int FROM nghe_queue.job
              WHERE name = 'analyse' AND state IN ('created', 'retry', 'active'))
           + (SELECT count(*)::int FROM story_waiting) AS n`,
      );
      if (left[0]!.n === 0) break;
      await sleep(250);
    }
    const seconds = (performance.now() - started) / 1000;
    const workerCpu =
      children.reduce((sum, c) => sum + processCpuSeconds(c.pid!), 0) - workersBefore;
    const serverCpu = (await serverCpuSeconds(store.pool)) - serverBefore;
    const { rows } = await store.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM mentions',
    );
    const n = rows[0]!.n;
    const idle = idlePerSecond * seconds;
    return {
      perSecond: n / seconds,
      perCpuSecond: n / (workerCpu + serverCpu),
      cpu: `workers ${workerCpu.toFixed(1)} + server ${serverCpu.toFixed(1)} CPU s in ${seconds.toFixed(1)} s, of which idle polling ${idle.toFixed(1)}; ${(n / Math.max(0.1, workerCpu + serverCpu - idle)).toFixed(0)} per CPU s above idle; load ${load()}`,
    };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    // A profile is written at exit: give the workers time to finish theirs.
    for (let t = 0; t < (CPU_PROF === undefined ? 10 : 300); t++) {
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) break;
      await sleep(100);
    }
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await store.close();
    await schema.drop();
  }
}

const PROVINCES = ['79', '01', '48', '92', '31'];
const SECTORS = ['traffic', 'flooding', 'health', 'education'];

/** Fills a store with `count` analysed mentions, half of them tagged with topic 1, 1 % with topic 2. */
async function fill(store: Store & ListeningStore, count: number): Promise<number> {
  const { source } = await store.addSource({ kind: 'feed', url: 'https://news.example/feed' });
  const all = await store.createTopic({ name: 'all', query: 'a' });
  const small = await store.createTopic({ name: 'small', query: 'b' });
  const sentiments = ['positive', 'neutral', 'negative'] as const;
  const deadline = Date.now() + 20 * 60_000;
  let stored = 0;
  for (let from = 0; from < count && Date.now() < deadline; from += 5_000) {
    const batch = syntheticMentions(from, Math.min(5_000, count - from), 'backfill');
    batch.forEach((m, i) => {
      m.analysis = {
        lang: m.language ?? 'vi',
        sentiment: sentiments[(from + i) % 3]!,
        sentimentConfidence: 0.8,
        keywords: m.text
          .split(' ')
          .slice(0, 4)
          .map((w) => w.toLowerCase().replace(/\W/g, '')),
        places: [PROVINCES[(from + i) % PROVINCES.length]!].map((province) => ({
          province,
          ward: null,
          level: 'province' as const,
          code: province,
          confidence: 0.9,
        })),
        sectors: [{ sector: SECTORS[(from + i) % SECTORS.length]!, confidence: 0.8 }],
      };
    });
    const saved = await store.saveMentions(source.id, batch);
    await store.tagMentions(
      all.id,
      saved.ids.filter((_, i) => i % 2 === 0),
    );
    await store.tagMentions(
      small.id,
      saved.ids.filter((_, i) => i % 100 === 0),
    );
    stored += batch.length;
  }
  return stored;
}

async function figures(store: ListeningStore): Promise<Map<string, { p50: number; p95: number }>> {
  const calls: [string, (f: MentionFilter) => Promise<unknown>][] = [
    ['series day', (f) => store.series({ ...f, interval: 'day' })],
    ['sentiment share', (f) => store.sentimentShare(f)],
    ['share series', (f) => store.shareSeries({ ...f, interval: 'week' })],
    ['by source', (f) => store.breakdown('source', f, 10)],
    ['by platform', (f) => store.breakdown('platform', f, 10)],
    ['by language', (f) => store.breakdown('lang', f, 10)],
    ['top terms', (f) => store.topTerms(f, 20)],
    ['by province', (f) => store.breakdown('province', f, 10)],
    ['one province: share', (f) => store.sentimentShare({ ...f, places: ['79'] })],
    ['places figures', (f) => placeStoryStoreFor(store)!.figuresBy('province', f, 10)],
    ['story figures', (f) => placeStoryStoreFor(store)!.storyFigures(f)],
  ];
  const out = new Map<string, { p50: number; p95: number }>();
  for (const [topic, topicId] of [
    ['topic 50 %', 1],
    ['topic 1 %', 2],
  ] as const) {
    for (const [name, call] of calls) {
      const times: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const started = performance.now();
        await call({ topicId });
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      out.set(`${topic}: ${name}`, {
        p50: times[Math.floor(times.length * 0.5)]!,
        p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!,
      });
    }
  }
  return out;
}

async function main() {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const keyDir = mkdtempSync(join(tmpdir(), 'nghe-bench-key-'));
  tmpDirs.push(keyDir);
  const key = join(keyDir, 'installation.key');
  loadOrCreateSecret(key);
  try {
    console.log(`ingest: ${FEEDS} feeds × ${ITEMS} items, full text fetched, ${TOPICS} topics`);
    const line = (name: string, r: IngestRate) =>
      `  ${name.padEnd(34)}${r.perSecond.toFixed(0).padStart(5)} mentions/s, ${r.perCpuSecond.toFixed(0).padStart(4)} per CPU s (${r.cpu})`;
    const ingestOnly = values['postgres-ingest-only'] === true;
    if (!ingestOnly) {
      const sqlite = await ingestSqlite(key);
      console.log(line('SQLite, in process', sqlite));
    }
    const batch = values['analyse-batch'];
    for (let r = 0; r < (ingestOnly ? Number(values.repeat) : 1); r++) {
      // The peer in the same round: analysis jobs one at a time (before they were batched).
      const peers: [string, IngestRate, IngestRate][] = [];
      if (ingestOnly && batch !== '1') {
        const one1 = await ingestPostgres(key, 1, '1');
        console.log(line('PostgreSQL, one worker, batch 1', one1));
        const two1 = await ingestPostgres(key, 2, '1');
        console.log(line('PostgreSQL, two workers, batch 1', two1));
        peers.push(['analysis batch 1', one1, two1]);
      }
      const one = await ingestPostgres(key, 1);
      console.log(line(`PostgreSQL, one worker, batch ${batch}`, one));
      const two = await ingestPostgres(key, 2);
      console.log(line(`PostgreSQL, two workers, batch ${batch}`, two));
      peers.push([`analysis batch ${batch}`, one, two]);
      for (const [name, a, b] of peers) {
        console.log(
          `  ${name}: two workers ${(b.perSecond / a.perSecond).toFixed(2)}× one by wall time, ${(b.perCpuSecond / a.perCpuSecond).toFixed(2)}× per CPU second (target 1.6×)`,
        );
      }
      if (peers.length === 2) {
        const [, one1, two1] = peers[0]!;
        console.log(
          `  batch ${batch} over batch 1: one worker ${(one.perCpuSecond / one1.perCpuSecond).toFixed(2)}×, two workers ${(two.perCpuSecond / two1.perCpuSecond).toFixed(2)}× per CPU second; ${(one.perSecond / one1.perSecond).toFixed(2)}×, ${(two.perSecond / two1.perSecond).toFixed(2)}× by wall time`,
        );
      }
    }
    if (ingestOnly) return;

    console.log(`figures: p50 / p95 ms over ${ROUNDS} rounds (target p95 < 100 ms)`);
    const schema = await freshSchema();
    const pgStore = await openPostgresStore(schema.url);
    const sqliteDir = mkdtempSync(join(tmpdir(), 'nghe-bench-sm-fig-'));
    tmpDirs.push(sqliteDir);
    const sqliteStore = openSqliteStore(join(sqliteDir, 'nghe.sqlite'));
    try {
      let started = performance.now();
      const inPg = await fill(pgStore, MENTIONS);
      console.log(
        `  PostgreSQL filled with ${inPg} mentions in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
      started = performance.now();
      const inSqlite = await fill(sqliteStore, inPg);
      console.log(
        `  SQLite filled with ${inSqlite} mentions in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
      const onPg = await figures(pgStore);
      const onSqlite = await figures(sqliteStore);
      console.log(`  ${'figure'.padEnd(34)} ${'PostgreSQL'.padStart(16)} ${'SQLite'.padStart(16)}`);
      for (const [name, p] of onPg) {
        const s = onSqlite.get(name)!;
        const cell = (x: { p50: number; p95: number }) =>
          `${x.p50.toFixed(1)} / ${x.p95.toFixed(1)}`.padStart(16);
        console.log(`  ${name.padEnd(34)} ${cell(p)} ${cell(s)}`);
      }
    } finally {
      await pgStore.close();
      await sqliteStore.close();
      await schema.drop();
    }
  } finally {
    server.close();
    for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
if (values['bulk-figures'] !== undefined) {
  const { figuresRun } = await import('./server-mode-figures.js');
  await figuresRun({
    databaseUrl: DATABASE_URL,
    mentions: Number(values['bulk-figures']),
    rounds: ROUNDS,
    sqliteMentions: 50_000,
  });
}
