// The identity store in PostgreSQL: the shared cases (identity.conformance.ts) with another
// pool standing for another API process, the upgrade of a database that had tokens and topics
// before users existed, and the bound on how long a kept read outlives a change elsewhere.
import { expect, it } from 'vitest';
import { expectUpgradedIdentity, identityConformance } from '../identity.conformance.js';
import { createPool } from './connection.js';
import { pgIdentityMigration } from './identity-schema.js';
import {
  DEFAULT_IDENTITY_CACHE_MS,
  PostgresIdentityStore,
  postgresIdentityStore,
} from './identity-store.js';
import { openPostgresStore } from './postgres-store.js';
import { migratePostgres, pgMigrations } from './schema.js';
import { createTestSchema, describePostgres } from './test-database.js';

describePostgres('identity store on PostgreSQL', () => {
  identityConformance(async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore(schema.url);
    const pools = [store.pool];
    return {
      identity: postgresIdentityStore(store.pool),
      store,
      async another() {
        const pool = createPool(schema.url);
        pools.push(pool);
        return new PostgresIdentityStore(pool);
      },
      staleMs: DEFAULT_IDENTITY_CACHE_MS,
      async close() {
        for (const pool of pools.slice(1)) await pool.end();
        await store.close();
        await schema.drop();
      },
    };
  });

  it('gives tokens and topics from before users existed to the administrator and the organisation', async () => {
    const schema = await createTestSchema();
    const pool = createPool(schema.url);
    try {
      // The schema as it was before the identity tables.
      const before = pgMigrations.indexOf(pgIdentityMigration);
      expect(before).toBeGreaterThan(0);
      const client = await pool.connect();
      try {
        await client.query(
          `CREATE TABLE nghe_migrations (version integer PRIMARY KEY, name text NOT NULL,
             applied_at timestamptz NOT NULL DEFAULT now())`,
        );
        for (const [index, migration] of pgMigrations.slice(0, before).entries()) {
          await client.query(migration.sql);
          await migration.after?.(client);
          await client.query('INSERT INTO nghe_migrations (version, name) VALUES ($1, $2)', [
            index + 1,
            migration.name,
          ]);
        }
      } finally {
        client.release();
      }
      const at = '2025-01-01T00:00:00.000Z';
      await pool.query(
        `INSERT INTO api_tokens (name, token_hash, created_at)
         VALUES ('dashboard', 'h1', $1), ('dashboard', 'h2', $1)`,
        [at],
      );
      const { rows } = await pool.query<{ id: number }>(
        `INSERT INTO topics (name, query, status, created_at, updated_at, backfill)
         VALUES ('ngập', 'ngập', 'active', $1, $1, '{}') RETURNING id`,
        [at],
      );
      await migratePostgres(pool);
      const identity = new PostgresIdentityStore(pool);
      await expectUpgradedIdentity(identity, rows[0]!.id);
    } finally {
      await pool.end();
      await schema.drop();
    }
  });

  it('keeps a read no longer than its bound, and not at all with a bound of 0', async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore(schema.url);
    const other = createPool(schema.url);
    try {
      const writer = postgresIdentityStore(store.pool);
      const unit = await writer.rootUnit();
      const user = await writer.createUser({
        unitId: unit.id,
        username: 'lan',
        role: 'analyst',
        passwordHash: 'x',
      });
      const kept = new PostgresIdentityStore(other, { cacheMs: 400 });
      const uncached = new PostgresIdentityStore(other, { cacheMs: 0 });
      expect((await kept.getUser(user.id))?.role).toBe('analyst');
      await writer.updateUser(user.id, { role: 'viewer' });
      expect((await uncached.getUser(user.id))?.role).toBe('viewer');
      // Within the bound the kept read may still answer; past it, never.
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect((await kept.getUser(user.id))?.role).toBe('viewer');
    } finally {
      await other.end();
      await store.close();
      await schema.drop();
    }
  });
});
