import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { openStore, redactedUrl, StoreLocationError, storeLocation } from './open-store.js';

describe('storeLocation', () => {
  const path = '/data/nghe.sqlite';
  it('is the SQLite file when no database URL is set', () => {
    expect(storeLocation({ databaseUrl: null, databasePath: path })).toEqual({
      kind: 'sqlite',
      path,
    });
    expect(storeLocation({ databaseUrl: '  ', databasePath: path })).toEqual({
      kind: 'sqlite',
      path,
    });
  });
  it('is PostgreSQL for postgres:// and postgresql:// URLs', () => {
    for (const url of ['postgres://u@db/nghe', 'postgresql://u:p@db:5432/nghe']) {
      expect(storeLocation({ databaseUrl: url, databasePath: path })).toEqual({
        kind: 'postgres',
        url,
      });
    }
  });
  it('refuses any other URL in one line, without echoing it whole', () => {
    expect(() =>
      storeLocation({ databaseUrl: 'mysql://u:secret@db/x', databasePath: path }),
    ).toThrow(StoreLocationError);
    expect(() =>
      storeLocation({ databaseUrl: 'mysql://u:secret@db/x', databasePath: path }),
    ).toThrow(/^(?!.*secret).*postgres:\/\//);
  });
  it('reads NGHE_DATABASE_URL before config.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nghe-open-store-'));
    try {
      expect(loadConfig({ NGHE_DATA_DIR: dir }, dir).databaseUrl).toBeNull();
      expect(
        loadConfig({ NGHE_DATA_DIR: dir, NGHE_DATABASE_URL: 'postgres://x@h/db' }, dir).databaseUrl,
      ).toBe('postgres://x@h/db');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('hides passwords in messages', () => {
    expect(redactedUrl('postgres://nghe:hunter2@db:5432/nghe')).toBe(
      'postgres://nghe:***@db:5432/nghe',
    );
  });
});

describe('openStore', () => {
  it('opens the SQLite file with its own connection when no URL is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nghe-open-store-'));
    const config = loadConfig({ NGHE_DATA_DIR: dir }, dir);
    const store = openStore(config);
    try {
      await store.setSetting('k', 'v');
      expect(store.db.name).toBe(config.databasePath);
      expect(await store.getSetting('k')).toBe('v');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
