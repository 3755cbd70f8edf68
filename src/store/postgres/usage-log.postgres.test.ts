// The usage log on PostgreSQL: the shared cases (usage-log.conformance.ts), the chaining of
// rows written before the chain existed, and `nghe audit verify`'s reader through the store.
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { verifyChainOf } from '../../audit/verify-chain.js';
import { CONFORMANCE_KEY, usageLogConformance } from '../usage-log.conformance.js';
import { createPool } from './connection.js';
import { migratePostgres, pgMigrations } from './schema.js';
import { createTestSchema, describePostgres, type TestSchema } from './test-database.js';
import { postgresUsageLog } from './usage-log.js';
import { pgUsageLogMigration } from './usage-log-schema.js';

describePostgres('usage log on PostgreSQL', () => {
  usageLogConformance(async () => {
    const schema = await createTestSchema();
    const pool = createPool(schema.url);
    await migratePostgres(pool);
    const pools = [pool];
    return {
      log: postgresUsageLog(pool, CONFORMANCE_KEY),
      // Another pool: its own connections, as another API process or worker has.
      async another() {
        const other = createPool(schema.url);
        pools.push(other);
        return postgresUsageLog(other, CONFORMANCE_KEY);
      },
      raw: async (sql) => {
        await pool.query(sql);
      },
      tamper: async (sql) => {
        await pool.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
        await pool.query(sql);
      },
      async close() {
        for (const p of pools) await p.end();
        await schema.drop();
      },
    };
  });

  let schema: TestSchema | null = null;
  afterEach(async () => {
    await schema?.drop();
    schema = null;
  });

  it('chains the rows of an older database, sealed from the first entry written with the key', async () => {
    schema = await createTestSchema();
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      // The schema as it was before the chain, with two entries (ids with a gap).
      await client.query(
        'CREATE TABLE nghe_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const before = pgMigrations.indexOf(pgUsageLogMigration);
      for (const [index, migration] of pgMigrations.slice(0, before).entries()) {
        await client.query(migration.sql);
        await client.query('INSERT INTO nghe_migrations (version, name) VALUES ($1, $2)', [
          index + 1,
          migration.name,
        ]);
      }
      for (const id of [1, 5]) {
        await client.query(
          `INSERT INTO audit_log (id, at, actor, action, detail, result_count, unit_id)
           VALUES ($1, '2026-01-01T00:00:00.000Z', 'web', 'listMentions', '{}', 3, NULL)`,
          [id],
        );
      }
    } finally {
      await client.end();
    }
    const pool = createPool(schema.url);
    try {
      await migratePostgres(pool);
      const log = postgresUsageLog(pool, CONFORMANCE_KEY);
      expect((await log.list()).map((e) => e.id)).toEqual([2, 1]);
      await log.append({
        actor: 'cli:root',
        action: 'cli.audit.verify',
        detail: '{}',
        resultCount: null,
      });
      expect(await verifyChainOf(log.oldestFirst(), CONFORMANCE_KEY)).toMatchObject({
        ok: true,
        entries: 3,
        unsealedPrefix: 2,
      });
    } finally {
      await pool.end();
    }
  });
});
