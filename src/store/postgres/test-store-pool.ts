// A PostgreSQL store on a fresh test schema for each test, with a pool of its own beside it for
// the statements a test runs straight against the tables (recounts, row reads, sessions that
// commit at the same time as the store's).
import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { openPostgresStore, type PostgresStore } from './postgres-store.js';
import { createTestSchema, type TestSchema } from './test-database.js';

export interface StoreAndPool {
  store: PostgresStore;
  pool: pg.Pool;
}

/** Opens both before each test of the enclosing describe and hands them over; closes after. */
export function storeAndPoolPerTest(poolSize: number, opened: (world: StoreAndPool) => void): void {
  let schema: TestSchema;
  let world: StoreAndPool;
  beforeEach(async () => {
    schema = await createTestSchema();
    world = {
      store: await openPostgresStore(schema.url),
      pool: new pg.Pool({ connectionString: schema.url, max: poolSize }),
    };
    opened(world);
  });
  afterEach(async () => {
    await world.pool.end();
    await world.store.close();
    await schema.drop();
  });
}

/** The rows a statement returns, each as JSON, sorted: two levels compare as sets of rows. */
export async function sortedRows(store: StoreAndPool['store'], sql: string): Promise<string[]> {
  return (await store.pool.query(sql)).rows.map((r) => JSON.stringify(r)).sort();
}
