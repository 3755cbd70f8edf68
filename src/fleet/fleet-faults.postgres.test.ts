// Fault test of the worker fleet: three `nghe worker` processes collect 200 loopback feeds
// (neighbouring feeds share half their items) and analyse what they stored as separate jobs,
// while five of them are killed with SIGKILL at random moments and PostgreSQL is restarted
// once. At the end every unique item is stored exactly once, analysed, with its places,
// sectors and story once, tagged with the standing topic, and the roll-ups equal a recount of
// the stored mentions.
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pgDriver from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadOrCreateSecret } from '../jobs/pseudonymise.js';
import type { Mention } from '../model.js';
import { createLogger } from '../ops/logger.js';
import { packageRoot } from '../package-root.js';
import { seededRandom } from '../seeded-random.js';
import { connectPostgresStore } from '../store/postgres/postgres-store.js';
import { describePostgres } from '../store/postgres/test-database.js';
import { survivePoolErrors } from './database-faults.js';
import {
  canRunPostgres,
  type RestartablePostgres,
  startRestartablePostgres,
} from './test-support/restartable-postgres.js';

const FEEDS = 200;
const ITEMS_PER_FEED = 10;
const WORKERS = 3;
const KILLS = 5;

function feedXml(origin: string, f: number): string {
  const items: string[] = [];
  for (let i = 0; i < ITEMS_PER_FEED; i++) {
    const k = f * (ITEMS_PER_FEED / 2) + i;
    items.push(`<item><title>Ngập ở phường ${k}</title><link>${origin}/bai/${k}.html</link>
<guid isPermaLink="false">bai-${k}</guid><pubDate>Mon, ${String(1 + (k % 28)).padStart(2, '0')} Sep 2026 08:00:00 +0700</pubDate>
<description>Triều cường làm đường ${k} ngập sâu, người dân than phiền về thoát nước.</description></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo ${f}</title>
<link>${origin}/</link><description>thử</description>${items.join('\n')}</channel></rss>`;
}

function uniqueGuids(feeds: number): Set<string> {
  const ids = new Set<string>();
  for (let f = 0; f < feeds; f++)
    for (let i = 0; i < ITEMS_PER_FEED; i++) ids.add(`bai-${f * (ITEMS_PER_FEED / 2) + i}`);
  return ids;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describePostgres('worker fleet under faults', () => {
  let server: Server;
  let origin = '';
  let pg: RestartablePostgres | null = null;
  const dirs: string[] = [];

  beforeAll(async () => {
    const random = seededRandom(7);
    server = createServer((req, res) => {
      const feed = /^\/feed\/(\d+)\.rss$/.exec(req.url ?? '');
      // Slow enough that a kill lands in the middle of fetches and batches.
      setTimeout(
        () => {
          if (feed) {
            res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
            res.end(feedXml(origin, Number(feed[1])));
          } else {
            res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
          }
        },
        200 + Math.floor(random() * 500),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (canRunPostgres()) pg = startRestartablePostgres();
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    pg?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  let runs = 0;

  /** What a run does to its workers while they work: kills, restarts; `start(i)` starts one again. */
  type Faults = (fleet: {
    workers: Map<number, ChildProcess>;
    start: (i: number) => void;
    succeeded: () => Promise<number>;
    store: ReturnType<typeof connectPostgresStore>;
    pg: RestartablePostgres;
  }) => Promise<void>;

  /** `count` workers over `feeds` feeds through `faults`; then everything is checked exactly once. */
  async function runUnderFaults(
    pg: RestartablePostgres,
    feeds: number,
    count: number,
    faults: Faults,
  ): Promise<void> {
    // Each run in a database of its own on the shared cluster.
    const name = `fleet_${++runs}`;
    const admin = new pgDriver.Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = pg.url.replace(/\/postgres$/, `/${name}`);
    const store = connectPostgresStore(url);
    survivePoolErrors(store.pool, createLogger({ level: 'error' }));
    const workers = new Map<number, ChildProcess>();
    try {
      await store.ready;
      // Every item speaks of flooding: each mention must end up tagged, killed worker or not.
      const topic = await store.createTopic({ name: 'ngập', query: 'ngập' });
      for (let f = 0; f < feeds; f++)
        await store.addSource({ kind: 'feed', url: `${origin}/feed/${f}.rss` });

      // One installation key, copied into each worker's own data directory.
      const keyDir = mkdtempSync(join(tmpdir(), 'nghe-fleet-key-'));
      dirs.push(keyDir);
      loadOrCreateSecret(join(keyDir, 'installation.key'));
      const dataDirs = Array.from({ length: count }, (_, i) => {
        const dir = mkdtempSync(join(tmpdir(), `nghe-fleet-w${i}-`));
        dirs.push(dir);
        copyFileSync(join(keyDir, 'installation.key'), join(dir, 'installation.key'));
        writeFileSync(
          join(dir, 'config.json'),
          JSON.stringify({ collectConcurrency: 4, perHostConcurrency: 4, perHostMinIntervalMs: 0 }),
        );
        return dir;
      });
      const logs: string[] = [];
      const start = (i: number) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            join(packageRoot(), 'src/cli/main.ts'),
            'worker',
            '--lease-seconds',
            '6',
            '--maintenance-seconds',
            '1',
            '--schedule-every-ms',
            '500',
          ],
          {
            cwd: packageRoot(),
            env: {
              ...process.env,
              NGHE_DATA_DIR: dataDirs[i]!,
              NGHE_DATABASE_URL: url,
              NGHE_ALLOW_PRIVATE_ADDRESSES: '1',
              NGHE_LOG_LEVEL: 'warn',
            },
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        child.stderr?.on('data', (chunk) => logs.push(`[w${i}] ${chunk}`));
        workers.set(i, child);
      };
      for (let i = 0; i < count; i++) start(i);

      const succeeded = async () =>
        (await store.listSources()).filter((s) => s.health.lastSuccessAt !== null).length;
      await faults({ workers, start, succeeded, store, pg });
      // Analysis jobs left: waiting, retrying or leased (a dead worker's until its lease ends);
      // analysed mentions still waiting for the story assigner (a dead one's until its lease ends).
      const unanalysed = async () => {
        const { rows } = await store.pool.query<{
          jobs: number;
          mentions: number;
          stories: number;
        }>(
          `SELECT (SELECT count(*)::int FROM nghe_queue.job
                   WHERE name = 'analyse' AND state IN ('created', 'retry', 'active')) AS jobs,
                  (SELECT count(*)::int FROM mentions WHERE lang IS NULL) AS mentions,
                  (SELECT count(*)::int FROM story_waiting) AS stories`,
        );
        return rows[0]!;
      };
      const deadline = Date.now() + 150_000;
      let done = 0;
      let left = { jobs: -1, mentions: -1, stories: -1 };
      while (Date.now() < deadline) {
        done = await succeeded().catch(() => done);
        if (done === feeds) {
          left = await unanalysed().catch(() => left);
          if (left.jobs === 0 && left.mentions === 0 && left.stories === 0) break;
        }
        await sleep(1_000);
      }
      expect(done, logs.slice(-20).join('')).toBe(feeds);
      expect(left, logs.slice(-20).join('')).toEqual({ jobs: 0, mentions: 0, stories: 0 });

      const all: Mention[] = [];
      for (let after = 0; ; ) {
        const page = await store.scanMentions(after, 1_000);
        if (page.length === 0) break;
        all.push(...page);
        after = page[page.length - 1]!.id;
      }
      const expected = uniqueGuids(feeds);
      expect(all).toHaveLength(expected.size);
      // A feed item's external id is its canonical link: each unique item once.
      expect(new Set(all.map((m) => m.externalId))).toEqual(
        new Set([...expected].map((guid) => `${origin}/bai/${guid.slice(4)}.html`)),
      );

      // Roll-ups against a recount of what is stored.
      const share = await store.sentimentShare({});
      expect(share.total).toBe(all.length);
      for (const sentiment of ['positive', 'neutral', 'negative'] as const) {
        expect(share.classifiedCounts[sentiment]).toBe(
          all.filter((m) => m.analysis?.sentiment === sentiment).length,
        );
      }
      const bySource = await store.breakdown('source', {}, feeds);
      for (const row of bySource) {
        expect(row.count).toBe(
          all.filter((m) => String(Math.min(...m.sourceIds)) === row.key).length,
        );
      }
      expect(bySource.reduce((n, r) => n + r.count, 0)).toBe(all.length);
      expect((await store.sentimentShare({ topicId: topic.id })).total).toBe(all.length);
      for (const term of await store.topTerms({}, 10)) {
        expect(term.count).toBe(all.filter((m) => m.analysis?.keywords.includes(term.term)).length);
      }
      // Places, sectors and stories: once per mention, whichever run of its analysis committed.
      const { rows } = await store.pool.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM mention_places) AS places,
           (SELECT count(*)::int FROM (SELECT DISTINCT mention_id, level, code, ward
              FROM mention_places) AS p) AS distinct_places,
           (SELECT count(*)::int FROM mention_sectors) AS sectors,
           (SELECT count(*)::int FROM (SELECT DISTINCT mention_id, sector
              FROM mention_sectors) AS s) AS distinct_sectors,
           (SELECT count(*)::int FROM mention_stories) AS links,
           (SELECT coalesce(sum(size), 0)::int FROM stories) AS sized`,
      );
      const tags = rows[0]!;
      expect(tags.places).toBe(tags.distinct_places);
      expect(tags.sectors).toBe(tags.distinct_sectors);
      expect(all.every((m) => m.analysis !== null)).toBe(true);
      expect(tags.links).toBe(all.filter((m) => m.analysis?.places !== undefined).length);
      expect(tags.sized).toBe(tags.links);
    } finally {
      for (const child of workers.values()) child.kill('SIGTERM');
      await sleep(500);
      for (const child of workers.values()) if (child.exitCode === null) child.kill('SIGKILL');
      await store.close().catch(() => {});
    }
  }

  it('stores every unique item once through five SIGKILLs and a PostgreSQL restart', async (context) => {
    if (!pg) return context.skip('no PostgreSQL server binaries to run a restartable cluster');
    await runUnderFaults(pg, FEEDS, WORKERS, async ({ workers, start, succeeded, pg }) => {
      const random = seededRandom(15);
      const progress: number[] = [];
      // Faults while the feeds are collected: kills at random moments, the restart between.
      for (let k = 0; k < KILLS; k++) {
        await sleep(1_500 + Math.floor(random() * 2_500));
        progress.push(await succeeded().catch(() => -1));
        const victim = Math.floor(random() * WORKERS);
        workers.get(victim)?.kill('SIGKILL');
        await sleep(300);
        start(victim);
        if (k === 2) pg.restart();
      }
      // The faults landed while collection was under way, the restart included.
      expect(
        progress.slice(0, 4).every((n) => n < FEEDS),
        `progress at faults: ${progress}`,
      ).toBe(true);
    });
  }, 240_000);

  it('analyses, tags and places each item once when every worker is killed while analysis jobs run', async (context) => {
    if (!pg) return context.skip('no PostgreSQL server binaries to run a restartable cluster');
    await runUnderFaults(pg, 30, 2, async ({ workers, start, store }) => {
      // Twice: wait until some analysis job is leased, then SIGKILL both workers at once and
      // start two new ones; the dead workers' jobs are taken again when their leases end.
      for (let round = 0; round < 2; round++) {
        const until = Date.now() + 90_000;
        for (;;) {
          const { rows } = await store.pool
            .query<{ n: number }>(
              `SELECT count(*)::int AS n FROM nghe_queue.job
               WHERE name = 'analyse' AND state = 'active'`,
            )
            .catch(() => ({ rows: [{ n: 0 }] }));
          if (rows[0]!.n > 0) break;
          expect(Date.now(), 'no analysis job was leased').toBeLessThan(until);
          await sleep(100);
        }
        for (const child of workers.values()) child.kill('SIGKILL');
        await sleep(300);
        for (const i of workers.keys()) start(i);
      }
    });
  }, 240_000);
});
