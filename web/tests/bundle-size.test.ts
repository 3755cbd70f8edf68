// First load stays under 300 KB of gzipped JavaScript (measured on the built web/dist).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/bundle-size.mjs', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/index.html', import.meta.url)));
if (!built) console.warn('bundle size test skipped: web/dist is not built (npm run build:web)');

describe.skipIf(!built)('dashboard bundle', () => {
  it('loads under 300 KB of gzipped JavaScript first', () => {
    const run = spawnSync(process.execPath, [script, '--budget-kb', '300'], { encoding: 'utf8' });
    const match = /^first-load JavaScript: ([\d.]+) KB gzip/m.exec(run.stdout);
    expect(match, run.stdout + run.stderr).not.toBeNull();
    expect(Number(match?.[1])).toBeLessThan(300);
    expect(Number(match?.[1])).toBeGreaterThan(5);
    expect(run.status).toBe(0);
  });
});
