/**
 * Shutting a worker down, with real processes: the example worker
 * (`examples/queue/worker.ts`, as the README runs it) gets SIGTERM in the middle of a
 * long task, or before it ever reached Redis.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { readCreateRecord, startVideoWorker, type VideoJobData } from '../../src/queue/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type RedisServer, startRedis } from '../../examples/queue/local-redis.js';
import { TEST_KEY } from '../helpers/key.js';

const ROOT = resolve(import.meta.dirname, '../..');
let sandbox: Sandbox;
let outDir: string;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

beforeAll(async () => {
  // A long task: ten minutes, as real ones take.
  sandbox = await startSandbox({ queueMs: 0, runMs: 600_000, jitter: 0, seed: 21 });
  outDir = mkdtempSync(join(tmpdir(), 'omni-queue-shutdown-'));
});
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(outDir, { recursive: true, force: true });
});

/** The example worker, as a process; its output collected. */
function exampleWorker(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'examples/queue/worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, OUT_DIR: outDir, REQUESTS_PER_SECOND: '20', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { text: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, output, exited };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000) {
  for (const deadline = Date.now() + ms; !(await ok());) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** SIGTERM, then how long the process took to exit (at most `ms`, else it is killed). */
async function terminate(child: ChildProcess, exited: Promise<unknown>, ms = 5_000) {
  const sent = Date.now();
  child.kill('SIGTERM');
  const late = new Promise((r) => setTimeout(() => r('late'), ms));
  if ((await Promise.race([exited, late])) === 'late') child.kill('SIGKILL');
  return Date.now() - sent;
}

async function redisServer(args: string[] = []): Promise<RedisServer> {
  const server = await startRedis({ args });
  cleanups.push(() => server.stop());
  return server;
}

describe('SIGTERM', () => {
  test('during a long task: the worker exits within seconds, its job back in the queue with its task, resumed elsewhere without a second create', async () => {
    const server = await redisServer();
    const connection = new Redis({ port: server.port, maxRetriesPerRequest: null });
    const queue = new Queue<VideoJobData>('long', { connection });
    cleanups.push(
      () => connection.disconnect(),
      () => queue.close(),
    );
    const prompt = 'a fox in a ten-minute video';
    const job = await queue.add(
      'video',
      { params: { model: 'Gemini-Omini', prompt } },
      { jobId: 'long-1', attempts: 3 },
    );
    const { child, output, exited } = exampleWorker({
      REDIS_URL: `redis://127.0.0.1:${server.port}`,
      QUEUE: 'long',
      JIMMYAI_API_KEY: TEST_KEY,
      JIMMYAI_BASE_URL: sandbox.url,
    });
    await until('the worker to poll its task', () =>
      sandbox.requests.some((r) => r.route === 'retrieve'),
    );
    const taskId = sandbox.tasks.find((t) => t.request.prompt === prompt)!.id;

    const tookMs = await terminate(child, exited, 15_000);
    console.log(`SIGTERM during a long task: the worker exited after ${tookMs} ms`);
    expect(tookMs, output.text).toBeLessThan(5_000);
    expect(child.exitCode, output.text).toBe(0);
    // Handed back at once, not failed: back in the queue (delayed a second, so that the
    // closing worker does not take it again), its record (the task) kept.
    expect(['delayed', 'waiting']).toContain(await queue.getJobState(job.id!));
    expect((await queue.getJob(job.id!))!.attemptsMade).toBe(0);
    expect((await queue.getJob(job.id!))!.failedReason).toBeFalsy();
    expect(await readCreateRecord(connection, job)).toMatchObject({ state: 'created', taskId });

    // Another worker takes it and resumes the same task: no second create.
    const pollsBefore = sandbox.requests.filter((r) => r.route === 'retrieve').length;
    const other = await startVideoWorker('long', {
      connection,
      rate: { requestsPerSecond: 20 },
      omni: { apiKey: TEST_KEY, baseUrl: sandbox.url },
      outDir,
    });
    cleanups.push(() => other.close({ timeoutMs: 5_000 }));
    await until(
      'the other worker to poll the task',
      () => sandbox.requests.filter((r) => r.route === 'retrieve').length > pollsBefore,
    );
    expect(await queue.getJobState(job.id!)).toBe('active');
    expect(sandbox.requests.filter((r) => r.route === 'create')).toHaveLength(1);
    expect(sandbox.requests.filter((r) => r.route === 'retrieve').at(-1)!.path).toContain(taskId);
  }, 60_000);

  for (const [what, url] of [
    ['a wrong password', (port: number) => `redis://:not-the-password@127.0.0.1:${port}`],
    [
      'rediss:// without the CA (the server speaks no TLS)',
      (port: number) => `rediss://127.0.0.1:${port}`,
    ],
  ] as const)
    test(`a worker that never reaches Redis (${what}) still exits on SIGTERM`, async () => {
      const server = await redisServer(['--requirepass', 'the-password']);
      const { child, output, exited } = exampleWorker({
        REDIS_URL: url(server.port),
        QUEUE: 'unreachable',
        JIMMYAI_API_KEY: TEST_KEY,
        JIMMYAI_BASE_URL: sandbox.url,
      });
      // Running, trying to reach Redis: it says so (a worker that says nothing gets 10 s).
      await until('the worker to start', () => /starting/.test(output.text), 10_000).catch(
        () => undefined,
      );
      await new Promise((r) => setTimeout(r, 1000));
      const tookMs = child.exitCode === null ? await terminate(child, exited) : 0;
      expect(tookMs, output.text).toBeLessThan(5_000);
      expect(child.signalCode, output.text).toBeNull();
      expect(output.text).not.toMatch(/: ready/);
      // The password is never printed.
      expect(output.text).not.toContain('not-the-password');
    }, 30_000);
});
