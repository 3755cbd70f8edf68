// Connector tests read their recorded bodies from the `fixtures` folder beside them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads `fixtures/NAME` beside a test as text: `fixtureReader(import.meta.dirname)`. */
export function fixtureReader(testDir: string): (name: string) => string {
  const folder = join(testDir, 'fixtures');
  return (name) => readFileSync(join(folder, name), 'utf8');
}
