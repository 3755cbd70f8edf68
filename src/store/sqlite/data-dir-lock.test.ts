import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from './data-dir-lock.js';

/** The pid of a process that has already ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('data directory lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the holder to a second writer, and is gone once released', () => {
    const lock = lockDataDir(dir, 'serve');
    const held = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(held).toMatchObject({ pid: process.pid, host: hostname(), command: 'serve' });
    expect(Date.parse(held.startedAt)).not.toBeNaN();
    let refusal: unknown;
    try {
      lockDataDir(dir, 'collect');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    expect((refusal as Error).message).toContain(
      `in use by pid ${process.pid} on ${hostname()} (serve, since ${held.startedAt})`,
    );
    expect((refusal as Error).message).toContain(join(dir, LOCK_FILE));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDataDir(dir, 'collect').release();
  });

  it('takes over the lock of a process on this host that no longer runs', () => {
    const pid = deadPid();
    const stale = { pid, host: hostname(), command: 'serve', startedAt: '2026-01-01T00:00:00Z' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(stale));
    const lock = lockDataDir(dir, 'collect');
    expect(lock.tookOver).toEqual(stale);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('never takes over a lock from another host', () => {
    const other = { pid: deadPid(), host: 'elsewhere', command: 'serve', startedAt: 'x' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(other));
    expect(() => lockDataDir(dir, 'serve')).toThrow(/in use by pid \d+ on elsewhere/);
  });
});
