// Dashboard figures on PostgreSQL at millions of mentions, next to SQLite on the same rows.
//   npx tsx bench/server-mode-figures.ts [--mentions 10000000] [--rounds 20]
//        [--database-url postgres://…] [--schema NAME] [--sqlite-mentions N]
// (also run after the ingest part by `npx tsx bench/server-mode.ts --bulk-figures 10000000`).
//
// Seeding: the store's schema is created by its migrations, then a year of generated mentions
// is written straight into the tables with set-based SQL (INSERT … SELECT over
// generate_series, the fastest bulk path PostgreSQL has; no row crosses the wire): mentions,
// topic tags, places, sectors, stories. Triggers are off for the load (session_replication_role
// = replica), and the work they would have done is done after by grouped SQL: every roll-up is
// recounted from the loaded rows, one grouped pass per level into emptied tables whose indexes
// are built after (src/store/postgres/rollup-recount.ts), its independent groups of levels on
// their own connections at once. Secondary indexes are dropped during the load and rebuilt
// after. `--schema NAME` keeps the seeded schema and, run again, times it without seeding
// (opening the store first applies any newer migrations, so levels added since are filled).
//
// SQLite: every k-th of the seeded rows (so they span the same year) is copied out of
// PostgreSQL into a throw-away SQLite store through its own writer (saveMentions with places
// and sectors, tagMentions; its triggers keep every roll-up level), then PostgreSQL's stories
// over them, up to --sqlite-mentions (default 50,000: on the shared two cores the writer took
// ~9 ms per mention at load 20); the size copied is printed beside its figures. SQLite at 10M
// itself is bench/topics-analytics.ts.
//
// Times are wall milliseconds per call, p50/p95 over --rounds, with the CPU time the bench
// process and the PostgreSQL server spent per call and the load average (the machine is
// shared).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadSectors } from '../src/analysis/sectors/index.js';
import { loadGazetteer } from '../src/places/gazetteer.js';
import type { ListeningStore, MentionFilter } from '../src/store/listening-store.js';
import type { PlaceStoryStore } from '../src/store/place-story-store.js';
import { placeStoryStoreFor } from '../src/store/place-story-store-for.js';
import { openPostgresStore } from '../src/store/postgres/postgres-store.js';
import { RECOUNT_GROUPS, recountRollupsInBulk } from '../src/store/postgres/rollup-recount.js';
import { recountSpanRollups } from '../src/store/postgres/story-author-spans-schema.js';
import { clusterCpuSeconds, postmasterOf } from './proc-cpu.js';

const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * 24 * HOUR_MS;
/** The year of data ends on 2026-01-01T00:00Z. */
const END_MS = Date.UTC(2026, 0, 1);
const START_MS = END_MS - YEAR_MS;
const SOURCES = 50;
const TERMS = 5000;
const CHUNK = 1_000_000;

export interface FigureTime {
  p50: number;
  p95: number;
  /** CPU milliseconds per call: this process, and the database server where known. */
  cpu: number;
  serverCpu: number | null;
}

const log = (line: string) => console.log(line);

// --- CPU of the PostgreSQL server, from /proc (same machine, loopback) ---------------------
let postmaster: number | null = null;

/** Finds the server's postmaster, when it runs on this machine. */
async function findPostmaster(pool: pg.Pool): Promise<void> {
  postmaster = await postmasterOf(pool);
}

/** CPU milliseconds of the postmaster and its children so far; null when not readable. */
function serverCpuMs(): number | null {
  return postmaster === null ? null : clusterCpuSeconds(postmaster) * 1000;
}

// --- seeding ---------------------------------------------------------------------------------

/** A deterministic pseudo-random integer in [0, k) from the row number `i` and a salt. */
const h = (salt: number, k: number | string) => `(abs(hashint8(i * 16 + ${salt})) % ${k})`;

