import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { openStore } from '../open-store.js';
import { createTestSchema, describePostgres } from './test-database.js';

describePostgres('openStore with a PostgreSQL URL', () => {
  it('keeps mentions in PostgreSQL and the SQLite-only tables in the data directory', async () => {
    const schema = await createTestSchema();
    const dir = mkdtempSync(join(tmpdir(), 'nghe-server-mode-'));
    const config = loadConfig({ NGHE_DATA_DIR: dir, NGHE_DATABASE_URL: schema.url }, dir);
    const store = openStore(config);
    try {
      await store.setSetting('where', 'postgres');
      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      const { rows } = await client.query("SELECT value FROM settings WHERE key = 'where'");
      await client.end();
      expect(rows).toEqual([{ value: 'postgres' }]);
      // The side file is SQLite, and holds no copy of the setting.
      expect(store.db.name).toBe(config.databasePath);
      expect(
        store.db.prepare("SELECT count(*) AS n FROM settings WHERE key = 'where'").get(),
      ).toEqual({ n: 0 });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      await schema.drop();
    }
  });
});
