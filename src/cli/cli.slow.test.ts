// End to end through the real command line: a loopback "news site" serves feeds, the CLI adds,
// collects and searches them in a real SQLite file, and a collector killed mid-run loses nothing
// and stores nothing twice.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../package-root.js';

const root = packageRoot();
const cliEntry = join(root, 'src/cli/main.ts');

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function nghe(
  args: string[],
  dataDir: string,
  extraEnv: Record<string, string> = {},
): Promise<RunResult> {
  const child = startNghe(args, dataDir, extraEnv);
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function startNghe(
  args: string[],
  dataDir: string,
  extraEnv: Record<string, string> = {},
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args], {
    cwd: root,
    env: { ...process.env, NGHE_DATA_DIR: dataDir, NGHE_ALLOW_PRIVATE_ADDRESSES: '1', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const ITEMS_PER_FEED = 30;
const FEEDS = 40;

/** Item k of feed f; feeds overlap (item k of feed f is also in feed f+1), like outlets' sections. */
function itemXml(origin: string, k: number): string {
  const day = String(1 + (k % 28)).padStart(2, '0');
  return `<item><title>Ngập nặng ở thành phố Thủ Đức, bài ${k}</title>
<link>${origin}/bai-viet/${k}.html?utm_source=rss&amp;utm_medium=feed</link>
<guid isPermaLink="false">bai-${k}</guid>
<pubDate>${['Mon', 'Tue'][k % 2]}, ${day} Nov 2026 08:${String(k % 60).padStart(2, '0')}:00 +0700</pubDate>
<description><![CDATA[<p>Triều cường làm đường Võ Văn Ngân ngập sâu, bài số ${k}.</p>]]></description></item>`;
}

function feedXml(origin: string, f: number): string {
  const items: string[] = [];
  for (let i = 0; i < ITEMS_PER_FEED; i++)
    items.push(itemXml(origin, f * (ITEMS_PER_FEED / 2) + i));
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo thử ${f}</title>
<link>${origin}/</link><description>Thử nghiệm</description>${items.join('\n')}</channel></rss>`;
}

const uniqueItems = () => {
  const ids = new Set<number>();
  for (let f = 0; f < FEEDS; f++)
    for (let i = 0; i < ITEMS_PER_FEED; i++) ids.add(f * (ITEMS_PER_FEED / 2) + i);
  return ids.size;
};

describe('nghe command line, end to end', () => {
  let server: Server;
  let origin = '';
  let slowMs = 0;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      requests++;
      const match = /^\/feed\/(\d+)\.rss$/.exec(req.url ?? '');
      if (req.url === '/robots.txt') {
        res.writeHead(404).end();
        return;
      }
      if (!match) {
        res
          .writeHead(404, { 'content-type': 'text/html' })
          .end('<html><body>not here</body></html>');
        return;
      }
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        res.end(feedXml(origin, Number(match[1])));
      }, slowMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A data directory whose config lets the loopback outlet be fetched without pauses. */
  function dataDirWithFastPacing(prefix: string): string {
    const dataDir = mkdtempSync(join(tmpdir(), prefix));
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({ collectConcurrency: 4, perHostConcurrency: 4, perHostMinIntervalMs: 0 }),
    );
    return dataDir;
  }

  it('adds a source, collects it once and finds it without diacritics', async () => {
    const dataDir = dataDirWithFastPacing('nghe-e2e-');
    const added = await nghe(['sources', 'add', `${origin}/feed/0.rss`], dataDir);
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/added: #1 feed/);

    const collected = await nghe(['collect', '--once'], dataDir);
    expect(collected.code).toBe(0);
    expect(collected.stderr).toMatch(/30 new mention/);

    const found = await nghe(['search', 'thanh pho thu duc', '--json'], dataDir);
    expect(found.code).toBe(0);
    const result = JSON.parse(found.stdout) as { hits: { title: string; url: string }[] };
    expect(result.hits).toHaveLength(20);
    expect(result.hits[0]?.title).toMatch(/thành phố Thủ Đức/);
    // Tracking parameters are gone from stored URLs.
    expect(result.hits.every((h) => !h.url.includes('utm_'))).toBe(true);

    const exact = await nghe(['search', 'duong', '--exact', '--json'], dataDir);
    expect(JSON.parse(exact.stdout).hits).toHaveLength(0);
    const folded = await nghe(['search', 'duong', '--json'], dataDir);
    expect(JSON.parse(folded.stdout).hits.length).toBeGreaterThan(0);

    const listed = await nghe(['sources', 'list'], dataDir);
    expect(listed.stdout).toMatch(/#1\tfeed\tok\t.*30 items \(30 new\)/);

    const again = await nghe(['collect', '--once', '--all'], dataDir);
    expect(again.stderr).toMatch(/0 new mention/);
  });

  it('reports a clear error for a source that is not a feed, and keeps going', async () => {
    const dataDir = dataDirWithFastPacing('nghe-e2e-');
    await nghe(['sources', 'add', `${origin}/not-a-feed.html`], dataDir);
    await nghe(['sources', 'add', `${origin}/feed/1.rss`], dataDir);
    const collected = await nghe(['collect', '--once'], dataDir);
    expect(collected.code).toBe(0);
    expect(collected.stderr).toMatch(/FAIL #1 .*404/);
    expect(collected.stderr).toMatch(/1 ok, 1 failed/);
    const listed = await nghe(['sources', 'list'], dataDir);
    expect(listed.stdout).toMatch(/#1\tfeed\tFAILING x1: .*404/);
  });

  it('refuses private addresses unless allowed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nghe-e2e-'));
    await nghe(['sources', 'add', `${origin}/feed/0.rss`], dataDir);
    const collected = await nghe(['collect', '--once'], dataDir, {
      NGHE_ALLOW_PRIVATE_ADDRESSES: '0',
    });
    expect(collected.stderr).toMatch(/FAIL #1 .*(private|loopback|blocked|refus)/i);
  });

  it('imports a CSV list and survives being killed mid-run without losing or doubling anything', async () => {
    const dataDir = dataDirWithFastPacing('nghe-restart-');
    const csv = [
      'url,title',
      ...Array.from({ length: FEEDS }, (_, f) => `${origin}/feed/${f}.rss,Feed ${f}`),
    ].join('\n');
    writeFileSync(join(dataDir, 'sources.csv'), csv);
    const imported = await nghe(['sources', 'import', join(dataDir, 'sources.csv')], dataDir);
    expect(imported.stdout).toMatch(/imported 40 new source/);

    slowMs = 150;
    requests = 0;
    const first = startNghe(['collect', '--once'], dataDir);
    // Kill hard once some but not all feeds have been served.
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (requests >= 12) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    first.kill('SIGKILL');
    await new Promise((resolve) => first.on('close', resolve));
    slowMs = 0;

    const second = await nghe(['collect', '--once'], dataDir);
    expect(second.code).toBe(0);
    const third = await nghe(['collect', '--once', '--all'], dataDir);
    expect(third.stderr).toMatch(/40 ok, 0 failed; 1200 items seen, 0 new mention/);

    const { openSqliteStore } = await import('../store/sqlite/sqlite-store.js');
    const store = openSqliteStore(join(dataDir, 'nghe.sqlite'));
    try {
      expect(await store.countMentions()).toBe(uniqueItems());
      // Every feed links to its items, including items first stored through another feed.
      const page = await store.search({ query: 'bai 20', limit: 1000 });
      const hit = page.hits.find((h) => h.mention.canonicalUrl?.endsWith('/bai-viet/20.html'));
      expect(hit?.mention.sourceIds.sort((a, b) => a - b)).toEqual([1, 2]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
