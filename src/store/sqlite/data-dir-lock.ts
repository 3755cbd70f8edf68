// One process writes a data directory: `nghe.lock` beside the database names the holder (pid,
// host, command, start time). The file is created exclusively (O_EXCL), so of two starting
// processes one wins. A lock whose holder is a pid on this host that no longer runs is stale:
// it is renamed aside atomically (so of two processes taking it over, one does) and created
// anew. A lock from another host is never taken over: that host may still be writing.
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'nghe.lock';

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly path: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      holder
        ? `${path}: the data directory is in use by pid ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.startedAt}); stop it first, or use read-only commands (search, stats) meanwhile`
        : `${path}: the data directory is locked by a process whose lock file cannot be read; if no nghe runs, remove the file`,
    );
  }
}

export interface DataDirLock {
  path: string;
  holder: LockHolder;
  /** What happened to a stale lock found at start, for the log; null when there was none. */
  tookOver: LockHolder | null;
  release(): void;
}

function readHolder(path: string): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return null;
    return {
      pid: value.pid,
      host: value.host,
      command: String(value.command ?? '?'),
      startedAt: String(value.startedAt ?? '?'),
    };
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`${path}: cannot create the lock file: ${(error as Error).message}`);
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Takes the lock of `dataDir` for `command`, or throws DataDirLockedError naming the holder. */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command,
    startedAt: new Date().toISOString(),
  };
  let tookOver: LockHolder | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, holder)) {
      let released = false;
      return {
        path,
        holder,
        tookOver,
        release() {
          if (released) return;
          released = true;
          const now = readHolder(path);
          if (now && now.pid === holder.pid && now.host === holder.host)
            rmSync(path, { force: true });
        },
      };
    }
    const current = readHolder(path);
    const stale =
      current !== null &&
      current.host === holder.host &&
      current.pid !== process.pid &&
      !isRunning(current.pid);
    if (!stale) throw new DataDirLockedError(path, current);
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue; // another process took it over first; look again
    }
    const moved = readHolder(aside);
    rmSync(aside, { force: true });
    if (moved && moved.pid !== current.pid) {
      // What was moved aside was a fresh lock of another process, not the stale one: put it back.
      if (!tryCreate(path, moved)) throw new DataDirLockedError(path, readHolder(path));
      throw new DataDirLockedError(path, moved);
    }
    tookOver = current;
  }
  throw new DataDirLockedError(path, readHolder(path));
}

/** How the running command is named in a lock: its arguments, e.g. `serve --port 8080`. */
export function commandLine(argv: readonly string[] = process.argv): string {
  return argv.slice(2).join(' ') || 'nghe';
}
