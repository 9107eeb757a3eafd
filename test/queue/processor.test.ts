/**
 * videoProcessor, one rule at a time, in this process: a real redis-server, BullMQ
 * Workers, the sandbox. (crash.test.ts proves the whole across worker processes.)
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Job, Queue, Worker, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  jobOutcome,
  jobReport,
  limitedFetch,
  readCreateRecord,
  resumeJob,
  resolveUncertain,
  sharedRateLimiter,
  type VideoJobData,
  type VideoJobResult,
  videoProcessor,
} from '../../src/queue/index.js';
import { CreateRecords, recordKey, RECORD_PREFIX } from '../../src/queue/create-record.js';
import { type Sandbox, startSandbox, SUCCESS_CODE } from '../../src/sandbox/index.js';
import { type RedisServer, startRedis } from '../../examples/queue/local-redis.js';
import { densestWindow } from './metrics.js';
import { scriptedServer } from '../helpers/hostile-server.js';
import { TEST_KEY } from '../helpers/key.js';

const sample = readFileSync(new URL('../../src/sandbox/assets/sample.mp4', import.meta.url));
let redisServer: RedisServer;
let redis: Redis;
let sandbox: Sandbox;
let outDir: string;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  // DEBUG SLEEP stalls Redis in one test.
  redisServer = await startRedis({ args: ['--enable-debug-command', 'local'] });
  redis = new Redis({ port: redisServer.port, maxRetriesPerRequest: null });
  sandbox = await startSandbox({ timeScale: 0.01, jitter: 0, seed: 14 });
  outDir = mkdtempSync(join(tmpdir(), 'omni-queue-unit-'));
});
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
  sandbox.clearFaults();
  sandbox.clearRequests();
});
afterAll(async () => {
  redis?.disconnect();
  await sandbox?.close();
  await redisServer?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

let queues = 0;
/** A fresh queue and one in-process worker running videoProcessor on the sandbox. */
async function setup(
  requestsPerSecond = 50,
  options: { prefix?: string; name?: string; worker?: Partial<WorkerOptions> } = {},
) {
  const name = options.name ?? `unit-${++queues}`;
  const prefix = options.prefix ? { prefix: options.prefix } : {};
  const queue = new Queue<VideoJobData>(name, { connection: redis, ...prefix });
  const progress: number[] = [];
  const blocking = redis.duplicate();
  const worker = new Worker<VideoJobData, VideoJobResult>(
    name,
    videoProcessor({
      redis,
      rate: { requestsPerSecond },
      omni: { apiKey: TEST_KEY, baseUrl: sandbox.url },
      outDir,
      pollIntervalMs: 20,
    }),
    { connection: blocking, concurrency: 4, autorun: false, ...prefix, ...options.worker },
  );
  worker.on('progress', (_job, value) => progress.push(value as number));
  // A lost lock (the Redis stall test) is reported here; the tests read the jobs instead.
  worker.on('error', () => undefined);
  closers.push(
    () => queue.close(),
    () => worker.close(),
  );
  return { queue, worker, progress };
}

async function finished(job: Job<VideoJobData>, queue: Queue<VideoJobData>) {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    const state = await queue.getJobState(job.id!);
    // Read after the state: a job read first may be one update behind it.
    if (state === 'completed' || state === 'failed') return (await queue.getJob(job.id!))!;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`job ${job.id} did not finish`);
}

const createsOf = (prompt: string) =>
  sandbox.requests.filter(
    (r) => r.route === 'create' && (r.body as { prompt?: string })?.prompt === prompt,
  );
const tasksOf = (prompt: string) => sandbox.tasks.filter((t) => t.request.prompt === prompt);
const add = (queue: Queue<VideoJobData>, prompt: string, attempts = 3) =>
  queue.add(
    'video',
    { params: { model: 'Gemini-Omini', prompt } },
    { jobId: prompt.replace(/\W+/g, '-'), attempts, backoff: { type: 'fixed', delay: 20 } },
  );

