import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../package-root.js';

const run = promisify(execFile);

describe('scripts/seed-demo.ts', () => {
  it('prints its usage for --help and exits 0', async () => {
    const root = packageRoot();
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/seed-demo.ts'), '--help'],
      { cwd: root },
    );
    expect(stdout).toMatch(/^usage: npx tsx scripts\/seed-demo\.ts --db PATH/);
    for (const option of ['--mentions', '--days', '--token', '--city-topic']) {
      expect(stdout).toContain(option);
    }
  });
});
