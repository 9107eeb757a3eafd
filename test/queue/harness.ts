/**
 * The queue's proving ground, shared by test/queue/crash.test.ts and bench/queue.ts: a
 * real redis-server, the sandbox (time-scaled, faults at a seeded rate), N worker
 * PROCESSES running `videoProcessor`, a batch of jobs, and optionally two SIGKILLs: one
 * while a worker's create is in flight (a `hang` on create, then the kill), one at a
 * random moment. Returns everything the sandbox and BullMQ recorded.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { build } from 'esbuild';
import { Redis } from 'ioredis';
import { jobReport, type VideoJobData, type VideoJobOutcome } from '../../src/queue/index.js';
import {
  DEFAULT_RANDOM_FAULT_KINDS,
  type RecordedRequest,
  type Sandbox,
  startSandbox,
} from '../../src/sandbox/index.js';
import { startRedis } from '../../examples/queue/local-redis.js';
import type { WorkerConfig, WorkerMessage } from './worker-config.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface RunOptions {
  jobs: number;
  workers: number;
  concurrency: number;
  requestsPerSecond: number;
  /** The limiter's margin beyond its 1 s window (see sharedRateLimiter). @default 100 */
  marginMs?: number;
  /** The sandbox's random fault rate (0..1). */
  faultRate: number;
  timeScale: number;
  /** Kill two workers mid-run (one during a create). */
  kills: boolean;
  seed: number;
  /** Every `failEvery`-th prompt carries `[fail]`: its task fails. 0: none. */
  failEvery: number;
  /** Give up after this long (ms). */
  deadlineMs: number;
  /** BullMQ's `maxStalledCount` in the workers; BullMQ's default (1) when absent. */
  maxStalledCount?: number;
  /**
   * Kill a random worker (SIGKILL) every this many ms once tasks exist, and start a new
   * one in its place; stops when every job has finished.
   */
  killEveryMs?: number;
  /** `sandbox` options beyond the harness's own (e.g. `runMs`). */
  sandboxOptions?: Parameters<typeof startSandbox>[0];
  /** Faults queued before the workers start (e.g. slow downloads). */
  faults?: Parameters<Sandbox['injectFault']>[0][];
}

export interface JobReport {
  id: string;
  prompt: string;
  outcome: VideoJobOutcome | undefined;
  /** The task, whenever the job's record knows it. */
  taskId?: string;
  path?: string;
  bytes?: number;
  failedReason?: string;
}

export interface Kill {
  worker: string;
  at: number;
  /** The jobs it had started and not ended. */
  orphans: string[];
  /** How many worker messages had arrived when it died (later ones came from others). */
  messagesBefore: number;
  /** For the kill during a create: the job whose create was in flight. */
  duringCreateOf?: string;
}

export interface RunReport {
  durationMs: number;
  /** The redis-server and queue of the run (alive until cleanup). */
  redisPort: number;
  queueName: string;
  jobs: JobReport[];
  requests: readonly RecordedRequest[];
  sandbox: Sandbox;
  outDir: string;
  kills: Kill[];
  messages: WorkerMessage[];
  cleanup(): Promise<void>;
}

/** The prompt of job `i`: unique, so the sandbox's records map back to the job. */
export const promptOf = (i: number, failEvery: number) =>
  `[job-${String(i).padStart(4, '0')}] A red fox running through fresh snow${
    failEvery > 0 && i % failEvery === failEvery - 1 ? ' [fail]' : ''
  }`;

