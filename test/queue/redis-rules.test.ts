/**
 * What the queue demands of Redis (README, "What the queue requires of Redis"), each rule
 * against a real redis-server set up to break it: a worker refuses to start, naming the
 * setting and the fix, unless the risk is accepted by name; a processor used on its own
 * sends nothing. And the rule's promise: with AOF, a crash of Redis keeps the claims, so
 * running the same jobs again creates nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  checkRedis,
  jobOutcome,
  startVideoWorker,
  UnsafeRedisError,
  type VideoJobData,
  type VideoJobResult,
  videoProcessor,
  type VideoWorker,
} from '../../src/queue/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import {
  type RedisServer,
  type RedisServerOptions,
  startRedis,
} from '../../examples/queue/local-redis.js';
import { TEST_KEY } from '../helpers/key.js';

let sandbox: Sandbox;
let outDir: string;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: 0.01, jitter: 0, seed: 20 });
  outDir = mkdtempSync(join(tmpdir(), 'omni-queue-rules-'));
});
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
  sandbox.clearRequests();
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(outDir, { recursive: true, force: true });
});

async function redisWith(options: RedisServerOptions = {}) {
  const server = await startRedis(options);
  const connection = new Redis({ port: server.port, maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  cleanups.push(
    () => server.stop(),
    () => connection.disconnect(),
  );
  return { server, connection };
}

const options = (connection: Redis) => ({
  connection,
  rate: { requestsPerSecond: 50 },
  omni: { apiKey: TEST_KEY, baseUrl: sandbox.url },
  outDir,
  pollIntervalMs: 20,
});

async function started(promise: Promise<VideoWorker>) {
  const video = await promise;
  cleanups.push(() => video.close());
  return video;
}

const createsOf = (prompt: string) =>
  sandbox.requests.filter(
    (r) => r.route === 'create' && (r.body as { prompt?: string })?.prompt === prompt,
  );

async function until<T>(what: string, read: () => Promise<T | undefined>, ms = 15_000) {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a worker refuses a Redis that can forget its claims', () => {
  test("RDB snapshots only (Debian's default): refused, naming appendonly; a processor on its own sends nothing", async () => {
    const { connection } = await redisWith({ persistence: 'rdb' });
    const refusal = await startVideoWorker('rdb', options(connection)).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(UnsafeRedisError);
    expect(refusal).toMatchObject({ risk: 'no-persistence', setting: 'appendonly' });
    expect((refusal as Error).message).toMatch(/older RDB snapshot.*appendonly yes.*everysec/);
    expect((refusal as Error).message).toMatch(/accept: \['no-persistence'\]/);

    // A hand-built Worker with the processor: the job fails (retryable) before any claim.
    const queue = new Queue<VideoJobData>('rdb', { connection });
    const blocking = connection.duplicate();
    const worker = new Worker<VideoJobData, VideoJobResult>(
      'rdb',
      videoProcessor({ ...options(connection), redis: connection }),
      { connection: blocking, concurrency: 1 },
    );
    cleanups.push(
      () => blocking.disconnect(),
      () => queue.close(),
      () => worker.close(),
    );
    const prompt = 'a fox on a Redis without AOF';
    const job = await queue.add('video', { params: { model: 'Gemini-Omini', prompt } });
    const failed = await until('the job to fail', async () => {
      const j = await queue.getJob(job.id!);
      return j?.failedReason ? j : undefined;
    });
    expect(failed.failedReason).toMatch(/appendonly is no/);
    expect(createsOf(prompt)).toHaveLength(0);
    expect(await connection.keys('jimmyai-omni:create:*')).toEqual([]);
  });

  test('AOF without fsync (appendfsync no): refused, naming appendfsync', async () => {
    const { connection } = await redisWith({ args: ['--appendfsync', 'no'] });
    await expect(startVideoWorker('fsync', options(connection))).rejects.toMatchObject({
      name: 'UnsafeRedisError',
      setting: 'appendfsync',
    });
  });

  test('an evicting maxmemory-policy: refused, naming it; runs when the risk is accepted by name', async () => {
    const { connection } = await redisWith({
      args: ['--maxmemory', '50mb', '--maxmemory-policy', 'allkeys-lru'],
    });
    const refusal = await startVideoWorker('lru', options(connection)).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ risk: 'eviction', setting: 'maxmemory-policy' });
    expect((refusal as Error).message).toMatch(/allkeys-lru.*noeviction/);
    const video = await started(
      startVideoWorker('lru', { ...options(connection), unsafeRedis: { accept: ['eviction'] } }),
    );
    expect(video.redis.accepted).toEqual(['eviction']);
  });

  test('CONFIG disabled (a managed Redis): refused, saying CONFIG is not readable; runs when accepted', async () => {
    const { connection } = await redisWith({ args: ['--rename-command', 'CONFIG', ''] });
    const refusal = await startVideoWorker('managed', options(connection)).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ risk: 'config-unreadable', setting: 'CONFIG' });
    expect((refusal as Error).message).toMatch(/CONFIG GET is not readable/);
    const video = await started(
      startVideoWorker('managed', {
        ...options(connection),
        unsafeRedis: { accept: ['config-unreadable'] },
      }),
    );
    expect(video.redis).toMatchObject({ accepted: ['config-unreadable'], waitAof: false });
  });

  test("Redis Cluster: BullMQ's default prefix is refused (CROSSSLOT otherwise); a hash-tagged prefix is not", async () => {
    const { connection } = await redisWith({
      args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
    });
    await connection.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    await expect(checkRedis(connection)).rejects.toMatchObject({
      risk: 'cluster-prefix',
      setting: 'prefix',
      message: expect.stringMatching(/hash tag.*CROSSSLOT.*\{videos\}/),
    });
    expect(await checkRedis(connection, { prefix: '{videos}' })).toMatchObject({ accepted: [] });
  });

  test('AOF everysec: a crash of Redis keeps the claims older than a second, so the same jobs run again create nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omni-redis-aof-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = await redisWith({ dir });
    const video = await startVideoWorker('aof', options(first.connection));
    expect(video.redis.accepted).toEqual([]);
    const queue = new Queue<VideoJobData>('aof', { connection: first.connection });
    const prompts = [1, 2, 3].map((i) => `a fox kept on disk ${i}`);
    const add = (q: Queue<VideoJobData>) =>
      Promise.all(
        prompts.map((prompt, i) =>
          q.add(
            'video',
            { params: { model: 'Gemini-Omini', prompt } },
            { jobId: `kept-${i}`, timestamp: 1_700_000_000_000 },
          ),
        ),
      );
    await add(queue);
    for (const i of [0, 1, 2])
      await until('the job to complete', async () =>
        (await queue.getJobState(`kept-${i}`)) === 'completed' ? true : undefined,
      );
    await video.close();
    await queue.close();
    first.connection.disconnect();
    // More than the fsync second, then the host dies (SIGKILL: no save on the way out).
    await new Promise((r) => setTimeout(r, 1500));
    await first.server.crash();

    const again = await redisWith({ dir, port: first.server.port });
    const back = new Queue<VideoJobData>('aof', { connection: again.connection });
    cleanups.push(() => back.close());
    // The jobs came back, completed: adding the same ids again does nothing.
    expect(await back.getJobState('kept-0')).toBe('completed');
    await add(back);
    for (const i of [0, 1, 2]) {
      const job = (await back.getJob(`kept-${i}`))!;
      expect(await jobOutcome(job, again.connection)).toBe('completed');
      // Even a retry of a job resumes its recorded task instead of creating.
      await job.retry('completed');
    }
    const video2 = await started(startVideoWorker('aof', options(again.connection)));
    expect(video2.redis.accepted).toEqual([]);
    for (const i of [0, 1, 2])
      await until('the retried job to complete', async () =>
        (await back.getJobState(`kept-${i}`)) === 'completed' ? true : undefined,
      );
    for (const prompt of prompts) expect(createsOf(prompt)).toHaveLength(1);
  }, 40_000);
});

describe('leftovers', () => {
  test("a worker starting sweeps the staging folders of its queue's finished jobs, and only those", async () => {
    const { connection } = await redisWith();
    const queue = new Queue<VideoJobData>('sweep', { connection });
    cleanups.push(() => queue.close());
    const params = { model: 'Gemini-Omini' as const, prompt: 'a fox left half-downloaded' };
    await queue.add('video', { params }, { jobId: 'gone' });
    // It fails for good (as a job that stalled too often does, with no processor running).
    const failing = new Worker(
      'sweep',
      async () => {
        throw new UnrecoverableError('job stalled more than allowable limit');
      },
      { connection: connection.duplicate() },
    );
    await until('the job to fail', async () =>
      (await queue.getJobState('gone')) === 'failed' ? true : undefined,
    );
    await failing.close();
    await failing.disconnect();
    // What killed workers left: a folder of a finished job, one of a job still waiting,
    // one of another queue, one of nobody.
    const folder = (name: string, owner?: object) => {
      const path = join(outDir, `.${name}.mp4.partial`);
      mkdirSync(path, { recursive: true });
      writeFileSync(join(path, `.${name}.mp4.1a2b.part`), 'half a video');
      if (owner) writeFileSync(join(path, 'job.json'), JSON.stringify(owner));
      return path;
    };
    await queue.add('video', { params }, { jobId: 'waiting', delay: 60_000 });
    const finishedFolder = folder('gone', { queue: 'bull:sweep', id: 'gone' });
    const missingFolder = folder('removed', { queue: 'bull:sweep', id: 'removed' });
    const waitingFolder = folder('waiting', { queue: 'bull:sweep', id: 'waiting' });
    const otherFolder = folder('other', { queue: 'bull:other', id: 'gone' });
    const strayFolder = folder('stray');
    expect(await queue.getJobState('gone')).toBe('failed');
    await started(startVideoWorker('sweep', options(connection)));
    expect(existsSync(finishedFolder)).toBe(false);
    expect(existsSync(missingFolder)).toBe(false);
    expect(existsSync(waitingFolder)).toBe(true);
    expect(existsSync(otherFolder)).toBe(true);
    expect(existsSync(strayFolder)).toBe(true);
    for (const path of [waitingFolder, otherFolder, strayFolder]) rmSync(path, { recursive: true });
  });
});
