import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores on CI: keep worker count small and predictable.
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