/** The mentions of rows [lo, hi), as one INSERT … SELECT. */
function mentionsSql(lo: number, hi: number, size: number): string {
  const terms = [1, 2, 3, 4, 5].map(
    // Skewed: term k's share falls off like a power law.
    (s) => `'term' || floor(${TERMS} * power(${h(s, 1_000_000)} / 1000000.0, 3))::int`,
  );
  return `
INSERT INTO mentions (id, platform, external_id, author_key, author_name, author_kind,
  published_at, collected_at, language, text, lang, sentiment, sentiment_confidence, keywords,
  prob_negative, prob_neutral, prob_positive, share_group, share_cell, sort_ms, source_key, fts)
SELECT i + 1, platform, 'g' || i, 'a' || ${h(6, Math.max(1, Math.floor(size / 5)))},
  CASE WHEN kind = 'person' THEN NULL ELSE 'Outlet ' || ${h(6, 500)} END, kind,
  to_char(to_timestamp(sort_ms / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  to_char(to_timestamp(sort_ms / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  lang, 'tin ' || (i % 1000), lang,
  (ARRAY['negative', 'neutral', 'neutral', 'positive', NULL])[${h(7, 5)} + 1], 0.8,
  jsonb_build_array(${terms.join(', ')}),
  a, (1 - a) * b, 1 - a - (1 - a) * b, 'g' || (i % 4), ${h(8, 15)}, sort_ms,
  ${h(9, SOURCES)} + 1, array_to_tsvector(ARRAY['tin', (i % 1000)::text])
FROM (
  SELECT i, ${START_MS}::bigint + (i * ${YEAR_MS}::numeric / ${size})::bigint AS sort_ms,
    (ARRAY['web', 'web', 'x', 'facebook'])[i % 4 + 1] AS platform,
    (ARRAY['outlet', NULL, 'person', 'person'])[i % 4 + 1] AS kind,
    (ARRAY['vi', 'vi', 'vi', 'en', 'unknown'])[${h(10, 5)} + 1] AS lang,
    ${h(11, 1000)} / 1000.0 AS a, ${h(12, 1000)} / 1000.0 AS b
  FROM generate_series(${lo}::bigint, ${hi - 1}::bigint) AS i) AS g`;
}

/** Topic tags, places, sectors and stories of rows [lo, hi). */
function tagsSql(lo: number, hi: number): string[] {
  const series = `generate_series(${lo}::bigint, ${hi - 1}::bigint) AS i`;
  // Stories: three consecutive mentions (minutes apart) are one story, the first published.
  return [
    `INSERT INTO mention_topics (topic_id, mention_id, sort_ms)
     SELECT t.topic_id, m.id, m.sort_ms FROM mentions AS m
     CROSS JOIN LATERAL (SELECT 1 AS topic_id WHERE (m.id - 1) % 2 = 0
       UNION ALL SELECT 2 WHERE (m.id - 1) % 100 = 0) AS t
     WHERE m.id > ${lo} AND m.id <= ${hi}`,
    `INSERT INTO mention_places (mention_id, province, ward, level, code, confidence)
     SELECT i + 1, CASE WHEN w THEN wp ELSE p END, CASE WHEN w THEN wc ELSE '' END,
       CASE WHEN w THEN 'ward' ELSE 'province' END, CASE WHEN w THEN wc ELSE p END, 0.9
     FROM (SELECT i, ${h(13, 3)} = 0 AS w,
             ($1::text[])[${h(14, '$3')} + 1] AS p,
             ($2::text[])[${h(15, '$4')} + 1] AS wc,
             ($5::text[])[${h(15, '$4')} + 1] AS wp
           FROM ${series}) AS x`,
    `INSERT INTO mention_sectors (mention_id, sector, confidence)
     SELECT i + 1, ($6::text[])[${h(16, '$7')} + 1], 0.8 FROM ${series}`,
    `INSERT INTO mention_stories (mention_id, story_id, first_publisher_id, copied_from,
       similarity, delay_ms, seq)
     SELECT i + 1, i / 3 + 1, (i / 3) * 3 + 1,
       CASE WHEN i % 3 = 0 THEN NULL ELSE (i / 3) * 3 + 1 END,
       CASE WHEN i % 3 = 0 THEN NULL ELSE 0.9 END, CASE WHEN i % 3 = 0 THEN NULL ELSE 60000 END,
       i + 1
     FROM ${series}`,
  ];
}

/** Drops a table's secondary indexes (not those behind constraints); returns their DDL. */
async function dropIndexes(client: pg.PoolClient, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index AS i
     WHERE i.indrelid = ANY(SELECT to_regclass(t) FROM unnest($1::text[]) AS t)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const row of rows) await client.query(`DROP INDEX ${row.name}`);
  return rows.map((r) => r.def);
}

/**
 * Every roll-up level recounted from the loaded rows (rollup-recount.ts): its independent
 * groups, and the story and author levels, at once on their own connections, each in its own
 * transaction.
 */
