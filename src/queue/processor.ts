/**
 * The BullMQ processor of a video job: a create that is sent at most once however often
 * the job is retried or its worker dies, then a wait and a download that any worker can
 * redo from the task id.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import {
  CreateUncertainError,
  type CreateVideoParams,
  Omni,
  type OmniOptions,
  TaskFailedError,
  ValidationError,
  type VideoTask,
} from '../index.js';
import { type CreateRecord, CreateRecords, RECORD_PREFIX, recordKey } from './create-record.js';
import type { RedisScripts } from './redis.js';
import {
  limitedFetch,
  type SharedRateLimiter,
  type SharedRateOptions,
  sharedRateLimiter,
} from './shared-rate.js';
import { UNCERTAIN_PREFIX } from './outcome.js';
import { checkRedis, type RedisCheck, type UnsafeRedisOptions } from './redis-safety.js';
import { saveVideo } from './video-file.js';

/**
 * The reason a worker that is shutting down aborts its jobs with
 * (`worker.cancelAllJobs(WORKER_CLOSING)`, as `startVideoWorker`'s `close` does): the
 * processor then hands each job back to the queue, its create record kept, instead of
 * failing it. A create in flight is never aborted: it is awaited first.
 *
 * @example
 * worker.cancelAllJobs(WORKER_CLOSING);
 * await worker.close();
 */
export const WORKER_CLOSING = 'jimmyai-omni/queue: the worker is shutting down';

/**
 * A video job's data: the create request.
 *
 * @example
 * await queue.add('video', { params: { model: 'Gemini-Omini', prompt: 'A fox in the snow' } } satisfies VideoJobData, { jobId: 'ad-42', ...VIDEO_JOB_OPTIONS });
 */
export interface VideoJobData {
  params: CreateVideoParams;
}

/**
 * A completed video job's result (`job.returnvalue`).
 *
 * @example
 * queueEvents.on('completed', ({ returnvalue }) => console.log((returnvalue as unknown as VideoJobResult).path));
 */
export interface VideoJobResult {
  taskId: string;
  /** Where the video was saved, complete. */
  path: string;
  bytes: number;
}

/**
 * Options of {@link videoProcessor}.
 *
 * @example
 * videoProcessor({ redis, rate: { requestsPerSecond: 10 }, outDir: 'videos' });
 */
export interface VideoProcessorOptions {
  /** Where create records and the shared rate live (an ioredis client). */
  redis: RedisScripts;
  /** The request budget every worker shares: its options, or a {@link sharedRateLimiter}. */
  rate: SharedRateOptions | SharedRateLimiter;
  /** The SDK client's options; its `fetch`, if given, is wrapped by the shared limiter. */
  omni?: OmniOptions;
  /** Where videos are saved, as `<job id>.mp4`. @default 'out' */
  outDir?: string;
  /** Where one job's video is saved, instead of `outDir`. */
  destination?: (job: Job<VideoJobData>) => string;
  /** How long one attempt waits for its task (`wait`'s `timeoutMs`). @default 20 minutes */
  waitTimeoutMs?: number;
  /** A fixed poll interval instead of the SDK's adaptive schedule. */
  pollIntervalMs?: number;
  /** The prefix of the create records' keys. @default 'jimmyai-omni:create' */
  recordPrefix?: string;
  /** How long create records are kept (ms). @default 30 days */
  recordTtlMs?: number;
  /**
   * The Redis risks to run with anyway (see `checkRedis`): without them, a Redis that
   * can forget claims (an evicting policy, no AOF) fails every job before anything is
   * claimed or sent, naming the setting.
   */
  unsafeRedis?: UnsafeRedisOptions;
  /**
   * Whether the worker is shutting down (`startVideoWorker` passes its own): a job it
   * still takes then (another of its slots was already waiting for one) is handed back
   * at once.
   */
  closing?: () => boolean;
}

/** How long a job handed back at shutdown waits, so that the closing worker's own free slots do not take it again. */
const HANDBACK_DELAY_MS = 1_000;

