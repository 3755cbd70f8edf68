// The API under 50 concurrent clients against a seeded store of 1M mentions: the real server
// (reads on the worker-thread pool, audit, rate limits) on loopback, the clients in a process
// of their own, each cycling through search and analytics routes and /api/health. Prints
// requests/s and p50/p95 per route from the same run, and the read pool's figures.
//   npx tsx bench/http-load.ts [--mentions 1000000] [--seconds 20] [--concurrency 50]
//     [--threads 2] [--db FILE (kept and reused when it holds enough mentions)]
//     [--only health,series (route names, or parts of them)]
//     [--no-cache (every figure read from the store, as at the first request after an ingest)]
//     [--cpu-prof FILE (the server's main thread while the clients run, as a .cpuprofile)]
//     [--no-check (no PRAGMA quick_check at start)]
//     [--audit-main (audit rows committed on the main thread, as before the audit thread)]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cachedReads } from '../src/http/read-pool/cached-reads.js';
import { figuresVersion } from '../src/http/read-pool/figures-version.js';
import { pooledReads } from '../src/http/read-pool/read-pool.js';
import { auditWriterOf, createHttpApp, startHttpServer } from '../src/http/server.js';
import { hashApiToken } from '../src/http/token-auth.js';
import type { MentionInput, Platform, Sentiment } from '../src/model.js';
import { setGroupCounter } from '../src/privacy/small-group-rule-for.js';
import { checkDatabaseIntegrity } from '../src/store/sqlite/open-database.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { mainThreadCpuSeconds } from './proc-cpu.js';

const { values } = parseArgs({
  options: {
    mentions: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '50' },
    threads: { type: 'string', default: '2' },
    db: { type: 'string' },
    /** Comma-separated route names (or parts of them) to load; all by default. */
    only: { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    /** Skips PRAGMA quick_check at start (38 s at 1M mentions), for runs over a file just checked. */
    'no-check': { type: 'boolean', default: false },
    'audit-main': { type: 'boolean', default: false },
    client: { type: 'boolean', default: false },
    url: { type: 'string' },
    paths: { type: 'string' },
  },
});
const TOKEN = 'nghe_bench-load-token-00000000000000000000000000000';

// ------------------------------------------------------------------ client process

interface RouteFigures {
  name: string;
  n: number;
  errors: number;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
}

