// The alert store on PostgreSQL: the shared cases (alert-store.conformance.ts).
import { alertStoreConformance, TEST_SEAL } from '../alert-store.conformance.js';
import { postgresAlertStore } from './alert-store.js';
import { createPool } from './connection.js';
import { connectPostgresStore } from './postgres-store.js';
import { createTestSchema, describePostgres } from './test-database.js';

describePostgres('alert store on PostgreSQL', () => {
  alertStoreConformance(async () => {
    const schema = await createTestSchema();
    const store = connectPostgresStore(schema.url);
    await store.ready;
    const pools = [createPool(schema.url)];
    return {
      store,
      alerts: postgresAlertStore(store.pool, TEST_SEAL),
      // Another pool: its own connections, as another API process or worker has.
      async another() {
        const other = createPool(schema.url);
        pools.push(other);
        return postgresAlertStore(other, TEST_SEAL);
      },
      async storedSecret(ruleId) {
        const { rows } = await pools[0]!.query<{ webhook_secret: string | null }>(
          'SELECT webhook_secret FROM alert_rules WHERE id = $1',
          [ruleId],
        );
        return rows[0]?.webhook_secret ?? null;
      },
      async close() {
        for (const pool of pools) await pool.end();
        await store.close();
        await schema.drop();
      },
    };
  });
});
