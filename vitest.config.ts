import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Slow suites (Postgres, browser, load) have their own scripts and configs.
    exclude: ['**/*.slow.test.ts', 'node_modules/**', 'dist/**'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
