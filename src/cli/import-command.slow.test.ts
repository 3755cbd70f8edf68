// End to end through the real command line and a real SQLite data directory: every import
// format is stored and searchable, `nghe social parse … | nghe import -` works, a stopped import
// goes on where it stopped, and no person's name or handle is anywhere in the data directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_BATCH } from '../jobs/import-file.js';
import { packageRoot } from '../package-root.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { foldDiacritics } from '../text/fold.js';

const root = packageRoot();
const cliEntry = join(root, 'src/cli/main.ts');
const fixtures = join(root, 'src/connectors/import/fixtures');

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function nghe(args: string[], dataDir: string, stdin?: string): Promise<RunResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args], {
    cwd: root,
    env: { ...process.env, NGHE_DATA_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(stdin ?? '');
  return new Promise((resolve) => {
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

/** Every byte the data directory holds (database, its WAL, checkpoints), as text. */
function dataDirText(dataDir: string): string {
  const parts: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else parts.push(readFileSync(path).toString('utf8'));
    }
  };
  walk(dataDir);
  return parts.join('\n');
}

function expectNotStored(stored: string, names: string[]) {
  const folded = foldDiacritics(stored).toLowerCase();
  for (const name of names) {
    expect(stored, name).not.toContain(name);
    expect(folded, name).not.toContain(foldDiacritics(name).toLowerCase());
  }
}

const MAP =
  'externalId=Post ID,publishedAt=Date,text=Message,authorKind=Kind,authorName=Author,authorId=Author ID,likes=Reactions,url=Link';

/** Persons named in the import fixtures (their README lists which rows they are in). */
const PERSONS = [
  'Ngô Minh Châu',
  'chau.ngo.saigon',
  'Đỗ Hải Yến',
  'yen_do_hanoi',
  'Võ Thanh Tùng',
  'Bùi Khánh Linh',
  'linh.bui.sg',
  'lamthuy.hcm',
  'Lâm Thu Thủy',
  'quangdinh_dn',
  'kieuanh.vn',
  'Trương Mỹ Lan Anh',
  'Mạc Đăng Khoa',
  'thaovy.hn',
  'Thảo Vy Hà Nội',
  'ducanh.foodie',
  'ducanh_sg',
  'Lương Đức Anh',
  'hien_tran_vn',
  'Trần Thu Hiền',
  'tuan.le.hue',
  'Lê Minh Tuấn',
  'Hà Gia Bảo',
  'Phan Thị Ngọc',
];

describe('nghe import', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nghe-import-e2e-'));
  const errorsFile = join(dataDir, '..', `${dataDir.split('/').pop()}-errors.jsonl`);
  const runs: Record<string, RunResult> = {};

  beforeAll(async () => {
    const imports: [string, string[]][] = [
      ['crowdtangle-facebook.csv', []],
      ['crowdtangle-instagram.csv', []],
      ['meta-content-library.csv', []],
      ['4cat.csv', ['--platform', 'tiktok']],
      ['zeeschuimer.ndjson', []],
      ['youtube-data-tools-comments.tab', []],
      ['youtube-data-tools-videos.csv', []],
      ['mapped.csv', ['--map', MAP, '--errors', errorsFile]],
    ];
    for (const [name, args] of imports) {
      runs[name] = await nghe(['import', join(fixtures, name), ...args], dataDir);
    }
    runs['social-records.jsonl'] = await nghe(
      ['import', '-'],
      dataDir,
      readFileSync(join(fixtures, 'social-records.jsonl'), 'utf8'),
    );
  }, 300_000); // nine command runs, each loading the analysis models

  it('imports each format, reporting bad rows with their line and keeping the good ones', () => {
    for (const [name, run] of Object.entries(runs)) {
      expect(run.code, `${name}: ${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/^imported /);
    }
    expect(runs['crowdtangle-facebook.csv']!.stdout).toContain(
      '(crowdtangle-facebook): 3 row(s), 3 new mention(s)',
    );
    expect(runs['zeeschuimer.ndjson']!.stdout).toMatch(
      /5 row\(s\), 4 new mention\(s\).*1 row error/,
    );
    expect(runs['zeeschuimer.ndjson']!.stdout).toContain(
      'line 5: unsupported platform "linkedin.com"',
    );
    expect(runs['mapped.csv']!.stdout).toContain(
      '3 new mention(s), 0 already stored, 5 row error(s)',
    );
    const reported = readFileSync(errorsFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { line: number; reason: string; raw: string });
    expect(reported.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
    expect(reported[1]).toMatchObject({ reason: 'expected 8 cells, found 3' });
  });

  it('makes imported text searchable', async () => {
    const canal = await nghe(['search', 'kenh nhieu loc'], dataDir);
    expect(canal.stdout).toContain('Kênh Nhiêu Lộc sau cải tạo');
    const tweet = await nghe(['search', 'Võ Văn Ngân', '--json'], dataDir);
    expect(tweet.stdout).toContain('lại ngập sau cơn mưa chiều nay');
    const spreadsheet = await nghe(['search', 'Hàng Xanh'], dataDir);
    expect(spreadsheet.stdout).toContain('Sở Giao thông phản hồi');
  });

  it('says a finished file is finished instead of analysing it again', async () => {
    const again = await nghe(['import', join(fixtures, 'crowdtangle-facebook.csv')], dataDir);
    expect(again.stdout).toContain('was imported completely');
    const restarted = await nghe(
      ['import', join(fixtures, 'crowdtangle-facebook.csv'), '--restart'],
      dataDir,
    );
    expect(restarted.stdout, restarted.stderr).toContain('0 new mention(s), 3 already stored');
  });

  it('refuses input it cannot read with one line and exit code 2', async () => {
    const wrong = await nghe(
      ['import', join(fixtures, 'mapped.csv'), '--format', 'youtube-data-tools'],
      dataDir,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toContain('not a youtube-data-tools export');
    const empty = await nghe(['import', '-'], dataDir, '');
    expect(empty.code).toBe(2);
  });

  it('pipes `nghe social parse` into `nghe import -`', async () => {
    const body = join(root, 'src/connectors/youtube/fixtures/comment-threads.json');
    const parsed = await nghe(['social', 'parse', body, '--platform', 'youtube'], dataDir);
    expect(parsed.code, parsed.stderr).toBe(0);
    const records = parsed.stdout.trim().split('\n');
    const imported = await nghe(['import', '-'], dataDir, parsed.stdout);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`${records.length} row(s), ${records.length} new mention(s)`);
    const first = JSON.parse(records[0]!) as { text: string };
    const found = await nghe(['search', first.text.split(' ').slice(0, 4).join(' ')], dataDir);
    expect(found.stdout).toContain(first.text.slice(0, 30));

    // Persons named in the body (not the channel, which the normaliser names) are not stored.
    const named = new Set(
      records.map((r) => (JSON.parse(r) as { author: { name: string | null } }).author.name),
    );
    const names = [...readFileSync(body, 'utf8').matchAll(/"authorDisplayName":\s*"([^"]+)"/g)]
      .map((m) => m[1]!)
      .filter((n) => !named.has(n));
    expect(names.length).toBeGreaterThan(0);
    expectNotStored(
      dataDirText(dataDir),
      names.map((n) => n.replace(/^@/, '')),
    );
  });

  it('stores no person’s name or handle from any format, in the database or beside it', () => {
    const stored = dataDirText(dataDir);
    expect(stored).toContain('Báo Tuổi Trẻ'); // pages and channels keep their names
    expect(stored).toContain('VTV24');
    expectNotStored(stored, PERSONS);
  });
});

describe('nghe import after a stop', () => {
  it('goes on where a killed import stopped and stores every row once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nghe-import-resume-'));
    const file = join(dataDir, 'rows.csv');
    // More than one batch, so that one is stored before the kill and another after it. Rows
    // of under six words: longer ones, equal but for their number, would each be compared
    // with all the others as candidate near-duplicates.
    const rows = DEFAULT_IMPORT_BATCH + 1000;
    const lines = ['externalId,text,publishedAt'];
    for (let i = 0; i < rows; i++) {
      lines.push(`row-${i},"Dòng ${i}: giá điện tăng",2024-01-01 00:00:00`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);

    const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, 'import', file], {
      cwd: root,
      env: { ...process.env, NGHE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const checkpoints = join(dataDir, 'imports');
    // Killed without warning once at least one batch is stored.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        try {
          const [name] = readdirSync(checkpoints).filter((n) => n.endsWith('.json'));
          if (name && JSON.parse(readFileSync(join(checkpoints, name), 'utf8')).rows > 0) {
            clearInterval(timer);
            child.kill('SIGKILL');
            resolve();
          }
        } catch {
          // no checkpoint yet
        }
      }, 20);
      child.on('exit', () => {
        clearInterval(timer);
        reject(new Error('the import finished before it could be killed'));
      });
    });
    await new Promise((resolve) => child.on('close', resolve));

    const resumed = await nghe(['import', file], dataDir);
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = /continuing after row (\d+)/.exec(resumed.stdout);
    expect(after, resumed.stdout).not.toBeNull();
    expect(Number(after![1])).toBeGreaterThan(0);
    expect(resumed.stdout).toContain(`${rows} row(s)`);
    // The batch stored just before the kill may count as "already stored", never twice.
    const totals = /(\d+) new mention\(s\), (\d+) already stored/.exec(resumed.stdout)!;
    expect(Number(totals[1]) + Number(totals[2])).toBe(rows);
    expect(Number(totals[2])).toBeLessThanOrEqual(DEFAULT_IMPORT_BATCH);
    const store = openSqliteStore(join(dataDir, 'nghe.sqlite'));
    try {
      expect(await store.countMentions()).toBe(rows);
    } finally {
      await store.close();
    }
  });
});
