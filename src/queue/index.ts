/**
 * `jimmyai-omni/queue`: video generations as BullMQ jobs, across many workers and
 * machines, with a billed create that is sent at most once however often a job is
 * retried or a worker dies. Needs `bullmq` and a Redis client (`ioredis`) installed.
 *
 * @example
 * import { Queue, Worker } from 'bullmq';
 * import { Redis } from 'ioredis';
 * import { VIDEO_JOB_OPTIONS, videoProcessor } from 'jimmyai-omni/queue';
 *
 * const connection = new Redis({ maxRetriesPerRequest: null });
 * await new Queue('videos', { connection }).add('video', { params: { model: 'Gemini-Omini', prompt: 'A fox' } }, VIDEO_JOB_OPTIONS);
 * new Worker('videos', videoProcessor({ redis: connection, rate: { requestsPerSecond: 10 } }), { connection, concurrency: 20 });
 */
export {
  videoProcessor,
  type VideoJobData,
  type VideoJobResult,
  type VideoProcessorOptions,
} from './processor.js';
export {
  jobOutcome,
  readCreateRecord,
  resolveUncertain,
  UNCERTAIN_PREFIX,
  type RecordOptions,
  type VideoJobOutcome,
} from './outcome.js';
export { RECORD_PREFIX, type CreateRecord, type CreateState } from './create-record.js';
export {
  limitedFetch,
  sharedRateLimiter,
  type SharedRateLimiter,
  type SharedRateOptions,
} from './shared-rate.js';
export type { RedisScripts } from './redis.js';
export { VIDEO_JOB_OPTIONS } from './job-options.js';
