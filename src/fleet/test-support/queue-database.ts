// A PostgreSQL database of its own for a fleet test: the queue's schema (pg-boss) is one per
// database, so a test that runs the queue shares it with no other file. Dropped at the end,
// connections and all.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_DATABASE_URL } from '../../store/postgres/test-database.js';

export interface QueueTestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createQueueTestDatabase(prefix = 'nghe_fleet'): Promise<QueueTestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
