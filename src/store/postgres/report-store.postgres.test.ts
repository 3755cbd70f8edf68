// The report store on PostgreSQL: the shared cases (report-store.conformance.ts).
import type pg from 'pg';
import { reportStoreConformance } from '../report-store.conformance.js';
import { createPool } from './connection.js';
import { connectPostgresStore } from './postgres-store.js';
import { postgresReportStore } from './report-store.js';
import { createTestSchema, describePostgres } from './test-database.js';

describePostgres('report store on PostgreSQL', () => {
  reportStoreConformance(async () => {
    const schema = await createTestSchema();
    const store = connectPostgresStore(schema.url);
    await store.ready;
    const pools: pg.Pool[] = [];
    return {
      store,
      reports: postgresReportStore(store.pool),
      // Another pool: its own connections, as another API process or worker has.
      async another() {
        const other = createPool(schema.url);
        pools.push(other);
        return postgresReportStore(other);
      },
      async close() {
        for (const pool of pools) await pool.end();
        await store.close();
        await schema.drop();
      },
    };
  });
});
