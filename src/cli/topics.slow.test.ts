// End to end through the real command line: topics, stats and tokens on a real SQLite file.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../package-root.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';

const root = packageRoot();
const cliEntry = join(root, 'src/cli/main.ts');

function nghe(args: string[], dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args], {
    cwd: root,
    env: { ...process.env, NGHE_DATA_DIR: dataDir },
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('nghe topics, stats and tokens', () => {
  let dataDir: string;
  const databasePath = () => join(dataDir, 'nghe.sqlite');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nghe-topics-cli-'));
    const store = openSqliteStore(databasePath());
    const { source } = await store.addSource({ kind: 'feed', url: 'https://news.example/rss' });
    const now = Date.now();
    await store.saveMentions(
      source.id,
      Array.from({ length: 30 }, (_, i) =>
        mentionInput({
          text: i % 3 === 0 ? 'Đường Thủ Đức ngập sau mưa' : 'Giá vàng hôm nay',
          publishedAt: new Date(now - i * 3_600_000).toISOString(),
          analysis: {
            lang: 'vi',
            sentiment: i % 2 === 0 ? 'negative' : 'neutral',
            sentimentConfidence: 1,
            keywords: i % 3 === 0 ? ['ngập', 'thủ đức'] : ['vàng'],
          },
        }),
      ),
    );
    await store.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a malformed query with its position and exit code 2', async () => {
    const run = await nghe(['topics', 'add', '--name', 'x', '--query', 'ngập AND ('], dataDir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/position 10/);
    expect(run.stderr).toContain('ngập AND (\n');
    expect(run.stderr).toMatch(/^ {12}\^/m);
  });

  it('adds a topic, back-fills it and reports its figures, audited', async () => {
    const add = await nghe(['topics', 'add', '--name', 'Ngập', '--query', 'ngập'], dataDir);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/added topic #1 Ngập/);
    expect(add.stdout).toMatch(/back-fill: 30\/30 mentions \(100%\), 10 matched: done/);

    const stats = await nghe(['stats', 'ngập', '--json'], dataDir);
    expect(stats.code, stats.stderr).toBe(0);
    const figures = JSON.parse(stats.stdout);
    expect(figures.volume).toBe(10);
    expect(figures.sentiment.classifiedCounts).toEqual({ positive: 0, neutral: 5, negative: 5 });
    expect(figures.topTerms).toEqual([
      { term: 'ngập', count: 10 },
      { term: 'thủ đức', count: 10 },
    ]);
    expect(figures.topSources).toEqual([
      { key: '1', label: 'https://news.example/rss', count: 10 },
    ]);
    expect(figures.daily.reduce((sum: number, d: { count: number }) => sum + d.count, 0)).toBe(10);

    const store = openSqliteStore(databasePath());
    try {
      const audit = await store.listAudit();
      const statsRuns = audit.filter((entry) => entry.action === 'cli.stats');
      expect(statsRuns).toHaveLength(1);
      expect(statsRuns[0]).toMatchObject({
        actor: expect.stringMatching(/^cli:.+/),
        resultCount: 10,
      });
    } finally {
      await store.close();
    }
  });

  it('prints estimated shares with their intervals, or says there are too few posts', async () => {
    const few = await nghe(['stats', 'ngập'], dataDir);
    expect(few.code, few.stderr).toBe(0);
    expect(few.stdout).toContain(
      'sentiment: too few posts to estimate shares (10 with a sentiment)',
    );
    expect(few.stdout).toContain(
      'classified counts (predicted labels): 0 positive, 5 neutral, 5 negative',
    );
    const add = await nghe(
      ['topics', 'add', '--name', 'Tất cả', '--query', 'ngập OR vàng'],
      dataDir,
    );
    expect(add.code, add.stderr).toBe(0);
    const all = await nghe(['stats', 'Tất cả'], dataDir);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(
      /^sentiment: positive \d+ % \(\d+–\d+ %\), neutral \d+ % \(\d+–\d+ %\), negative \d+ % \(\d+–\d+ %\), net [-+]?\d\.\d\d/m,
    );
    expect(all.stdout).toContain(
      'estimated from 30 posts, as the mean of their class probabilities (pcc; no measured errors to correct); 90 % intervals; 30 analysed before class probabilities were kept count by their label',
    );
  });

  it('creates a token, printed last, and stores only its hash', async () => {
    const run = await nghe(['tokens', 'create', '--name', 'dashboard'], dataDir);
    expect(run.code, run.stderr).toBe(0);
    const token = run.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^nghe_[A-Za-z0-9_-]{43}$/);
    const store = openSqliteStore(databasePath());
    try {
      const hash = createHash('sha256').update(token).digest('hex');
      expect((await store.findApiTokenByHash(hash))?.name).toBe('dashboard');
      const row = store.db.prepare('SELECT token_hash FROM api_tokens').get() as {
        token_hash: string;
      };
      expect(row.token_hash).not.toContain(token);
    } finally {
      await store.close();
    }
  });
});
