/** The BullMQ job options a video job is added with. */
import type { JobsOptions } from 'bullmq';

/**
 * Options for `queue.add` of a video job: retries with backoff for what is transient
 * (the processor never resends a create that may have been billed, so retrying the job
 * is always safe), and the finished jobs kept for a dashboard to show.
 *
 * @example
 * await queue.add('video', { params }, { ...VIDEO_JOB_OPTIONS, jobId: `ad-${ad.id}` });
 */
export const VIDEO_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const satisfies JobsOptions;
