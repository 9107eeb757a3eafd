/** How a video job ended, and what a person does about an uncertain or interrupted one. */
import type { Job } from 'bullmq';
import { type CreateRecord, CreateRecords, RECORD_PREFIX, recordKey } from './create-record.js';
import type { RedisScripts } from './redis.js';

/** The start of an uncertain job's `failedReason`. */
export const UNCERTAIN_PREFIX = 'uncertain:';

/**
 * How a finished video job ended.
 *
 * - `completed`: the video is saved.
 * - `resumable`: the job failed, but its task exists and its id is recorded (its worker
 *   died more often than BullMQ's `maxStalledCount` allows, its transient errors used up
 *   its attempts, or a late create answer named the task after another attempt had given
 *   up): {@link resumeJob} waits for that task again; nothing is created.
 * - `uncertain`: a task may exist, its id unknown (or known only from a broken answer):
 *   a person decides ({@link resolveUncertain}).
 * - `failed`: no task was made (invalid params, refused creates), or the task failed.
 *
 * @example
 * const counts: Record<VideoJobOutcome, number> = { completed: 0, resumable: 0, failed: 0, uncertain: 0 };
 */
export type VideoJobOutcome = 'completed' | 'resumable' | 'failed' | 'uncertain';

/**
 * A finished job's outcome, with the task when one exists.
 *
 * @example
 * const { outcome, taskId } = (await jobReport(job, redis))!;
 */
export interface VideoJobReport {
  outcome: VideoJobOutcome;
  /** The task the job's create made, whenever it is known: a paid task is never reported without it. */
  taskId?: string;
  /** Why the job did not complete: BullMQ's `failedReason`, or the record's when it says more. */
  reason?: string;
}

/**
 * Options of the functions that read a job's create record.
 *
 * @example
 * await readCreateRecord(redis, job, { recordPrefix: 'myapp:create' });
 */
export interface RecordOptions {
  /** The prefix given to `videoProcessor`. @default 'jimmyai-omni:create' */
  recordPrefix?: string;
}

type JobRef = Pick<Job, 'queueQualifiedName' | 'id' | 'timestamp'>;

/**
 * How a finished job ended, read from BullMQ's state AND the job's create record (which
 * knows about the task even when BullMQ failed the job without running it, e.g. after
 * it stalled twice). `undefined` while the job is not finished.
 *
 * @example
 * for (const job of await queue.getFailed()) {
 *   const report = await jobReport(job, redis);
 *   if (report?.outcome === 'resumable') await resumeJob(job, redis);
 * }
 */
export async function jobReport(
  job: JobRef & Pick<Job, 'getState' | 'failedReason' | 'returnvalue'>,
  redis: RedisScripts,
  options: RecordOptions = {},
): Promise<VideoJobReport | undefined> {
  const state = await job.getState();
  if (state === 'completed') {
    const taskId = (job.returnvalue as { taskId?: unknown } | undefined)?.taskId;
    return typeof taskId === 'string' ? { outcome: 'completed', taskId } : { outcome: 'completed' };
  }
  if (state !== 'failed') return undefined;
  const record = await readCreateRecord(redis, job, options);
  const reason = job.failedReason || undefined;
  const report = (outcome: VideoJobOutcome, why = reason): VideoJobReport => ({
    outcome,
    ...(record?.taskId ? { taskId: record.taskId } : {}),
    ...(why ? { reason: why } : {}),
  });
  if (record?.state === 'created' && record.taskId)
    return report(record.taskFailed ? 'failed' : 'resumable');
  // A claim never answered (the worker died between send and answer, then the job
  // failed without another attempt looking), or an uncertain create.
  if (record)
    return report(
      'uncertain',
      record.reason ??
        `${UNCERTAIN_PREFIX} its create was claimed by ${record.worker} at ${new Date(record.claimedAt).toISOString()} ` +
          `and never answered: it may have made a task (${reason ?? 'the job failed'})`,
    );
  return report(reason?.startsWith(UNCERTAIN_PREFIX) ? 'uncertain' : 'failed');
}

/**
 * The outcome alone (see {@link jobReport}).
 *
 * @example
 * if ((await jobOutcome(job, redis)) === 'uncertain') console.log(job.id, job.failedReason);
 */
export async function jobOutcome(
  job: JobRef & Pick<Job, 'getState' | 'failedReason' | 'returnvalue'>,
  redis: RedisScripts,
  options: RecordOptions = {},
): Promise<VideoJobOutcome | undefined> {
  return (await jobReport(job, redis, options))?.outcome;
}

/**
 * Retries a `resumable` job: its record is kept, so the retry waits for the recorded
 * task and downloads it; no create is sent. Resolves `false` (and does nothing) when the
 * job is not resumable.
 *
 * @example
 * for (const job of await queue.getFailed()) await resumeJob(job, redis);
 */
export async function resumeJob(
  job: JobRef & Pick<Job, 'getState' | 'failedReason' | 'returnvalue' | 'retry'>,
  redis: RedisScripts,
  options: RecordOptions = {},
): Promise<boolean> {
  if ((await jobReport(job, redis, options))?.outcome !== 'resumable') return false;
  await job.retry('failed');
  return true;
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
  job: JobRef,
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
  job: JobRef,
  decision: { taskId: string | null },
  options: RecordOptions = {},
): Promise<boolean> {
  return new CreateRecords(redis, 0).resolve(key(job, options), decision.taskId ?? undefined);
}

function key(job: JobRef, options: RecordOptions): string {
  return recordKey(options.recordPrefix ?? RECORD_PREFIX, job);
}
