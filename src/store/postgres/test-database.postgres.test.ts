import pg from 'pg';
import { expect, it } from 'vitest';
import { createTestSchema, describePostgres } from './test-database.js';

describePostgres('PostgreSQL test server', () => {
  it('gives each test a schema of its own, dropped afterwards', async () => {
    const first = await createTestSchema();
    const second = await createTestSchema();
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE probe (x int)');
      const { rows } = await client.query<{ schema: string }>(
        "SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'probe'",
      );
      expect(rows.map((r) => r.schema)).toEqual([first.schema]);
    } finally {
      await client.end();
      await first.drop();
      await second.drop();
    }
  });
});
