/** How a video job ended, and what a person does about an uncertain one. */
import type { Job } from 'bullmq';
import { type CreateRecord, CreateRecords, RECORD_PREFIX, recordKey } from './create-record.js';
import type { RedisScripts } from './redis.js';

/** The start of an uncertain job's `failedReason`. */
export const UNCERTAIN_PREFIX = 'uncertain:';

/** How a finished video job ended. */
export type VideoJobOutcome = 'completed' | 'failed' | 'uncertain';

/**
 * How a finished job ended: `completed` (the video is saved), `uncertain` (a task may
 * exist: a person decides), or `failed`. `undefined` while it is not finished. (A job
 * completed after failed attempts keeps the last attempt's `failedReason`: the state
 * decides, not the reason.)
 *
 * @example
 * for (const job of await queue.getFailed()) if ((await jobOutcome(job)) === 'uncertain') console.log(job.id, job.failedReason);
 */
export async function jobOutcome(
  job: Pick<Job, 'getState' | 'failedReason'>,
): Promise<VideoJobOutcome | undefined> {
  const state = await job.getState();
  if (state === 'completed') return 'completed';
  if (state !== 'failed') return undefined;
  return job.failedReason?.startsWith(UNCERTAIN_PREFIX) ? 'uncertain' : 'failed';
}

/**
 * Options of {@link readCreateRecord} and {@link resolveUncertain}.
 *
 * @example
 * await readCreateRecord(redis, job, { recordPrefix: 'myapp:create' });
 */
export interface RecordOptions {
  /** The prefix given to `videoProcessor`. @default 'jimmyai-omni:create' */
  recordPrefix?: string;
}

/**
 * What Redis holds about a job's create (`undefined` before any attempt claimed it).
 *
 * @example
 * const record = await readCreateRecord(redis, job);
 * console.log(record?.state, record?.taskId);
 */
export async function readCreateRecord(
  redis: RedisScripts,
  job: Pick<Job, 'queueName' | 'id' | 'timestamp'>,
  options: RecordOptions = {},
): Promise<CreateRecord | undefined> {
  return new CreateRecords(redis, 0).read(key(job, options));
}

/**
 * A person's decision on an uncertain job, before retrying it (`job.retry()`): the task
 * it made (found in the provider's console), or `null` when it made none (the retry then
 * creates). Resolves `false` when the job's record is not uncertain.
 *
 * @example
 * await resolveUncertain(redis, job, { taskId: 'task_01JD7Z6Q2M8V4' }); // resumes that task
 * await resolveUncertain(redis, job, { taskId: null }); // no task was made: create it
 * await job.retry('failed');
 */
export async function resolveUncertain(
  redis: RedisScripts,
  job: Pick<Job, 'queueName' | 'id' | 'timestamp'>,
  decision: { taskId: string | null },
  options: RecordOptions = {},
): Promise<boolean> {
  return new CreateRecords(redis, 0).resolve(key(job, options), decision.taskId ?? undefined);
}

function key(job: Pick<Job, 'queueName' | 'id' | 'timestamp'>, options: RecordOptions): string {
  return recordKey(options.recordPrefix ?? RECORD_PREFIX, job);
}