/** Builds the worker entry once (Node 20 runs no TypeScript): a bundle in node_modules. */
async function buildWorker(): Promise<{ file: string; dispose(): void }> {
  const dir = mkdtempSync(join(ROOT, 'node_modules', '.queue-worker-'));
  const file = join(dir, 'worker.mjs');
  await build({
    entryPoints: [join(ROOT, 'test/queue/worker-process.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    alias: { 'jimmyai-omni': './src' },
    absWorkingDir: ROOT,
    logLevel: 'warning',
  });
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A seeded generator (mulberry32), so a failing run can be replayed from its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean | Promise<boolean>, deadline: number, what: string) {
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export async function runQueue(options: RunOptions): Promise<RunReport> {
  const random = seeded(options.seed);
  const deadline = Date.now() + options.deadlineMs;
  const redisServer = await startRedis();
  const worker = await buildWorker();
  const sandbox = await startSandbox({
    ...options.sandboxOptions,
    timeScale: options.timeScale,
    seed: options.seed,
    faults:
      options.faultRate > 0
        ? {
            rate: options.faultRate,
            // `slow` is left to the scripted kill (a random one would hide it).
            kinds: DEFAULT_RANDOM_FAULT_KINDS.filter((k) => k !== 'slow'),
          }
        : undefined,
  });
  for (const fault of options.faults ?? []) sandbox.injectFault(fault);
  const outDir = mkdtempSync(join(tmpdir(), 'omni-queue-'));
  mkdirSync(outDir, { recursive: true });
  const connection = new Redis({ port: redisServer.port, maxRetriesPerRequest: null });
  const queueName = `videos-${options.seed}`;
  const queue = new Queue<VideoJobData>(queueName, { connection });
  const children = new Map<string, ChildProcess>();
  const messages: WorkerMessage[] = [];
  const open = new Map<string, Set<string>>(); // worker -> jobs started, not ended
  const kills: Kill[] = [];

  const cleanup = async () => {
    for (const child of children.values())
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await queue.close().catch(() => undefined);
    connection.disconnect();
    await sandbox.close();
    await redisServer.stop();
    worker.dispose();
    rmSync(outDir, { recursive: true, force: true });
  };

  try {
    const started = Date.now();
    await queue.addBulk(
      Array.from({ length: options.jobs }, (_, i) => ({
        name: 'video',
        data: { params: { model: 'Gemini-Omini', prompt: promptOf(i, options.failEvery) } },
        opts: {
          jobId: `job-${String(i).padStart(4, '0')}`,
          attempts: 12,
          backoff: { type: 'fixed', delay: 300 },
        },
      })),
    );
    let spawned = 0;
    const spawnWorker = () => {
      const name = `w${++spawned}`;
      const config: WorkerConfig = {
        name,
        queue: queueName,
        redisPort: redisServer.port,
        baseUrl: sandbox.url,
        outDir,
        concurrency: options.concurrency,
        requestsPerSecond: options.requestsPerSecond,
        marginMs: options.marginMs,
        maxStalledCount: options.maxStalledCount,
      };
      const child = fork(worker.file, [], {
        env: { ...process.env, QUEUE_WORKER: JSON.stringify(config) },
        execArgv: ['--enable-source-maps'],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      open.set(name, new Set());
      child.on('message', (message: WorkerMessage) => {
        messages.push(message);
        if (message.type === 'start') open.get(message.worker)?.add(message.jobId);
        if (message.type === 'end') open.get(message.worker)?.delete(message.jobId);
      });
      children.set(name, child);
    };
    for (let w = 1; w <= options.workers; w++) spawnWorker();

    const finished = async () => {
      const counts = await queue.getJobCounts('completed', 'failed');
      return (counts.completed ?? 0) + (counts.failed ?? 0) >= options.jobs;
    };
    const kill = async (name: string, extra: Partial<Kill> = {}) => {
      const child = children.get(name)!;
      child.kill('SIGKILL');
      await once(child, 'exit');
      kills.push({
        worker: name,
        at: Date.now() - started,
        orphans: [...open.get(name)!],
        messagesBefore: messages.length,
        ...extra,
      });
    };

    if (options.kills) {
      // Mid-run: a fifth of the tasks exist.
      await until(() => sandbox.tasks.length >= options.jobs / 5, deadline, 'a fifth of the tasks');
      // Kill 1: a create that the sandbox processes but never answers; its sender dies.
      sandbox.injectFault({ kind: 'hang', route: 'create' });
      let hung: RecordedRequest | undefined;
      await until(
        () => (hung = sandbox.requests.find((r) => r.fault === 'hang')) !== undefined,
        deadline,
        'the hung create',
      );
      const prompt = (hung!.body as { prompt: string }).prompt;
      await kill(String(hung!.headers['x-test-worker']), {
        duringCreateOf: /^\[(job-\d+)\]/.exec(prompt)?.[1],
      });
      // Kill 2: another worker, 0.5 to 3 s later.
      await sleep(500 + random() * 2500);
      const alive = [...children.keys()].filter((n) => !kills.some((k) => k.worker === n));
      await kill(alive[Math.floor(random() * alive.length)]!);
    }

    if (options.killEveryMs) {
      await until(() => sandbox.tasks.length > 0, deadline, 'the first task');
      while (!(await finished())) {
        if (Date.now() > deadline) throw new Error('timed out waiting for every job to finish');
        await sleep(options.killEveryMs);
        const alive = [...children.keys()].filter((n) => !kills.some((k) => k.worker === n));
        await kill(alive[Math.floor(random() * alive.length)]!);
        spawnWorker();
      }
    }

    await until(finished, deadline, 'every job to finish');
    const durationMs = Date.now() - started;
    const jobs: JobReport[] = [];
    for (const job of await queue.getJobs(['completed', 'failed'], 0, -1)) {
      const end = await jobReport(job, connection);
      jobs.push({
        id: String(job.id),
        prompt: job.data.params.prompt,
        outcome: end?.outcome,
        ...(end?.taskId ? { taskId: end.taskId } : {}),
        path: job.returnvalue?.path,
        bytes: job.returnvalue?.bytes,
        failedReason: job.failedReason || undefined,
      });
    }
    for (const [name, child] of children)
      if (!kills.some((k) => k.worker === name)) child.send({ type: 'stop' });
    await Promise.all(
      [...children.values()]
        .filter((c) => c.exitCode === null && c.signalCode === null)
        .map((c) => once(c, 'exit')),
    );
    jobs.sort((a, b) => a.id.localeCompare(b.id));
    return {
      durationMs,
      redisPort: redisServer.port,
      queueName,
      jobs,
      requests: sandbox.requests,
      sandbox,
      outDir,
      kills,
      messages,
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
