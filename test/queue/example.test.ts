/**
 * The queue example runs as the README says (`npm run example:queue`, here with fewer
 * jobs): no key, no REDIS_URL, so it starts its own sandbox and redis-server, enqueues,
 * starts worker processes, and reports every job's end.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'omni-queue-example-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('npm run example:queue: every job enqueued ends, each video saved by a worker process', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, OUT_DIR: out };
  delete env.JIMMYAI_API_KEY;
  delete env.JIMMYAI_BASE_URL;
  delete env.REDIS_URL;
  const child = spawn(
    process.execPath,
    ['scripts/run-ts.mjs', 'examples/queue/run.ts', '--jobs', '12', '--workers', '2'],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = await once(child, 'exit');
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toMatch(/No JIMMYAI_API_KEY: running on the local sandbox/);
  expect(stdout).toMatch(/12 jobs enqueued .* starting 2 worker processes/);
  expect(stdout.match(/^\[\s*\d+\/12\] video-\d{3} saved to /gm)).toHaveLength(12);
  expect(stdout).toMatch(/12 completed, 0 failed, 0 uncertain/);
  expect(readdirSync(out).sort()).toEqual(
    Array.from({ length: 12 }, (_, i) => `video-${String(i + 1).padStart(3, '0')}.mp4`),
  );
}, 90_000);
