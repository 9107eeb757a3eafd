/**
 * A video worker that starts only on a Redis that keeps its claims, cleans up after
 * jobs that died mid-download, and shuts down by handing its jobs back.
 */
import { type ConnectionOptions, Job, Worker, type WorkerOptions } from 'bullmq';
import { rm } from 'node:fs/promises';
import {
  destinationOf,
  type VideoJobData,
  type VideoJobResult,
  type VideoProcessorOptions,
  videoProcessor,
  WORKER_CLOSING,
} from './processor.js';
import type { RedisScripts } from './redis.js';
import { checkRedis, type RedisCheck } from './redis-safety.js';
import { stagingOf, sweepStaging } from './video-file.js';

/**
 * Options of {@link startVideoWorker}: the processor's, BullMQ's connection and the
 * Worker's own options.
 *
 * @example
 * await startVideoWorker('videos', { connection, rate: { requestsPerSecond: 10 }, worker: { concurrency: 20 } });
 */
export interface VideoWorkerOptions extends Omit<VideoProcessorOptions, 'redis'> {
  /** An ioredis client (`maxRetriesPerRequest: null`): BullMQ's connection, and where the records live. */
  connection: RedisScripts & ConnectionOptions;
  /** BullMQ's Worker options (`concurrency`, `prefix`, `lockDuration`...). */
  worker?: Omit<WorkerOptions, 'connection' | 'autorun'>;
}

/**
 * A started video worker.
 *
 * @example
 * process.once('SIGTERM', () => void video.close().then(() => process.exit(0)));
 */
export interface VideoWorker {
  worker: Worker<VideoJobData, VideoJobResult>;
  /** What the start-up check of Redis found. */
  redis: RedisCheck;
  /**
   * Stops taking jobs and hands back the jobs in hand: a job waiting for its task (or
   * for a turn of the rate) goes back to the queue at once, its create record kept, so
   * another worker resumes the task by id; a create in flight is awaited first (never
   * aborted: its answer must be recorded). Resolves when the worker is closed, or after
   * `timeoutMs` (then the worker is closed by force: its jobs stall and are resumed).
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Checks Redis ({@link checkRedis}: rejects with `UnsafeRedisError` on a Redis that can
 * forget claims, unless `unsafeRedis` accepts the risk), removes the staging folders of
 * finished jobs, then starts a BullMQ Worker running {@link videoProcessor}.
 *
 * @example
 * const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
 * const video = await startVideoWorker('videos', { connection, rate: { requestsPerSecond: 10 }, outDir: 'videos', worker: { concurrency: 20 } });
 * process.once('SIGTERM', () => void video.close().then(() => connection.disconnect()));
 */
export async function startVideoWorker(
  queueName: string,
  options: VideoWorkerOptions,
): Promise<VideoWorker> {
  const { connection, worker: workerOptions, ...processorOptions } = options;
  const check = await checkRedis(connection, {
    prefix: workerOptions?.prefix,
    unsafeRedis: options.unsafeRedis,
  });
  const worker: Worker<VideoJobData, VideoJobResult> = new Worker<VideoJobData, VideoJobResult>(
    queueName,
    videoProcessor({
      ...processorOptions,
      redis: connection,
      closing: (): boolean => worker.closing !== undefined,
    }),
    { ...workerOptions, connection, autorun: false },
  );
  const destination = destinationOf(options);
  const finished = async (id: string) => {
    const job = await Job.fromId(worker, id);
    return !job || ['completed', 'failed'].includes(await job.getState());
  };
  // A job that failed for good leaves no staging folder behind: one its processor failed
  // ('failed'), and one BullMQ failed for stalling too often, its worker killed
  // mid-download ('stalled': BullMQ emits no 'failed' for it).
  const cleanIfFailed = (job: Job<VideoJobData> | undefined) =>
    job
      ?.getState()
      .then((state) =>
        state === 'failed'
          ? rm(stagingOf(destination(job)), { recursive: true, force: true })
          : undefined,
      )
      .catch(() => undefined);
  worker.on('failed', (job) => void cleanIfFailed(job));
  worker.on('stalled', (id) => {
    void Job.fromId<VideoJobData>(worker, id)
      .then(cleanIfFailed)
      .catch(() => undefined);
  });
  // Without a listener, an 'error' event would throw and end the process; the caller
  // adds its own to see them.
  worker.on('error', () => undefined);
  await worker.waitUntilReady();
  if (!options.destination)
    await sweepStaging(options.outDir ?? 'out', worker.qualifiedName, finished);
  // Last, with no await after it: listeners the caller adds on return see every job.
  void worker.run().catch((error: unknown) => worker.emit('error', error as Error));

  return {
    worker,
    redis: check,
    async close({ timeoutMs = 30_000 } = {}) {
      const closed = worker.close();
      worker.cancelAllJobs(WORKER_CLOSING);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), timeoutMs);
      });
      try {
        if ((await Promise.race([closed, late])) === 'late') void worker.close(true);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
