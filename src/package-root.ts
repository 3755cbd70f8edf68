// Runtime data (lexicons, the segmenter model) ships beside package.json. Code runs both from
// `src/` (tsx, vitest) and from `dist/src/` (after tsc), so the root is found by walking up.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** Absolute path of the nearest folder above this module that holds package.json. */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above this module');
    dir = parent;
  }
}

/** Read a UTF-8 resource shipped with the package, e.g. `resources/lexicons/teencode.tsv`. */
export function readResource(relativePath: string): string {
  return readFileSync(join(packageRoot(), relativePath), 'utf8');
}

/**
 * Rows of a tab-separated data file: `#` comments and blank lines skipped, `\r` and BOM removed,
 * text in NFC.
 */
export function readTsvResource(relativePath: string): string[][] {
  const rows: string[][] = [];
  for (const raw of readResource(relativePath)
    .replace(/^\uFEFF/, '')
    .split('\n')) {
    const line = raw.replace(/\r$/, '').normalize('NFC');
    if (line.trim() === '' || line.startsWith('#')) continue;
    rows.push(line.split('\t'));
  }
  return rows;
}
