// The command line agrees with the API and the dashboard: days inclusive in Asia/Ho_Chi_Minh,
// the same query language refusals, one topic per name.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../package-root.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';

const root = packageRoot();
const entry = join(root, 'src/cli/main.ts');
let dataDir: string;

function nghe(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      { cwd: root, env: { ...process.env, NGHE_DATA_DIR: dataDir } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'nghe-cli-agree-'));
  const store = openSqliteStore(join(dataDir, 'nghe.sqlite'));
  const { source } = await store.addSource({ kind: 'feed', url: 'https://news.example/rss' });
  // Evening of 30 November in Hanoi (still the 30th there), and just after its midnight.
  const times = [
    '2026-11-30T20:00:00+07:00',
    '2026-11-30T23:30:00+07:00',
    '2026-12-01T00:30:00+07:00',
  ];
  await store.saveMentions(
    source.id,
    times.map((publishedAt, i) =>
      mentionInput({
        canonicalUrl: `https://news.example/${i}`,
        externalId: `m${i}`,
        text: `Thành phố ngập sau mưa, bài ${i}`,
        publishedAt: new Date(publishedAt).toISOString(),
      }),
    ),
  );
  await store.close();
}, 30_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the command line agrees with the API', () => {
  it('keeps one topic per name, case and accents aside', async () => {
    const added = await nghe(['topics', 'add', '--name', 'Ngập', '--query', 'ngập']);
    expect(added.code, added.stderr).toBe(0);
    const again = await nghe(['topics', 'add', '--name', 'NGAP', '--query', 'lụt']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('a topic named "Ngập" already exists (#1)');
  }, 60_000);

  it('counts --until as a whole day in Asia/Ho_Chi_Minh, or in --tz', async () => {
    const hanoi = await nghe([
      'stats',
      '1',
      '--since',
      '2026-11-30',
      '--until',
      '2026-11-30',
      '--json',
    ]);
    expect(hanoi.code, hanoi.stderr).toBe(0);
    const figures = JSON.parse(hanoi.stdout);
    expect(figures.volume).toBe(2);
    expect(figures.to).toBe('2026-11-30T17:00:00.000Z');
    const utc = await nghe(['stats', '1', '--until', '2026-11-30', '--tz', 'UTC', '--json']);
    expect(JSON.parse(utc.stdout).volume).toBe(3);
    const bad = await nghe(['stats', '1', '--tz', 'Mars/Olympus']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--tz: not an IANA time zone');
  }, 60_000);

  it('refuses an unclosed phrase in search as the API does', async () => {
    const run = await nghe(['search', '"thanh pho']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/position 10/);
    const fine = await nghe(['search', 'thanh pho']);
    expect(fine.code, fine.stderr).toBe(0);
  }, 60_000);
});
