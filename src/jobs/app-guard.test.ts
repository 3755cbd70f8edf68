import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { LOCK_FILE } from '../store/sqlite/data-dir-lock.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { openApp } from './app.js';

describe('a data directory written by one process', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-app-guard-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const config = () => loadConfig({ NGHE_DATA_DIR: dir }, dir);

  it('refuses a second writer, naming the first, while reads still work', async () => {
    const app = openApp(config(), 'serve --port 8080');
    try {
      await app.store.saveMentions(null, []);
      expect(() => openApp(config(), 'collect')).toThrow(
        new RegExp(`in use by pid ${process.pid} on .+ \\(serve --port 8080, since `),
      );
      // A read-only command opens the file as before.
      const reader = openSqliteStore(config().databasePath);
      expect(await reader.countMentions()).toBe(0);
      await reader.close();
    } finally {
      await app.close();
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = openApp(config(), 'collect');
    await again.close();
  });

  it('says who holds the directory before creating or migrating anything', () => {
    const holder = { pid: process.ppid, host: hostname(), command: 'serve', startedAt: 'then' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder));
    expect(() => openApp(config(), 'collect')).toThrow(`in use by pid ${process.ppid}`);
    expect(existsSync(config().databasePath)).toBe(false);
  });

  it('refuses a damaged database and lets go of the lock', () => {
    writeFileSync(config().databasePath, 'not a database, '.repeat(400));
    expect(() => openApp(config(), 'serve')).toThrow(/the database is damaged/);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
