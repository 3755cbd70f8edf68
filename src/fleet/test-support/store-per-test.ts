// A PostgreSQL store in a schema of its own for each test that asks, closed and dropped after it.
import { afterEach } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../store/postgres/postgres-store.js';
import { createTestSchema, type TestSchema } from '../../store/postgres/test-database.js';

/** Call inside a describe block; the returned function opens that test's store. */
export function storePerTest(): () => Promise<PostgresStore> {
  let schema: TestSchema | undefined;
  let store: PostgresStore | undefined;
  afterEach(async () => {
    await store?.close();
    await schema?.drop();
    store = undefined;
    schema = undefined;
  });
  return async () => {
    schema = await createTestSchema();
    store = await openPostgresStore(schema.url);
    return store;
  };
}
