/**
 * `jimmyai-omni/queue`: video generations as BullMQ jobs, across many workers and
 * machines, with a billed create that is sent at most once however often a job is
 * retried or a worker dies. Needs `bullmq` and a Redis client (`ioredis`) installed, and
 * a Redis that keeps what it is told (`noeviction`, AOF: see `checkRedis`).
 *
 * @example
 * import { Queue, Worker } from 'bullmq';
 * import { Redis } from 'ioredis';
 * import { VIDEO_JOB_OPTIONS, startVideoWorker } from 'jimmyai-omni/queue';
 *
 * const connection = new Redis({ maxRetriesPerRequest: null });
 * await new Queue('videos', { connection }).add('video', { params: { model: 'Gemini-Omini', prompt: 'A fox' } }, VIDEO_JOB_OPTIONS);
 * const video = await startVideoWorker('videos', { connection, rate: { requestsPerSecond: 10 }, worker: { concurrency: 20 } });
 */
export {
  videoProcessor,
  WORKER_CLOSING,
  type VideoJobData,
  type VideoJobResult,
  type VideoProcessorOptions,
} from './processor.js';
export {
  jobOutcome,
  jobReport,
  readCreateRecord,
  resolveUncertain,
  resumeJob,
  UNCERTAIN_PREFIX,
  type RecordOptions,
  type VideoJobOutcome,
  type VideoJobReport,
} from './outcome.js';
export {
  checkRedis,
  UnsafeRedisError,
  type RedisCheck,
  type RedisRisk,
  type UnsafeRedisOptions,
} from './redis-safety.js';
export { startVideoWorker, type VideoWorker, type VideoWorkerOptions } from './worker.js';
export { RECORD_PREFIX, type CreateRecord, type CreateState } from './create-record.js';
export {
  limitedFetch,
  sharedRateLimiter,
  type RateTurn,
  type SharedRateLimiter,
  type SharedRateOptions,
} from './shared-rate.js';
export type { RedisScripts } from './redis.js';
export { VIDEO_JOB_OPTIONS } from './job-options.js';