async function recountInGroups(pool: pg.Pool, size: number): Promise<void> {
  const groups = new pg.Pool({ ...pool.options, max: RECOUNT_GROUPS.length + 1 });
  const inTransaction = async (work: (client: pg.PoolClient) => Promise<unknown>) => {
    const client = await groups.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
  try {
    await Promise.all([
      ...RECOUNT_GROUPS.map((tables) =>
        inTransaction((client) =>
          recountRollupsInBulk(client, {
            tables,
            workMem: '256MB',
            onLevel: (l) =>
              log(
                `      ${l.table.padEnd(20)} ${String(l.rows).padStart(10)} rows: fill ${(l.fillMs / 1000).toFixed(1)} s, indexes ${(l.indexMs / 1000).toFixed(1)} s (${Math.round(size / ((l.fillMs + l.indexMs) / 1000))} mentions/s), load ${loadavg()[0]!.toFixed(1)}`,
              ),
          }),
        ),
      ),
      inTransaction(async (client) => {
        const started = performance.now();
        await recountSpanRollups(client);
        log(
          `      story and author levels: ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      }),
    ]);
  } finally {
    await groups.end();
  }
}

export async function seedPostgres(pool: pg.Pool, size: number): Promise<void> {
  const gazetteer = loadGazetteer();
  const provinces = gazetteer.provinces.map((p) => p.code);
  const wards = gazetteer.wards.slice(0, 2000);
  const sectors = loadSectors().map((s) => s.id);
  const client = await pool.connect();
  const step = async (name: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    const server0 = serverCpuMs();
    await work();
    const server1 = serverCpuMs();
    const cpu =
      server0 !== null && server1 !== null ? ((server1 - server0) / 1000).toFixed(1) : '?';
    log(
      `    ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s wall, server CPU ${cpu} s, load ${loadavg()[0]!.toFixed(1)}`,
    );
  };
  try {
    await client.query('SET session_replication_role = replica');
    await client.query("SET maintenance_work_mem = '1GB'");
    await client.query("SET work_mem = '256MB'");
    const now = new Date(END_MS).toISOString();
    await client.query(
      `INSERT INTO sources (kind, url, title, interval_seconds, next_fetch_at, health, created_at)
       SELECT 'feed', 'https://source' || s || '.example/rss', 'Source ' || s, 900, $1, '{}', $1
       FROM generate_series(1, ${SOURCES}) AS s`,
      [now],
    );
    const idle = JSON.stringify({ state: 'done', processed: 0, total: 0, matched: 0 });
    for (const name of ['half of all', 'one in a hundred']) {
      await client.query(
        `INSERT INTO topics (name, query, status, created_at, updated_at, backfill)
         VALUES ($1, 'x', 'active', $2, $2, $3)`,
        [name, now, idle],
      );
    }
    const tables = ['mentions', 'mention_topics', 'mention_places', 'mention_sectors'];
    const tables2 = ['mention_stories', 'stories'];
    let indexes: string[] = [];
    await step('secondary indexes dropped', async () => {
      indexes = await dropIndexes(client, [...tables, ...tables2]);
    });
    for (let lo = 0; lo < size; lo += CHUNK) {
      const hi = Math.min(size, lo + CHUNK);
      await step(`rows ${lo}–${hi}`, async () => {
        await client.query(mentionsSql(lo, hi, size));
        const [topics, places, sectorsSql, stories] = tagsSql(lo, hi);
        await client.query(topics!);
        await client.query(places!, [
          provinces,
          wards.map((w) => w.code),
          provinces.length,
          wards.length,
          wards.map((w) => w.province),
        ]);
        await client.query(sectorsSql!.replace('$6', '$1').replace('$7', '$2'), [
          sectors,
          sectors.length,
        ]);
        await client.query(stories!);
      });
    }
    await step('stories', () =>
      client.query(
        `INSERT INTO stories (id, first_mention_id, first_at, last_at, size)
         SELECT s.story_id, min(s.mention_id), min(m.published_at), max(m.published_at), count(*)
         FROM mention_stories AS s JOIN mentions AS m ON m.id = s.mention_id GROUP BY 1`,
      ),
    );
    await client.query(`SELECT setval('mention_ids', ${size + 1})`);
    await client.query(`SELECT setval('mention_story_seq', ${size + 1})`);
    await step('indexes rebuilt', async () => {
      for (const def of indexes) await client.query(def);
    });
    await step('roll-ups recounted', () => recountInGroups(pool, size));
    await step('analyzed', () => client.query('VACUUM ANALYZE'));
  } finally {
    await client.query('RESET session_replication_role').catch(() => {});
    client.release();
  }
}

// --- figures ---------------------------------------------------------------------------------

type Call = [string, (f: MentionFilter) => Promise<unknown>];

function calls(store: ListeningStore, places: PlaceStoryStore): Call[] {
  return [
    ['series day', (f) => store.series({ ...f, interval: 'day' })],
    ['series day, 30 days', (f) => store.series({ ...f, ...lastDays(30), interval: 'day' })],
    ['series hour, 7 days', (f) => store.series({ ...f, ...lastDays(7), interval: 'hour' })],
    ['sentiment share', (f) => store.sentimentShare(f)],
    ['share series week', (f) => store.shareSeries({ ...f, interval: 'week' })],
    ['by source', (f) => store.breakdown('source', f, 10)],
    ['by platform', (f) => store.breakdown('platform', f, 10)],
    ['by language', (f) => store.breakdown('lang', f, 10)],
    ['by sentiment, 30 days', (f) => store.breakdown('sentiment', { ...f, ...lastDays(30) }, 10)],
    ['top terms', (f) => store.topTerms(f, 20)],
    ['top terms, 30 days', (f) => store.topTerms({ ...f, ...lastDays(30) }, 20)],
    ['by province', (f) => store.breakdown('province', f, 10)],
    ['by sector', (f) => store.breakdown('sector', f, 10)],
    ['one province: share', (f) => store.sentimentShare({ ...f, places: ['79'] })],
    ['places figures', (f) => places.figuresBy('province', f, 10)],
    ['places figures, 30 days', (f) => places.figuresBy('province', { ...f, ...lastDays(30) }, 10)],
    ['sector figures', (f) => places.figuresBy('sector', f, 10)],
    ['story figures', (f) => places.storyFigures(f)],
    ['story figures, 30 days', (f) => places.storyFigures({ ...f, ...lastDays(30) })],
    ['top stories, 30 days', (f) => places.listStories({ ...f, ...lastDays(30) }, 10)],
  ];
}

/** The last `days` local days (Asia/Ho_Chi_Minh, UTC+7) of the data. */
function lastDays(days: number): { from: string; to: string } {
  const end = END_MS - 7 * HOUR_MS;
  return {
    from: new Date(end - days * 24 * HOUR_MS).toISOString(),
    to: new Date(end).toISOString(),
  };
}

/** Times every figure over the topic holding half the mentions and the one holding 1 %. */
export async function timeFigures(
  store: ListeningStore,
  rounds: number,
  withServerCpu: boolean,
  topicIds: Map<number, number> = new Map([
    [1, 1],
    [2, 2],
  ]),
): Promise<Map<string, FigureTime>> {
  const places = placeStoryStoreFor(store)!;
  const out = new Map<string, FigureTime>();
  for (const [topic, topicId] of [
    ['50 %', topicIds.get(1)!],
    ['1 %', topicIds.get(2)!],
  ] as const) {
    for (const [name, call] of calls(store, places)) {
      const warm = performance.now();
      const failed = await call({ topicId }).then(
        () => false,
        () => true,
      ); // warm: plans and pages
      const warmMs = performance.now() - warm;
      if (failed) {
        // Over the statement timeout: no rounds.
        out.set(`${topic}: ${name}`, { p50: warmMs, p95: warmMs, cpu: 0, serverCpu: null });
        continue;
      }
      // A figure far over the target is timed on fewer rounds (its p95 is then its maximum).
      const slow = warmMs > 2_000;
      const times: number[] = [];
      const cpu0 = process.cpuUsage();
      const server0 = withServerCpu ? serverCpuMs() : null;
      for (let r = 0; r < (slow ? 1 : rounds); r++) {
        const started = performance.now();
        await call({ topicId });
        times.push(performance.now() - started);
      }
      const cpu = process.cpuUsage(cpu0);
      const server1 = withServerCpu ? serverCpuMs() : null;
      times.sort((a, b) => a - b);
      out.set(`${topic}: ${name}`, {
        p50: times[Math.floor(times.length * 0.5)]!,
        p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!,
        cpu: (cpu.user + cpu.system) / 1000 / times.length,
        serverCpu: server0 !== null && server1 !== null ? (server1 - server0) / times.length : null,
      });
    }
  }
  return out;
}

// --- SQLite on the same rows -----------------------------------------------------------------

/** Copies `limit` of the seeded mentions (and their tags) into a SQLite store. */
async function copyToSqlite(
  pool: pg.Pool,
  path: string,
  limit: number,
): Promise<{ copied: number; topicIds: Map<number, number> }> {
  const { openSqliteStore } = await import('../src/store/sqlite/sqlite-store.js');
  const { copyPostgresRowsToSqlite } = await import('./server-mode-figures-sqlite.js');
  const store = openSqliteStore(path);
  try {
    return await copyPostgresRowsToSqlite(pool, store, limit);
  } finally {
    await store.close();
  }
}

// --- run -------------------------------------------------------------------------------------

export async function figuresRun(options: {
  databaseUrl: string;
  mentions: number;
  rounds: number;
  schema?: string;
  sqliteMentions: number;
}): Promise<void> {
  const admin = new pg.Client({ connectionString: options.databaseUrl });
  await admin.connect();
  const schema = options.schema ?? `nghe_fig_${Date.now().toString(36)}`;
  const { rows } = await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  const seeded = rows.length > 0;
  if (!seeded) await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(options.databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const store = await openPostgresStore(url.toString());
  // Figures far over the target are cut off: a figure that times out is printed as ≥ 120 s.
  const timed = new URL(url);
  timed.searchParams.set('options', `-c search_path=${schema} -c statement_timeout=120000`);
  const figureStore = await openPostgresStore(timed.toString());
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'nghe-fig-'));
  await findPostmaster(pool);
  try {
    let size = options.mentions;
    if (seeded) {
      const { rows: n } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM mentions');
      size = Number(n[0]!.n);
      log(`PostgreSQL: schema ${schema} already seeded with ${size} mentions`);
    } else {
      log(`PostgreSQL: seeding ${size} mentions into schema ${schema}`);
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      const server0 = serverCpuMs();
      await seedPostgres(pool, size);
      const cpu = process.cpuUsage(cpu0);
      const server1 = serverCpuMs();
      log(
        `  seeded in ${((performance.now() - started) / 1000).toFixed(0)} s wall, server CPU ${server0 !== null && server1 !== null ? ((server1 - server0) / 1000).toFixed(0) : '?'} s, bench CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s, load ${loadavg()[0]!.toFixed(1)}`,
      );
    }
    const onPg = await timeFigures(figureStore, options.rounds, true);
    let onSqlite: Map<string, FigureTime> | null = null;
    let sqliteSize = 0;
    if (options.sqliteMentions > 0) {
      const started = performance.now();
      const copy = await copyToSqlite(
        pool,
        join(dir, 'nghe.sqlite'),
        Math.min(size, options.sqliteMentions),
      );
      sqliteSize = copy.copied;
      log(
        `SQLite: ${sqliteSize} of the same mentions copied in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
      const { openSqliteStore } = await import('../src/store/sqlite/sqlite-store.js');
      const sqliteStore = openSqliteStore(join(dir, 'nghe.sqlite'));
      try {
        onSqlite = await timeFigures(sqliteStore, options.rounds, false, copy.topicIds);
      } finally {
        await sqliteStore.close();
      }
    }
    log(
      `figures: p50 / p95 wall ms over ${options.rounds} rounds (target p95 < 100 ms), CPU ms per call (bench + server); load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const sqliteHead = onSqlite ? `SQLite ${sqliteSize}` : '';
    log(
      `  ${'figure (topic share)'.padEnd(34)} ${`PostgreSQL ${size}`.padStart(28)} ${sqliteHead.padStart(24)}`,
    );
    for (const [name, p] of onPg) {
      const s = onSqlite?.get(name);
      const over = p.p95 >= 100 ? ' !' : '  ';
      log(
        `  ${name.padEnd(34)} ${`${p.p50.toFixed(1)} / ${p.p95.toFixed(1)} (${(p.cpu + (p.serverCpu ?? 0)).toFixed(0)} cpu)`.padStart(28)}${over}${s ? `${`${s.p50.toFixed(1)} / ${s.p95.toFixed(1)} (${s.cpu.toFixed(0)} cpu)`.padStart(24)}` : ''}`,
      );
    }
  } finally {
    await pool.end();
    await store.close();
    await figureStore.close();
    rmSync(dir, { recursive: true, force: true });
    if (!options.schema) {
      const c = new pg.Client({ connectionString: options.databaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      mentions: { type: 'string', default: '10000000' },
      rounds: { type: 'string', default: '20' },
      schema: { type: 'string' },
      'sqlite-mentions': { type: 'string', default: '50000' },
      'database-url': { type: 'string' },
    },
  });
  const databaseUrl = values['database-url'] ?? process.env.NGHE_TEST_DATABASE_URL ?? '';
  if (!databaseUrl) {
    console.error(
      'server-mode-figures: give --database-url postgres://… or NGHE_TEST_DATABASE_URL',
    );
    process.exit(2);
  }
  await figuresRun({
    databaseUrl,
    mentions: Number(values.mentions),
    rounds: Number(values.rounds),
    schema: values.schema,
    sqliteMentions: Number(values['sqlite-mentions']),
  });
}
