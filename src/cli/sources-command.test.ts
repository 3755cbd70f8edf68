import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('./main.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'nghe-sources-add-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function nghe(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const { NGHE_ALLOW_PRIVATE_ADDRESSES: _drop, ...base } = process.env;
    execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      { cwd: root, env: { ...base, NGHE_DATA_DIR: dataDir, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('nghe sources add', () => {
  it('refuses a private address when it is added, naming the setting that allows it', async () => {
    const refused = await nghe(['sources', 'add', 'http://127.0.0.1:9/feed.xml']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('127.0.0.1 is a private, loopback or link-local address');
    expect(refused.stderr).toContain('NGHE_ALLOW_PRIVATE_ADDRESSES=1');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    const listed = await nghe(['sources', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([]);

    const allowed = await nghe(['sources', 'add', 'http://127.0.0.1:9/feed.xml'], {
      NGHE_ALLOW_PRIVATE_ADDRESSES: '1',
    });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('added: #1 feed');
  }, 60_000);
});