/**
 * A BullMQ processor (`new Worker(name, videoProcessor(...), ...)`) for {@link VideoJobData}.
 *
 * - The create is claimed in Redis, atomically, before it is sent, and its task id
 *   written as soon as the answer names it. A retried job that finds a claim without a
 *   task id, or whose create the SDK reports as `CreateUncertainError`, does not send
 *   again: it fails without retry, its reason starting with `uncertain:` and saying what
 *   is known (see {@link jobOutcome}, {@link resolveUncertain}).
 * - A create that provably made no task (a 429, a refused connection, the service's
 *   refusal) releases the claim: BullMQ's next attempt creates.
 * - With a task id, any attempt on any worker waits for the task and downloads it,
 *   reporting progress through `job.updateProgress`. A failed task fails the job
 *   without retry; anything transient is thrown, for BullMQ to retry.
 * - Every request of every worker waits for its turn in one shared rate.
 *
 * @example
 * const worker = new Worker<VideoJobData, VideoJobResult>('videos', videoProcessor({ redis, rate: { requestsPerSecond: 10 } }), { connection, concurrency: 20 });
 */
export function videoProcessor(
  options: VideoProcessorOptions,
): (job: Job<VideoJobData>, token?: string, signal?: AbortSignal) => Promise<VideoJobResult> {
  const limiter =
    'acquire' in options.rate ? options.rate : sharedRateLimiter(options.redis, options.rate);
  const omni = new Omni({
    ...options.omni,
    fetch: limitedFetch(limiter, options.omni?.fetch ?? ((input, init) => fetch(input, init))),
  });
  const records = new CreateRecords(options.redis, options.recordTtlMs ?? 30 * 24 * 3600_000);
  const prefix = options.recordPrefix ?? RECORD_PREFIX;
  const worker = `${hostname()}:${process.pid}`;
  const destination = destinationOf(options);
  // Checked once per process, before the first claim; a failed check is checked again
  // by the next job (the operator may have fixed Redis meanwhile).
  let safety: Promise<RedisCheck> | undefined;
  const safe = (job: Job<VideoJobData>) =>
    (safety ??= checkRedis(options.redis, {
      prefix: job.prefix,
      unsafeRedis: options.unsafeRedis,
    }).catch((error: unknown) => {
      safety = undefined;
      throw error;
    }));

  async function taskOf(job: Job<VideoJobData>, key: string, signal?: AbortSignal) {
    const known = await records.read(key);
    if (known) return known;
    // Validate first: a job that can never be sent fails at once, touching nothing.
    try {
      omni.videos.prepare(job.data.params);
    } catch (error) {
      if (error instanceof ValidationError) throw new UnrecoverableError(error.message);
      throw error;
    }
    const { waitAof } = await safe(job);
    // The turn is taken before the claim: a worker that dies waiting leaves no claim.
    const turn = await limiter.acquire(signal);
    let task: VideoTask;
    const attempt = randomUUID();
    try {
      const found = await records.claim(key, attempt, worker);
      if (found) return found;
      if (waitAof && !(await records.onDisk().catch(() => false))) {
        await records.release(key, attempt);
        throw new Error(
          'The create claim was not confirmed on disk (WAITAOF) in time: nothing was sent; the job is retried.',
        );
      }
      // No signal: a create aborted in flight could not be told apart from one that
      // made a task. A worker shutting down waits for the answer (the SDK's timeout).
      task = await omni.videos.create(job.data.params, { maxRetries: 0 });
    } catch (error) {
      if (error instanceof CreateUncertainError)
        return (
          (await records.uncertain(key, causeOf(error), error.taskId)) ?? (await records.read(key))
        );
      // Any other error of create means that no task was made (see the SDK's README).
      await records.release(key, attempt);
      throw error;
    } finally {
      void turn.done();
    }
    // Best effort: the task is in hand even if Redis fails now; a later attempt would
    // then find the claim without the id and stop as uncertain, never create again.
    await records.answered(key, attempt, task.task_id).catch(() => false);
    return {
      state: 'created',
      attempt,
      worker,
      claimedAt: Date.now(),
      taskId: task.task_id,
    } as const;
  }

  // Shutting down: hand the job back (its record kept: the next worker resumes the task
  // by id) instead of failing it or waiting minutes for the video. Delayed a little, not
  // waiting: a closing worker's idle slots are still blocked on the queue and would take
  // a waiting job straight back.
  const handBack = async (job: Job<VideoJobData>, token: string) => {
    await job.moveToDelayed(Date.now() + HANDBACK_DELAY_MS, token);
    return new DelayedError();
  };

  return async (job, token, signal) => {
    if (options.closing?.() && token !== undefined) throw await handBack(job, token);
    try {
      return await run(job, signal);
    } catch (error) {
      if (signal?.reason === WORKER_CLOSING && token !== undefined)
        throw await handBack(job, token);
      throw error;
    }
  };

  async function run(job: Job<VideoJobData>, signal?: AbortSignal): Promise<VideoJobResult> {
    const key = recordKey(prefix, job);
    let record: CreateRecord | undefined = await taskOf(job, key, signal);
    if (record?.state === 'creating')
      record = await records.uncertain(
        key,
        `an earlier attempt (${record.worker}, ${new Date(record.claimedAt).toISOString()}) claimed the create and never recorded its answer: it may have sent it`,
      );
    if (!record || record.state !== 'created' || !record.taskId)
      throw new UnrecoverableError(uncertainMessage(job, record));
    const taskId = record.taskId;
    let reported = -1;
    const progress = (task: VideoTask) => {
      const value = Math.max(0, Math.min(99, Math.floor(task.progress ?? 0)));
      if (value === reported) return;
      reported = value;
      // A dashboard's progress bar is not worth failing the job over.
      job.updateProgress(value).catch(() => undefined);
    };
    try {
      const done = await omni.videos.wait(taskId, {
        signal,
        onProgress: progress,
        timeoutMs: options.waitTimeoutMs,
        pollIntervalMs: options.pollIntervalMs,
      });
      const path = destination(job);
      const saved = await saveVideo(
        path,
        (staged) => omni.videos.download(done, staged, { overwrite: true, signal }),
        { queue: job.queueQualifiedName, id: String(job.id) },
      );
      await job.updateProgress(100).catch(() => undefined);
      return { taskId, path: saved.path, bytes: saved.bytes };
    } catch (error) {
      if (error instanceof TaskFailedError) {
        // Recorded, so that jobReport says `failed`, not `resumable`.
        await records.taskFailed(key, taskId).catch(() => undefined);
        throw new UnrecoverableError(error.message);
      }
      throw withTaskId(error, taskId);
    }
  }
}

