import {
  closeSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkDatabaseIntegrity,
  DamagedDatabaseError,
  prepareDatabaseFile,
} from './open-database.js';
import { openSqliteStore } from './sqlite-store.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('database file checks', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-db-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the database, its WAL and shared-memory files readable by the owner only', async () => {
    const path = join(dir, 'nghe.sqlite');
    prepareDatabaseFile(path);
    const store = openSqliteStore(path);
    await store.setSetting('probe', '1');
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}-wal`)).toBe(0o600);
    expect(mode(`${path}-shm`)).toBe(0o600);
    await store.close();
  });

  it('takes group and other access off an existing file', () => {
    const path = join(dir, 'nghe.sqlite');
    writeFileSync(path, '', { mode: 0o644 });
    prepareDatabaseFile(path);
    expect(mode(path)).toBe(0o600);
  });

  it('passes a whole file and refuses a damaged one, naming it, before anything writes', async () => {
    const path = join(dir, 'nghe.sqlite');
    const store = openSqliteStore(path);
    for (let batch = 0; batch < 20; batch++) {
      store.db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
        INSERT INTO settings (key, value) SELECT 'k${batch}-' || i, hex(randomblob(200)) FROM n`);
    }
    await store.close();
    expect(checkDatabaseIntegrity(path).ms).toBeGreaterThanOrEqual(0);
    // Overwrite pages in the middle of the file with garbage, as a failing disk might.
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    let refusal: unknown;
    try {
      checkDatabaseIntegrity(path);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DamagedDatabaseError);
    expect((refusal as Error).message).toMatch(
      new RegExp(
        `^${path.replaceAll('/', '\\/')}: the database is damaged \\(.+\\); nghe will not write to it`,
      ),
    );
  });

  it('refuses a file that is not a database at all', () => {
    const path = join(dir, 'nghe.sqlite');
    writeFileSync(path, 'this is not SQLite, just some text that is long enough '.repeat(100));
    expect(() => checkDatabaseIntegrity(path)).toThrow(DamagedDatabaseError);
  });
});
