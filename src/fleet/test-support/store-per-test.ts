// A PostgreSQL store in a schema of its own for each test that asks, closed and dropped after it.
import { afterEach } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../store/postgres/postgres-store.js';
import { createTestSchema, type TestSchema } from '../../store/postgres/test-database.js';

/** Opens the current test's store. */
export interface OpenStorePerTest {
  (): Promise<PostgresStore>;
  /** The connection URL of the schema last opened, for connections of the test's own. */
  url(): string;
}

/** Call inside a describe block; the returned function opens that test's store. */
export function storePerTest(): OpenStorePerTest {
  let schema: TestSchema | undefined;
  let store: PostgresStore | undefined;
  afterEach(async () => {
    await store?.close();
    await schema?.drop();
    store = undefined;
    schema = undefined;
  });
  const open = async () => {
    schema = await createTestSchema();
    store = await openPostgresStore(schema.url);
    return store;
  };
  return Object.assign(open, {
    url: () => {
      if (schema === undefined) throw new Error('no store opened in this test');
      return schema.url;
    },
  });
}
