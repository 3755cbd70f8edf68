import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('nghe --version', () => {
  it('prints the version of package.json and exits 0', async () => {
    const expected = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).version as string;
    for (const flag of ['--version', '-V']) {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', entry, flag], {
        cwd: root,
      });
      expect(stdout.trim()).toBe(expected);
    }
  });
});
