// Finds the folder holding nghe's package.json, whether running from src/ (tsx, tests) or
// from dist/src/ (built), so committed resources and models are found the same way.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function findPackageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the nghe package root');
    dir = parent;
  }
  cached = dir;
  return dir;
}
