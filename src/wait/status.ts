/**
 * What a task's status means. The service's statuses are an open set: the documented
 * ones are sorted here, and anything else counts as still running.
 */
import { LINK_LIFETIME_MS } from '../facts.js';
import type { VideoTask } from '../generated.js';

/** Where a task stands: still running, finished with a video, failed, or cancelled. */
export type TaskPhase = 'running' | 'succeeded' | 'failed' | 'cancelled';

// `success` is a completion status the provider's FAQ also uses; `canceled` and
// `cancelled` are final in the provider's own client. Statuses are compared without
// regard to case: a gateway or an older service that sends `COMPLETED` or `Success`
// means the same, and taking it for "still running" would wait until the deadline.
const PHASES: ReadonlyMap<string, TaskPhase> = new Map([
  ['completed', 'succeeded'],
  ['success', 'succeeded'],
  ['failed', 'failed'],
  ['canceled', 'cancelled'],
  ['cancelled', 'cancelled'],
]);

/**
 * The phase of a status, in any case. Unknown statuses (the service may add some) are
 * running.
 *
 * @example
 * taskPhase('queued'); // 'running'
 * taskPhase('Success'); // 'succeeded'
 * taskPhase('canceled'); // 'cancelled'
 */
export function taskPhase(status: unknown): TaskPhase {
  return (typeof status === 'string' && PHASES.get(status.trim().toLowerCase())) || 'running';
}

/** The provider's failure reason, under whichever name it came (`error_message`, `error_msg`, `reason`). */
export function failureReason(task: VideoTask): string | undefined {
  return task.error_message ?? task.error_msg ?? task.reason ?? undefined;
}

/** How long a result link stays downloadable after completion (spec: `x-lifetime-days`). */
export const VIDEO_URL_LIFETIME_MS = LINK_LIFETIME_MS;

/**
 * A timestamp of the API as milliseconds. The docs do not say seconds or
 * milliseconds: seconds are usual, and a value above 10^11 can only be milliseconds.
 */
export function timestampMs(value: number): number {
  return value > 1e11 ? value : value * 1000;
}

/** When the task's `video_url` stops working: completion + 3 days (or `seenAt` + 3 days without `completed_at`). */
export function videoUrlExpiresAt(task: VideoTask, seenAt: number): Date {
  const completed = typeof task.completed_at === 'number' ? timestampMs(task.completed_at) : seenAt;
  return new Date(completed + VIDEO_URL_LIFETIME_MS);
}

/** A task id from a task or a plain id string: tasks resume from an id anywhere. */
export function taskIdOf(taskOrId: string | Pick<VideoTask, 'task_id'>): string {
  return typeof taskOrId === 'string' ? taskOrId : taskOrId.task_id;
}