describe('videoProcessor', () => {
  test('creates once, reports progress through the job, and returns the saved path', async () => {
    const { queue, worker, progress } = await setup();
    const job = await add(queue, 'a plain fox');
    void worker.run();
    const done = await finished(job, queue);
    expect(await jobOutcome(done, redis)).toBe('completed');
    expect(done.returnvalue).toEqual({
      taskId: tasksOf('a plain fox')[0]!.id,
      path: join(outDir, 'a-plain-fox.mp4'),
      bytes: sample.length,
    });
    expect(readFileSync(done.returnvalue.path).equals(sample)).toBe(true);
    expect(createsOf('a plain fox')).toHaveLength(1);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(done.progress).toBe(100);
    expect(await readCreateRecord(redis, done)).toMatchObject({ state: 'created' });
  });

  test('a job whose earlier attempt claimed the create and died sends nothing: uncertain, until a person decides', async () => {
    const { queue, worker } = await setup();
    const job = await add(queue, 'a fox after a crash');
    // What a worker killed between its claim and the answer leaves behind.
    await new CreateRecords(redis, 60_000).claim(recordKey(RECORD_PREFIX, job), 'dead', 'gone:1');
    void worker.run();
    const failed = await finished(job, queue);
    expect(await jobOutcome(failed, redis)).toBe('uncertain');
    expect(failed.attemptsMade).toBe(1); // not retried: retrying cannot tell more
    expect(failed.failedReason).toMatch(/never recorded its answer.*gone:1.*no task id known/);
    expect(createsOf('a fox after a crash')).toHaveLength(0);
    // A person checked: no task was made. The retry creates it, once.
    expect(await resolveUncertain(redis, failed, { taskId: null })).toBe(true);
    await failed.retry('failed');
    const done = await finished(job, queue);
    expect(await jobOutcome(done, redis)).toBe('completed');
    expect(createsOf('a fox after a crash')).toHaveLength(1);
  });

  test("the SDK's CreateUncertainError ends the job uncertain, keeping the task id the broken answer named", async () => {
    const { queue, worker } = await setup();
    const taskId = 'task_BROKENANSWER1';
    sandbox.injectFault({
      kind: 'reply',
      route: 'create',
      reply: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: SUCCESS_CODE, msg: 'ok', data: { task_id: taskId } }),
      },
    });
    const job = await add(queue, 'a fox with a broken answer');
    void worker.run();
    const failed = await finished(job, queue);
    expect(await jobOutcome(failed, redis)).toBe('uncertain');
    expect(failed.failedReason).toContain(`task ${taskId}`);
    expect(await readCreateRecord(redis, failed)).toMatchObject({ state: 'uncertain', taskId });
    expect(createsOf('a fox with a broken answer')).toHaveLength(1);
    // A reset after the request (the task made, its answer lost): uncertain too, not resent.
    sandbox.injectFault({ kind: 'reset-after', route: 'create' });
    const lost = await finished(await add(queue, 'a fox whose answer was lost'), queue);
    expect(await jobOutcome(lost, redis)).toBe('uncertain');
    expect(createsOf('a fox whose answer was lost')).toHaveLength(1);
    expect(tasksOf('a fox whose answer was lost')).toHaveLength(1);
  });

  test("an uncertain job's reason quotes the fault, never the SDK's advice to try again", async () => {
    const { queue, worker } = await setup();
    // A 500 on create: the SDK's message ends "This is usually brief; try again."
    sandbox.injectFault({ kind: 'server-error', route: 'create' });
    const job = await add(queue, 'a fox whose create failed on the server');
    void worker.run();
    const failed = await finished(job, queue);
    expect(await jobOutcome(failed, redis)).toBe('uncertain');
    expect(failed.failedReason).toMatch(/service failed/);
    expect(failed.failedReason).not.toMatch(/try again/i);
    expect(failed.failedReason).toMatch(/Not sent again/);
    expect(createsOf('a fox whose create failed on the server')).toHaveLength(1);
  });

  test('two tenants (two BullMQ prefixes), one queue name, one Redis: each job creates its own video', async () => {
    const a = await setup(50, { prefix: 'tenant-a', name: 'shared-name' });
    const b = await setup(50, { prefix: 'tenant-b', name: 'shared-name' });
    // The same job ids, added in the same millisecond: what two tenants' batches do.
    const timestamp = Date.now();
    const jobs = await Promise.all(
      [a, b].flatMap(({ queue }, t) =>
        [1, 2, 3].map((i) =>
          queue.add(
            'video',
            { params: { model: 'Gemini-Omini', prompt: `tenant ${t} fox ${i}` } },
            { jobId: `ad-${i}`, timestamp, attempts: 3 },
          ),
        ),
      ),
    );
    void a.worker.run();
    void b.worker.run();
    for (const [n, job] of jobs.entries()) {
      const { queue } = n < 3 ? a : b;
      const done = await finished(job, queue);
      const prompt = job.data.params.prompt;
      expect(await jobOutcome(done, redis)).toBe('completed');
      // Its own task, created once: never the other tenant's.
      expect(createsOf(prompt)).toHaveLength(1);
      expect(done.returnvalue.taskId).toBe(tasksOf(prompt)[0]!.id);
      expect((await readCreateRecord(redis, done))?.taskId).toBe(tasksOf(prompt)[0]!.id);
    }
  });

  test('a create answered late, after a Redis stall let another attempt give up on it: the job reports its task and resumes it', async () => {
    const { queue, worker } = await setup(50, {
      // Short locks, so that a 2 s stall of Redis outlasts one; BullMQ's maxStalledCount (1).
      worker: { lockDuration: 1000, stalledInterval: 300 },
    });
    const prompt = 'a fox answered late';
    sandbox.injectFault({ kind: 'slow', route: 'create', delayMs: 5000 });
    const job = await add(queue, prompt);
    void worker.run();
    for (const deadline = Date.now() + 5000; createsOf(prompt).length === 0;) {
      if (Date.now() > deadline) throw new Error('no create');
      await new Promise((r) => setTimeout(r, 20));
    }
    // Redis stalls: the job's lock expires, the stall check hands the job to a second
    // attempt, which finds the claim without an answer and gives up on it.
    const other = redis.duplicate();
    closers.push(async () => other.disconnect());
    await other.call('DEBUG', 'SLEEP', '2');
    const failed = await finished(job, queue);
    expect(failed.failedReason).toMatch(/^uncertain:.*no task id known/);
    // The first attempt's answer comes, and is recorded: the job now says which task it made.
    const taskId = await (async () => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
        const report = await jobReport(await queue.getJob(job.id!).then((j) => j!), redis);
        if (report?.taskId) return report;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the task id was never recorded');
    })();
    expect(taskId).toMatchObject({ outcome: 'resumable', taskId: tasksOf(prompt)[0]!.id });
    // Resumed by task id, not created again.
    expect(await resumeJob((await queue.getJob(job.id!))!, redis)).toBe(true);
    const done = await finished(job, queue);
    expect(await jobOutcome(done, redis)).toBe('completed');
    expect(done.returnvalue.taskId).toBe(tasksOf(prompt)[0]!.id);
    expect(createsOf(prompt)).toHaveLength(1);
  }, 30_000);

  test('a create refused for sure (429) releases the claim: the next attempt creates, once', async () => {
    const { queue, worker } = await setup();
    sandbox.injectFault({ kind: 'rate-limit', route: 'create', retryAfter: 0 });
    const job = await add(queue, 'a fox at the second try');
    void worker.run();
    const done = await finished(job, queue);
    expect(await jobOutcome(done, redis)).toBe('completed');
    expect(done.attemptsMade).toBe(2);
    expect(createsOf('a fox at the second try').map((r) => r.status)).toEqual([429, 200]);
    expect(tasksOf('a fox at the second try')).toHaveLength(1);
  });

  test('a retried job resumes its task by id, and a link refused once is fetched again after a fresh look', async () => {
    const { queue, worker } = await setup();
    sandbox.injectFault({ kind: 'reply', route: 'media', reply: { status: 410, body: '' } });
    const job = await add(queue, 'a fox with a stale link');
    void worker.run();
    const done = await finished(job, queue);
    expect(await jobOutcome(done, redis)).toBe('completed');
    expect(readFileSync(done.returnvalue.path).equals(sample)).toBe(true);
    const routes = sandbox.requests.map((r) => r.route);
    const expired = sandbox.requests.findIndex((r) => r.fault === 'reply');
    // After the 410: one retrieve for a fresh link (download's refresh), then the video.
    expect(routes[expired + 1]).toBe('retrieve');
    expect(createsOf('a fox with a stale link')).toHaveLength(1);
  });

  test('a video host answering an error page with HTTP 200: the page is removed and the video fetched again', async () => {
    const { queue, worker } = await setup();
    sandbox.injectFault({ kind: 'error-envelope-200', route: 'media' });
    const job = await add(queue, 'a fox behind an error page');
    void worker.run();
    const done = await finished(job, queue);
    expect(await jobOutcome(done, redis)).toBe('completed');
    expect(done.attemptsMade).toBe(2);
    // The SDK's download refuses the page: whether a body is a video is said there only.
    expect((done.stacktrace ?? []).join('\n')).toMatch(/not a video/);
    expect(readFileSync(done.returnvalue.path).equals(sample)).toBe(true);
  });

  test('what a worker killed mid-download left behind is swept by the next attempt', async () => {
    const { queue, worker } = await setup();
    const staging = join(outDir, '.a-fox-after-a-cut-download.mp4.partial');
    mkdirSync(staging);
    writeFileSync(
      join(staging, '.a-fox-after-a-cut-download.mp4.0a1b2c.part'),
      sample.subarray(0, 100),
    );
    const job = await add(queue, 'a fox after a cut download');
    void worker.run();
    const done = await finished(job, queue);
    expect(await jobOutcome(done, redis)).toBe('completed');
    expect(readFileSync(done.returnvalue.path).equals(sample)).toBe(true);
    expect(existsSync(staging)).toBe(false);
    expect(readdirSync(outDir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  test('a failed task fails the job at once, naming the task and the reason', async () => {
    const { queue, worker } = await setup();
    const job = await add(queue, 'a fox [fail]');
    void worker.run();
    const failed = await finished(job, queue);
    expect(await jobOutcome(failed, redis)).toBe('failed');
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toContain(tasksOf('a fox [fail]')[0]!.id);
    expect(createsOf('a fox [fail]')).toHaveLength(1);
  });

  test('invalid params fail the job before anything is claimed or sent', async () => {
    const { queue, worker } = await setup();
    const job = await queue.add('video', { params: { model: 'Gemini-Omini', prompt: ' ' } });
    void worker.run();
    const failed = await finished(job, queue);
    expect(await jobOutcome(failed, redis)).toBe('failed');
    expect(failed.failedReason).toMatch(/prompt/);
    expect(await readCreateRecord(redis, failed)).toBeUndefined();
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('sharedRateLimiter', () => {
  test('two limiters on two connections share one budget', async () => {
    const other = redis.duplicate();
    closers.push(async () => other.disconnect());
    const key = `rate-${Date.now()}`;
    const a = sharedRateLimiter(redis, { requestsPerSecond: 20, marginMs: 0, key });
    const b = sharedRateLimiter(other, { requestsPerSecond: 20, marginMs: 0, key });
    const started = Date.now();
    const times = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const turn = await (i % 2 ? a : b).acquire();
        await turn.done(); // answered at once
        return turn.time;
      }),
    );
    expect(densestWindow(times)).toBeLessThanOrEqual(20);
    expect(densestWindow(times)).toBe(20);
    // 50 turns at 20 per second: the last two seconds after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  test('a turn counts until its request is answered: a request sent late cannot meet the next window', async () => {
    const key = `rate-late-${Date.now()}`;
    const limiter = sharedRateLimiter(redis, { requestsPerSecond: 10, marginMs: 0, key });
    const first = await Promise.all(Array.from({ length: 10 }, () => limiter.acquire()));
    // Their requests take 1.5 s to be answered (a cold worker, a slow network)...
    await new Promise((r) => setTimeout(r, 1500));
    const answered = Date.now();
    await Promise.all(first.map((turn) => turn.done()));
    // ...so the next turn comes a second after those answers, not a second after the grants.
    const next = await limiter.acquire();
    void next.done();
    expect(Date.now() - answered).toBeGreaterThanOrEqual(950);
    expect(next.time - Math.max(...first.map((t) => t.time))).toBeGreaterThanOrEqual(2400);
  });

  test('limitedFetch: a redirect followed for a download takes a turn per hop (each hop arrives somewhere)', async () => {
    const server = await scriptedServer([
      { status: 302, headers: { location: '/hop-1' }, body: '' },
      { status: 307, headers: { location: '/hop-2' }, body: '' },
      { status: 200, headers: { 'content-type': 'video/mp4' }, body: 'ftyp' },
    ]);
    closers.push(() => server.close());
    const limiter = sharedRateLimiter(redis, {
      requestsPerSecond: 50,
      key: `rate-hops-${Date.now()}`,
    });
    const turns: number[] = [];
    const counted = limitedFetch(
      {
        acquire: async (signal) => {
          const turn = await limiter.acquire(signal);
          turns.push(turn.time);
          return turn;
        },
      },
      fetch,
    );
    const response = await counted(`${server.url}/video.mp4`, { redirect: 'follow' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ftyp');
    expect(server.requests.map((r) => r.url)).toEqual(['/video.mp4', '/hop-1', '/hop-2']);
    expect(turns).toHaveLength(3);
  });

  test('refuses a rate that is not a positive integer', () => {
    expect(() => sharedRateLimiter(redis, { requestsPerSecond: 0 })).toThrow(/requestsPerSecond/);
    expect(() => sharedRateLimiter(redis, { requestsPerSecond: 2.5 })).toThrow(/integer/);
  });
});
