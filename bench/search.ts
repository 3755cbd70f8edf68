// Search latency benchmark for the embedded store at 1M mentions.
//   npx tsx bench/search.ts [--db path] [--size 1000000] [--queries 200]
// Without --db it builds the synthetic corpus of bench/ingest.ts into a temp dir first (a few
// minutes at 1M); with --db it reuses (and if needed grows) that file. Runs 1-3 word queries,
// folded and exact-diacritics, common and rare words, with and without a 30-day `since`, and
// prints p50/p95/p99 latency in ms for the first page (50 hits), overall and per kind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SearchOptions } from '../src/model.js';
import { seededRandom } from '../src/seeded-random.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { CORPUS_END_MS, ENGLISH, ingestTo, VIETNAMESE } from './ingest.js';

interface Query {
  kind: string;
  options: SearchOptions;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Deterministic query mix; word frequency follows rank in the vocabularies (Zipf). */
function makeQueries(count: number): Query[] {
  const random = seededRandom(42);
  const pickFrom = (words: string[]) => words[Math.floor(random() * words.length)]!;
  const common = VIETNAMESE.slice(10, 40);
  const rare = VIETNAMESE.slice(300);
  const english = ENGLISH.slice(20);
  const since = new Date(CORPUS_END_MS - 30 * 24 * 3600 * 1000).toISOString();
  const queries: Query[] = [];
  for (let i = 0; i < count; i++) {
    const frequency = ['common', 'rare', 'english'][i % 3]!;
    const pool = frequency === 'common' ? common : frequency === 'rare' ? rare : english;
    const words = 1 + Math.floor(random() * 3);
    const text = Array.from({ length: words }, () => pickFrom(pool)).join(' ');
    const exact = frequency !== 'english' && Math.floor(i / 3) % 2 === 1;
    const withSince = Math.floor(i / 6) % 2 === 1;
    queries.push({
      kind: `${frequency} ${exact ? 'exact' : 'folded'}${withSince ? ' since' : ''}`,
      options: {
        query: exact ? text : text.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
        exactDiacritics: exact,
        since: withSince ? since : undefined,
        limit: 50,
      },
    });
  }
  return queries;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      size: { type: 'string', default: '1000000' },
      queries: { type: 'string', default: '200' },
    },
  });
  const size = Number(values.size);
  const dir = values.db ? null : mkdtempSync(join(tmpdir(), 'nghe-bench-'));
  const path = values.db ?? join(dir!, 'search.db');
  const store = openSqliteStore(path);
  try {
    if ((await store.countMentions()) < size) {
      console.log(`building ${size.toLocaleString('en')} mentions in ${path} …`);
      await ingestTo(store, path, [size], 1000, 'live');
    }
    console.log(`${(await store.countMentions()).toLocaleString('en')} mentions in ${path}`);
    const queries = makeQueries(Number(values.queries));
    for (const query of queries.slice(0, 20)) await store.search(query.options); // warm cache
    const byKind = new Map<string, number[]>();
    const all: number[] = [];
    const cpu: number[] = [];
    let hits = 0;
    for (const query of queries) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const page = await store.search(query.options);
      const ms = performance.now() - t0;
      const used = process.cpuUsage(cpu0);
      cpu.push((used.user + used.system) / 1000);
      hits += page.hits.length;
      all.push(ms);
      const list = byKind.get(query.kind) ?? [];
      list.push(ms);
      byKind.set(query.kind, list);
    }
    const line = (label: string, times: number[]) => {
      const sorted = [...times].sort((a, b) => a - b);
      const f = (p: number) => percentile(sorted, p).toFixed(1).padStart(7);
      console.log(
        `${label.padEnd(24)} n=${String(times.length).padStart(3)}  p50 ${f(50)}  p95 ${f(95)}  p99 ${f(99)} ms`,
      );
    };
    console.log(
      `${queries.length} queries, ${(hits / queries.length).toFixed(1)} hits per page on average`,
    );
    line('all', all);
    // CPU time of this process: what the same queries take on an otherwise idle machine.
    line('all, CPU time', cpu);
    for (const [kind, times] of [...byKind].sort()) line(kind, times);
  } finally {
    await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
