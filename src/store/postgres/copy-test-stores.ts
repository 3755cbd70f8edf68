// The two ends of a copy for the SQLite → PostgreSQL copy tests: a SQLite file in a fresh
// folder and a PostgreSQL store on a fresh test schema, closed and removed together.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStore } from '../sqlite/sqlite-store.js';
import { openPostgresStore, type PostgresStore } from './postgres-store.js';
import { createTestSchema } from './test-database.js';

export interface CopyTestStores {
  sqlite: SqliteStore;
  postgres: PostgresStore;
  close: () => Promise<void>;
}

/** `prefix`: the name the temporary folder starts with. */
export async function openCopyTestStores(prefix: string): Promise<CopyTestStores> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const sqlite = openSqliteStore(join(dir, 'nghe.sqlite'));
  const schema = await createTestSchema();
  const postgres = await openPostgresStore(schema.url);
  return {
    sqlite,
    postgres,
    close: async () => {
      await postgres.close();
      await sqlite.close();
      await schema.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
