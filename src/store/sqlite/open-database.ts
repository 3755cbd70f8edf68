// What is checked of the database file before a writing process opens it: that it is created
// readable by its owner only, like installation.key (SQLite gives the -wal and -shm files the
// mode of the database), and that `PRAGMA quick_check` finds it whole; a damaged file is
// refused with the first problems SQLite reports, before anything migrates or writes it.
import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

const OWNER_ONLY = 0o600;

export class DamagedDatabaseError extends Error {
  override name = 'DamagedDatabaseError';
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(
      `${path}: the database is damaged (${problems.slice(0, 3).join('; ')}); nghe will not write to it. Restore it from a backup, or recover what is readable with \`sqlite3 ${path} .recover\``,
    );
  }
}

/** Creates the file (mode 0600) if absent; takes group and other access off an existing one. */
export function prepareDatabaseFile(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', OWNER_ONLY));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (!existsSync(file)) continue;
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, OWNER_ONLY);
  }
}

/**
 * Runs `PRAGMA quick_check` on the file; throws DamagedDatabaseError when it reports problems
 * or the file is not a database. An empty or absent file passes (it is about to be created).
 */
export function checkDatabaseIntegrity(path: string): { ms: number } {
  const started = performance.now();
  if (!existsSync(path) || statSync(path).size === 0) return { ms: 0 };
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const rows = db.pragma('quick_check(20)', { simple: false }) as { quick_check: string }[];
    const problems = rows.map((row) => row.quick_check).filter((text) => text !== 'ok');
    if (problems.length > 0) throw new DamagedDatabaseError(path, problems);
  } catch (error) {
    if (error instanceof DamagedDatabaseError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
      throw new DamagedDatabaseError(path, [(error as Error).message]);
    }
    throw new Error(`${path}: cannot check the database: ${(error as Error).message}`);
  } finally {
    db?.close();
  }
  return { ms: performance.now() - started };
}
