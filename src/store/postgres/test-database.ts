// PostgreSQL for tests: NGHE_TEST_DATABASE_URL names a server (`.ci/with-postgres` starts a
// throw-away one). Without it the PostgreSQL suites are skipped, and their name says why.
// Each opened database is a fresh schema of that server, dropped at cleanup, so test files and
// tests never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

export const TEST_DATABASE_URL = process.env.NGHE_TEST_DATABASE_URL ?? '';

/** A describe that runs only where a test server is configured. */
export function describePostgres(name: string, body: () => void): void {
  if (TEST_DATABASE_URL === '') {
    describe.skip(
      `${name} (skipped: NGHE_TEST_DATABASE_URL is not set; .ci/with-postgres sets it)`,
      body,
    );
  } else {
    describe(name, body);
  }
}

export interface TestSchema {
  /** A connection URL whose search_path is the fresh schema. */
  url: string;
  schema: string;
  drop: () => Promise<void>;
}

/** Creates an empty schema on the test server and a URL that works inside it. */
export async function createTestSchema(): Promise<TestSchema> {
  const schema = `nghe_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
