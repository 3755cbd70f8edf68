import { defineConfig } from 'vitest/config';

// Suites that need a PostgreSQL server (NGHE_TEST_DATABASE_URL; `.ci/with-postgres` starts
// one). Each file creates its own schemas, so files may run side by side.
export default defineConfig({
  test: {
    include: ['src/**/*.postgres.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    passWithNoTests: true,
  },
});
