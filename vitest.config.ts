import { defineConfig } from 'vitest/config';

// Two cores here and in CI: two workers, and generous timeouts for the whole-dataset tests.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
