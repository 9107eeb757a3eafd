import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:queue`: the tests that need a real redis-server, apart from `npm test`
// (which runs on Node alone). Same aliases as the main suite.
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ['test/queue/**/*.test.ts'],
    // Each file starts its own redis-server and worker processes: one at a time.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
    expect: base.test?.expect,
  },
});
