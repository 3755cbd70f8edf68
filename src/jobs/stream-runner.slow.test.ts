// Restart safety of a live firehose source through the real command line: a loopback Jetstream
// publishes a few thousand posts over a real WebSocket as a live timeline and honours `cursor`
// (replay from that time, then live), `nghe collect` follows it and is killed with SIGKILL at
// random moments and started again, and at the end every post is stored exactly once.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { packageRoot } from '../package-root.js';
import { seededRandom } from '../seeded-random.js';

const root = packageRoot();
const cliEntry = join(root, 'src/cli/main.ts');
const POSTS = 4000;
// Slow enough that four restarts of the command line happen before the timeline ends.
const PER_SECOND = 100;
const BASE_US = Date.UTC(2026, 9, 6) * 1000;
const STEP_US = 4000;

function event(i: number): string {
  const did = `did:plc:restart${i % 50}`;
  return JSON.stringify({
    did,
    time_us: BASE_US + i * STEP_US,
    kind: 'commit',
    commit: {
      rev: `rev${i}`,
      operation: 'create',
      collection: 'app.bsky.feed.post',
      rkey: `post${String(i).padStart(6, '0')}`,
      cid: `bafyrei${i}`,
      record: {
        $type: 'app.bsky.feed.post',
        text: `Bài số ${i}: triều cường dâng cao ở Thủ Đức`,
        createdAt: new Date((BASE_US + i * STEP_US) / 1000).toISOString(),
        langs: ['vi'],
      },
    },
  });
}

/** A Jetstream whose timeline starts with the first subscriber and moves at PER_SECOND. */
function startJetstream() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  let startedAt: number | null = null;
  const cursors: (string | null)[] = [];
  const published = () =>
    startedAt === null
      ? 0
      : Math.min(POSTS, Math.floor(((Date.now() - startedAt) / 1000) * PER_SECOND));
  wss.on('connection', (socket, request) => {
    startedAt ??= Date.now();
    const cursor = new URL(request.url ?? '/', 'http://x').searchParams.get('cursor');
    cursors.push(cursor);
    // With a cursor: replay from that time; without: the live position.
    let next =
      cursor === null ? published() : Math.max(0, Math.ceil((Number(cursor) - BASE_US) / STEP_US));
    const timer = setInterval(() => {
      const until = published();
      while (next < until && socket.readyState === socket.OPEN) socket.send(event(next++));
    }, 20);
    socket.on('close', () => clearInterval(timer));
    socket.on('error', () => clearInterval(timer));
  });
  return {
    wss,
    cursors,
    published,
    origin: () => `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
  };
}

function startNghe(args: string[], dataDir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args], {
    cwd: root,
    env: { ...process.env, NGHE_DATA_DIR: dataDir, NGHE_ALLOW_PRIVATE_ADDRESSES: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function run(args: string[], dataDir: string): Promise<number | null> {
  const child = startNghe(args, dataDir);
  return new Promise((resolve) => child.on('close', resolve));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let jetstream: ReturnType<typeof startJetstream>;
beforeAll(async () => {
  jetstream = startJetstream();
  await new Promise((resolve) => jetstream.wss.once('listening', resolve));
});
afterAll(() => {
  jetstream.wss.close();
});

describe('a firehose source under SIGKILL', () => {
  it('stores every post exactly once across kills and restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nghe-jetstream-'));
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({ endpoints: { bluesky: { jetstreamUrl: jetstream.origin() } } }),
    );
    const added = await run(
      ['sources', 'add', 'https://jetstream2.us-east.bsky.network/subscribe?lang=vi'],
      dataDir,
    );
    expect(added).toBe(0);

    const random = seededRandom(20261006);
    const dbPath = join(dataDir, 'nghe.sqlite');
    const stored = () => {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        return (
          db.prepare("SELECT count(*) AS n FROM mentions WHERE platform = 'bluesky'").get() as {
            n: number;
          }
        ).n;
      } finally {
        db.close();
      }
    };
    let kills = 0;
    for (; kills < 4; kills++) {
      const connections = jetstream.cursors.length;
      const child = startNghe(['collect'], dataDir);
      // Killed while streaming: after it connected, at a random moment of its reading.
      while (jetstream.cursors.length === connections) await sleep(50);
      // A new firehose source starts at the live position; from its first stored batch on it
      // has a cursor, and every kill after that must lose nothing.
      if (kills === 0) while (stored() === 0) await sleep(50);
      await sleep(100 + random() * 1500);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('close', resolve));
    }
    expect(jetstream.published()).toBeLessThan(POSTS);

    const last = startNghe(['collect'], dataDir);
    // Generous: five starts of the command line on a busy two-core machine take a while.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && (jetstream.published() < POSTS || stored() < POSTS)) {
      await sleep(250);
    }
    await sleep(500);
    last.kill('SIGTERM');
    await new Promise((resolve) => last.once('close', resolve));

    const db = new Database(dbPath, { readonly: true });
    const ids = db
      .prepare("SELECT external_id AS id FROM mentions WHERE platform = 'bluesky'")
      .all() as { id: string }[];
    const cursor = (db.prepare('SELECT cursor FROM sources').get() as { cursor: string }).cursor;
    db.close();
    const expected = Array.from(
      { length: POSTS },
      (_, i) =>
        `at://did:plc:restart${i % 50}/app.bsky.feed.post/post${String(i).padStart(6, '0')}`,
    );
    expect(ids.length).toBe(POSTS);
    expect(new Set(ids.map((row) => row.id))).toEqual(new Set(expected));
    expect(cursor).toBe(String(BASE_US + (POSTS - 1) * STEP_US));
    // Every restart after the first resumed from a stored cursor rather than the live position.
    expect(jetstream.cursors.length).toBeGreaterThanOrEqual(kills + 1);
    expect(jetstream.cursors.slice(1).every((c) => c !== null)).toBe(true);
  }, 300_000);
});
