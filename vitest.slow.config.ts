import { defineConfig } from 'vitest/config';

// Slow suites: end-to-end command line runs, restart safety, load. `npm run test:slow`.
export default defineConfig({
  test: {
    include: ['src/**/*.slow.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
