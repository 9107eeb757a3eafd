import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  // Examples import the package by name, as users do; in this repository that name
  // means the sources (tsconfig.json "paths" says the same to the typechecker).
  resolve: {
    alias: [
      { find: /^jimmyai-omni\/sandbox$/, replacement: src('sandbox/index.ts') },
      { find: /^jimmyai-omni\/queue$/, replacement: src('queue/index.ts') },
      { find: /^jimmyai-omni$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Those need a real redis-server: `npm run test:queue` (vitest.queue.config.ts).
    exclude: ['test/queue/**', 'node_modules/**'],
    // Two cores on CI: keep worker count small and predictable.
    maxWorkers: 2,
    testTimeout: 20_000,
    // A test that asserts nothing fails, rather than passing whatever the code does.
    expect: { requireAssertions: true },
  },
});