async function runClients(): Promise<void> {
  const url = new URL(values.url!);
  const targets = JSON.parse(values.paths!) as [string, string][];
  const concurrency = Number(values.concurrency);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = targets.map(() => [] as number[]);
  const statuses = targets.map(() => ({}) as Record<string, number>);
  const once = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = get(
        {
          host: url.hostname,
          port: url.port,
          path,
          agent,
          headers: { Authorization: `Bearer ${TOKEN}` },
        },
        (res) => {
          res.on('error', reject);
          res.on('data', () => {});
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
    });
  const deadline = performance.now() + Number(values.seconds) * 1000;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      for (let i = client; performance.now() < deadline; i++) {
        const route = i % targets.length;
        const t0 = performance.now();
        // A connection the server closed counts as an error, and the client goes on.
        const status = await once(targets[route]![1]).catch(() => 0);
        latencies[route]!.push(performance.now() - t0);
        statuses[route]![status] = (statuses[route]![status] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(cpuBefore);
  const figuresOf = (name: string, times: number[], codes: Record<string, number>) => {
    const sorted = times.sort((a, b) => a - b);
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      name,
      n: sorted.length,
      errors: sorted.length - (codes['200'] ?? 0),
      statuses: codes,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
    };
  };
  const figures: RouteFigures[] = targets.map(([name], route) =>
    figuresOf(name, [...latencies[route]!], statuses[route]!),
  );
  // The routes of each group together: health, search (lists of mentions), analytics (figures).
  const groupOf = (name: string) =>
    name === 'health' ? 'health' : name.startsWith('search') ? 'search' : 'analytics';
  const groups: RouteFigures[] = [];
  for (const group of ['health', 'search', 'analytics']) {
    const members = targets.flatMap(([name], route) => (groupOf(name) === group ? [route] : []));
    if (members.length === 0) continue;
    const codes: Record<string, number> = {};
    for (const route of members) {
      for (const [code, n] of Object.entries(statuses[route]!))
        codes[code] = (codes[code] ?? 0) + n;
    }
    groups.push(
      figuresOf(
        `[${group}]`,
        members.flatMap((route) => latencies[route]!),
        codes,
      ),
    );
  }
  const clientCpuSeconds = (clientCpu.user + clientCpu.system) / 1e6;
  process.stdout.write(`${JSON.stringify({ elapsed, figures, groups, clientCpuSeconds })}\n`);
  agent.destroy();
}

// ------------------------------------------------------------------ server process

const PLATFORMS: Platform[] = ['web', 'x', 'facebook', 'youtube', 'reddit'];
const SENTIMENTS: Sentiment[] = ['positive', 'neutral', 'negative'];
const WORDS = [
  'ngập',
  'lụt',
  'giá',
  'xăng',
  'phí',
  'gửi',
  'xe',
  'bão',
  'mưa',
  'kẹt',
  'đường',
  'điện',
];
const DAYS = 365;

function seedMention(i: number, end: number): MentionInput {
  const word = WORDS[i % WORDS.length]!;
  const other = WORDS[(i * 7 + 3) % WORDS.length]!;
  return {
    platform: PLATFORMS[i % PLATFORMS.length]!,
    canonicalUrl: `https://news.example/${i}`,
    externalId: `load-${i}`,
    // 20,000 persons: figures have the authors the small-group rule counts, as real ones do.
    author: { key: `person-${(i * 7919) % 20_000}`, displayName: null, kind: 'person' },
    publishedAt: new Date(end - ((i * 7919) % (DAYS * 86_400)) * 1000).toISOString(),
    collectedAt: new Date(end).toISOString(),
    language: 'vi',
    title: null,
    text: `Người dân nói về ${word} và ${other} ở phường ${i % 97}`,
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    raw: null,
    analysis: {
      lang: 'vi',
      sentiment: SENTIMENTS[(i * 13) % SENTIMENTS.length]!,
      sentimentConfidence: 0.8,
      keywords: [word, other],
    },
  };
}

async function seed(path: string, mentions: number, end: number): Promise<number> {
  const store = openSqliteStore(path);
  try {
    const have = await store.countMentions();
    let topics = await store.listTopics();
    if (topics.length === 0) {
      await store.createTopic({ name: 'ngập', query: 'ngập OR lụt' });
      await store.createTopic({ name: 'xăng', query: 'xăng' });
      topics = await store.listTopics();
    }
    if (have >= mentions) return have;
    const started = performance.now();
    for (let from = have; from < mentions; from += 5000) {
      const batch = Array.from({ length: Math.min(5000, mentions - from) }, (_, k) =>
        seedMention(from + k, end),
      );
      const { ids } = await store.saveMentions(null, batch);
      for (const [index, topic] of topics.entries()) {
        const pattern = index === 0 ? /ngập|lụt/ : /xăng/;
        await store.tagMentions(
          topic.id,
          ids.filter((_, k) => pattern.test(batch[k]!.text)),
        );
      }
      if ((from / 5000) % 20 === 0) {
        const rate = (from - have) / ((performance.now() - started) / 1000);
        process.stderr.write(`seeding: ${from} mentions (${rate.toFixed(0)}/s)\r`);
      }
    }
    process.stderr.write('\n');
    console.log(
      `seeded ${mentions - have} mentions in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    return mentions;
  } finally {
    await store.close();
  }
}

async function runServer(): Promise<void> {
  const mentions = Number(values.mentions);
  const dir = values.db ? null : mkdtempSync(join(tmpdir(), 'nghe-bench-load-'));
  const path = values.db ?? join(dir!, 'nghe.sqlite');
  const end = Date.UTC(2026, 10, 1);
  try {
    if (values.db && existsSync(path)) console.log(`using ${path}`);
    const count = await seed(path, mentions, end);
    if (values['no-check']) console.log(`${count} mentions; quick_check skipped`);
    else {
      const check = checkDatabaseIntegrity(path);
      console.log(`${count} mentions; PRAGMA quick_check at start: ${check.ms.toFixed(0)} ms`);
    }
    const store = openSqliteStore(path);
    if ((await store.listApiTokens()).every((t) => t.name !== 'bench-load')) {
      await store.createApiToken('bench-load', hashApiToken(TOKEN));
    }
    // Audit rows and the commits they took, while the clients run.
    const audits = { rows: 0, commits: 0 };
    const appendAudits = store.appendAudits?.bind(store);
    if (appendAudits) {
      store.appendAudits = (entries) => {
        audits.rows += entries.length;
        audits.commits++;
        return appendAudits(entries);
      };
    }
    const pooled = pooledReads({ path, threads: Number(values.threads), budgetMs: 5000 });
    await pooled.pool.ready();
    const version = figuresVersion(store, null);
    const cached = cachedReads(pooled, { version: version.version });
    const reads = values['no-cache'] ? pooled : cached;
    setGroupCounter(store, reads.countGroups);
    const app = createHttpApp({
      store,
      version: 'bench',
      log: () => {},
      reads,
      limits: { requestsPerSecond: 1_000_000, requestBurst: 1_000_000 },
      auditThread: !values['audit-main'],
      ...(values['no-cache'] ? {} : { figures: version }),
    });
    const writer = auditWriterOf(app);
    await writer?.ready();
    const server = await startHttpServer(app, '127.0.0.1', 0);
    const [flood, fuel] = await store.listTopics();
    const month = `from=${new Date(end - 30 * 86_400_000).toISOString()}&to=${new Date(end).toISOString()}`;
    const targets: [string, string][] = [
      ['health', '/api/health'],
      ['search q=xăng', `/api/mentions?q=${encodeURIComponent('xăng')}&limit=20`],
      [
        'search topic + q',
        // Words every mention of the topic has: a query with few matches in a large topic checks
        // up to 20,000 of its rows before answering a short page, and would be all this bench saw.
        `/api/mentions?topic=${flood!.id}&q=${encodeURIComponent('người dân OR phường')}&limit=20`,
      ],
      ['series topic day 30 d', `/api/analytics/series?topic=${flood!.id}&interval=day&${month}`],
      [
        'series topic day year',
        `/api/analytics/series?topic=${fuel!.id}&interval=day&from=${new Date(end - 365 * 86_400_000).toISOString()}&to=${new Date(end).toISOString()}`,
      ],
      ['sentiment topic', `/api/analytics/sentiment?topic=${fuel!.id}&${month}`],
      ['breakdown platform', `/api/analytics/breakdown?by=platform&topic=${flood!.id}`],
      ['terms topic 30 d', `/api/analytics/terms?topic=${flood!.id}&${month}`],
    ];
    if (values.only) {
      const wanted = values.only.split(',');
      const kept = targets.filter(([name]) => wanted.some((part) => name.includes(part)));
      targets.splice(0, targets.length, ...kept);
    }
    // Warm the caches once, as a running server would be.
    for (const [, target] of targets) {
      await fetch(`${server.url}${target}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    }
    console.log(
      `${values.concurrency} concurrent clients for ${values.seconds} s in another process, ${values.threads} read threads, loopback, figures cache ${values['no-cache'] ? 'off' : 'on'}; load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
    );
    // CPU of this process (main thread and read threads) while the clients run: on a shared
    // machine, requests per CPU second say more than requests per second.
    const profiler = values['cpu-prof'] ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    const cpuBefore = process.cpuUsage();
    const mainBefore = mainThreadCpuSeconds();
    audits.rows = 0;
    audits.commits = 0;
    const writerBefore = writer?.stats();
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          ...process.execArgv,
          fileURLToPath(import.meta.url),
          '--client',
          '--url',
          server.url,
          '--paths',
          JSON.stringify(targets),
          '--seconds',
          String(values.seconds),
          '--concurrency',
          String(values.concurrency),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.on('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`clients exited ${code}`)),
      );
    });
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const mainAfter = mainThreadCpuSeconds();
    const mainSeconds = mainBefore === null || mainAfter === null ? null : mainAfter - mainBefore;
    const writerAfter = writer?.stats();
    if (writerBefore && writerAfter) {
      audits.rows += writerAfter.rows - writerBefore.rows;
      audits.commits += writerAfter.batches - writerBefore.batches;
    }
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(values['cpu-prof']!, JSON.stringify(profile));
      profiler.disconnect();
    }
    const { elapsed, figures, groups, clientCpuSeconds } = JSON.parse(output) as {
      elapsed: number;
      figures: RouteFigures[];
      groups: RouteFigures[];
      clientCpuSeconds: number;
    };
    let total = 0;
    let readTotal = 0;
    const line = (f: RouteFigures) => {
      const errors = f.errors > 0 ? `  non-200: ${JSON.stringify(f.statuses)}` : '';
      console.log(
        `${f.name.padEnd(24)} ${(f.n / elapsed).toFixed(0).padStart(6)} req/s  p50 ${f.p50.toFixed(1).padStart(6)} ms  p95 ${f.p95.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(6)} ms${errors}`,
      );
    };
    for (const f of figures) {
      total += f.n;
      if (f.name !== 'health') readTotal += f.n;
      line(f);
    }
    for (const g of groups) line(g);
    console.log(
      `all routes ${(total / elapsed).toFixed(0)} req/s; search and analytics ${(readTotal / elapsed).toFixed(0)} req/s`,
    );
    console.log(
      `load average after: ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `server CPU ${cpuSeconds.toFixed(1)} s over ${elapsed.toFixed(1)} s: ${(total / cpuSeconds).toFixed(0)} requests per CPU second (${((cpuSeconds / total) * 1e6).toFixed(0)} µs each); clients ${clientCpuSeconds.toFixed(1)} CPU s`,
    );
    if (mainSeconds !== null) {
      console.log(
        `main thread CPU ${mainSeconds.toFixed(1)} s: ${((mainSeconds / total) * 1e6).toFixed(0)} µs a request (at most ${(total / Math.max(mainSeconds, 0.01)).toFixed(0)} requests per main-thread CPU second)`,
      );
    }
    console.log(
      `audit: ${audits.rows} rows in ${audits.commits} commits (${(audits.rows / Math.max(1, audits.commits)).toFixed(1)} a commit), ${writer ? 'on the audit thread' : 'on the main thread'}`,
    );
    console.log(`read pool: ${JSON.stringify(pooled.pool.stats())}`);
    if (!values['no-cache']) console.log(`figures cache: ${JSON.stringify(cached.cacheStats())}`);
    await server.close();
    version.close();
    await pooled.close();
    await store.close();
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

if (values.client) await runClients();
else await runServer();
