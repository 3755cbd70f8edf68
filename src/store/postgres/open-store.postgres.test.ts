import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { smallGroupRuleFor } from '../../privacy/small-group-rule-for.js';
import { openStore } from '../open-store.js';
import { mentionInput } from '../store.conformance.js';
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
      // Persons behind figures are counted among the mentions in PostgreSQL.
      const person = (key: string) => ({ key, displayName: null, kind: 'person' as const });
      await store.saveMentions(null, [
        mentionInput({ author: person('a') }),
        mentionInput({ author: person('b') }),
        mentionInput({ author: person('b') }),
        mentionInput({ author: { key: 'o', displayName: 'Báo', kind: 'outlet' } }),
      ]);
      const rule = smallGroupRuleFor(store);
      expect(await rule.count({ filter: {} }, 10)).toBe(2);
      expect(await rule.count({ filter: {} }, 1)).toBe(1);
      expect(await rule.count({ filter: { platforms: ['x'] } }, 10)).toBe(0);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      await schema.drop();
    }
  });
});