/**
 * Where a job's video is saved: `destination(job)`, or `<outDir>/<job id>.mp4`.
 *
 * @example
 * const path = destinationOf({ outDir: 'videos' })(job);
 */
export function destinationOf(
  options: Pick<VideoProcessorOptions, 'destination' | 'outDir'>,
): (job: Job<VideoJobData>) => string {
  return (
    options.destination ??
    ((job: Job<VideoJobData>) => join(options.outDir ?? 'out', `${fileSafe(String(job.id))}.mp4`))
  );
}

function uncertainMessage(job: Job<VideoJobData>, record: CreateRecord | undefined): string {
  const known = record
    ? `${record.reason ?? 'the create was not confirmed'}; claimed by ${record.worker} at ` +
      `${new Date(record.claimedAt).toISOString()}; ${record.taskId ? `task ${record.taskId}` : 'no task id known'}`
    : 'its create record is gone';
  return (
    `${UNCERTAIN_PREFIX} job ${job.id}: its create may have made a task (${known}). Not sent ` +
    'again, so that no video is paid for twice: check your tasks, then resolveUncertain() and retry the job.'
  );
}

/**
 * What went wrong with an uncertain create, in one line (server text is data: no control
 * characters). The cause's own words only: the SDK's advice ("check your tasks before
 * creating it again") is for a caller of create, and would read here as if the job might
 * send it again.
 */
function causeOf(error: CreateUncertainError): string {
  const said = (error.cause instanceof Error ? error.cause.message : '')
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .split(/(?<=[.;])\s+/)
    .filter((sentence) => !/try again|retry|resen[dt]|creating it again/i.test(sentence))
    .join(' ')
    .replace(/;$/, '.')
    .trim();
  return said || 'the create was sent and its answer never confirmed a task';
}

function withTaskId(error: unknown, taskId: string): unknown {
  if (!(error instanceof Error) || error.message.includes(taskId)) return error;
  return new Error(`Task ${taskId}: ${error.message}`, { cause: error });
}

function fileSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
}
