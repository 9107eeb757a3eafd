/**
 * What a task's status means. The service's statuses are an open set: the documented
 * ones are sorted here, and anything else counts as still running.
 */
import { LINK_LIFETIME_MS } from '../facts.js';
import { ValidationError } from '../errors.js';
import type { VideoTask } from '../generated.js';
import { describeValue, taskIdProblem } from '../safety.js';

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

// Accepted but not yet running: the service documents progress 0 for these.
const WAITING: ReadonlySet<string> = new Set(['queued', 'pending', 'submitted']);

/**
 * Whether a status says the task waits in the queue (`queued`, `pending`, `submitted`, in
 * any case): it is running for {@link taskPhase}, but has not started.
 *
 * @example
 * isWaiting('Queued'); // true
 * isWaiting('processing'); // false
 */
export function isWaiting(status: unknown): boolean {
  return typeof status === 'string' && WAITING.has(status.trim().toLowerCase());
}

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

/**
 * The provider's failure reason, under whichever name it came (`error_message`, `error_msg`, `reason`).
 *
 * @example
 * const task = await omni.videos.retrieve(id);
 * if (taskPhase(task.status) === 'failed') console.error(failureReason(task) ?? 'no reason given');
 */
export function failureReason(task: VideoTask): string | undefined {
  return task.error_message ?? task.error_msg ?? task.reason ?? undefined;
}

/** How long a result link stays downloadable after completion (spec: `x-lifetime-days`). */
export const VIDEO_URL_LIFETIME_MS = LINK_LIFETIME_MS;

/**
 * A timestamp of the API as milliseconds. The docs do not say seconds or
 * milliseconds: seconds are usual, and a value above 10^11 can only be milliseconds.
 *
 * @example
 * new Date(timestampMs(task.created_at)); // 1733500000 and 1733500000000 give the same date
 */
export function timestampMs(value: number): number {
  return value > 1e11 ? value : value * 1000;
}

/**
 * When the task's `video_url` stops working: completion + 3 days (or `seenAt` + 3 days without `completed_at`).
 *
 * @example
 * console.log(`download before ${videoUrlExpiresAt(task, Date.now()).toISOString()}`);
 */
export function videoUrlExpiresAt(task: VideoTask, seenAt: number): Date {
  const completed = typeof task.completed_at === 'number' ? timestampMs(task.completed_at) : seenAt;
  return new Date(completed + VIDEO_URL_LIFETIME_MS);
}

/**
 * The id of a task argument (an id string, or an object with `task_id`), checked: tasks
 * resume from a plain id anywhere a task is taken. Anything else is a ValidationError
 * naming the argument, before anything is sent; an id that is there but unusable (empty,
 * holds `/`, `.` or `..`) is reported as `taskId`, as `retrieve()` does.
 *
 * @param name the argument's name in the error @default 'task'
 * @throws {ValidationError} for anything but a usable id or a task with one
 * @example
 * taskIdOf('task_01JD7Z6Q2M8V4'); // 'task_01JD7Z6Q2M8V4'
 * taskIdOf({ task_id: 'task_01JD7Z6Q2M8V4', status: 'queued' }); // 'task_01JD7Z6Q2M8V4'
 */
export function taskIdOf(task: unknown, name = 'task'): string {
  const id =
    typeof task === 'string'
      ? task
      : typeof task === 'object' && task !== null
        ? (task as { task_id?: unknown }).task_id
        : undefined;
  if (typeof task !== 'string' && typeof id !== 'string')
    throw new ValidationError([
      {
        path: name,
        message: `must be a task id or a task with task_id, not ${describeValue(task)}`,
      },
    ]);
  const problem = taskIdProblem(id);
  if (problem)
    throw new ValidationError([{ path: name === 'task' ? 'taskId' : name, message: problem }]);
  return id as string;
}
