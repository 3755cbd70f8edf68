import { defineConfig } from 'vitest/config';

// Browser tests drive Debian's Chromium against a real server; `npm run test:browser` builds the
// dashboard first. Kept out of `npm test`, which must stay fast.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['web/tests/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
