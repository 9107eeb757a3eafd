/**
 * Waiting for many tasks: many waits (the one poll loop of poll.ts, each task with its
 * own adaptive schedule and deadline) through one shared pacer, which starts requests at
 * most `maxRequestsPerSecond`, evenly spaced (no bursts), always serving the task that is
 * due first.
 */
import {
  AbortError,
  CallbackError,
  OmniError,
  TaskFailedError,
  TaskTimeoutError,
} from '../errors.js';
import type { VideoTask } from '../generated.js';
import {
  type CompletedVideoTask,
  DEFAULT_WAIT_TIMEOUT_MS,
  type PollContext,
  waitForTask,
  type WaitProgress,
} from './poll.js';
import { sharedPacer } from './pacer.js';

/**
 * Options of `omni.videos.waitMany`.
 *
 * @example
 * await omni.videos.waitMany(ids, { maxRequestsPerSecond: 10, timeoutMs: 30 * 60_000 });
 */
export interface WaitManyOptions {
  /** Request rate cap over all tasks; requests are spaced evenly. @default 5 */
  maxRequestsPerSecond?: number | undefined;
  /** Deadline for each task, from the start of the call. @default 1200000 (20 minutes) */
  timeoutMs?: number | undefined;
  /** Cancels every wait at once. */
  signal?: AbortSignal | undefined;
  /**
   * Called on every change of a task's status or progress, with the SDK's prediction of
   * when that task will be done ({@link WaitProgress}). A promise it returns is awaited
   * (that task's polls wait for it), but not past the task's deadline (then the task is
   * `timed_out`) or the abort; if it throws or rejects, `waitMany` rejects with a
   * `CallbackError` naming the task, and the requests in flight are cancelled.
   */
  onProgress?: ((task: VideoTask, progress: WaitProgress) => unknown) | undefined;
  /** A fixed poll interval per task, instead of the adaptive schedule. */
  pollIntervalMs?: number | undefined;
}

/**
 * How one task ended, in the input's order.
 *
 * @example
 * for (const o of await omni.videos.waitMany(ids))
 *   if (o.status === 'completed') console.log(o.task.result.video_url);
 *   else console.error(o.taskId, o.status, o.error.message);
 */
export type TaskOutcome =
  | { taskId: string; status: 'completed'; task: CompletedVideoTask }
  /** Failed, or cancelled: then `error` is a `TaskCancelledError`. */
  | { taskId: string; status: 'failed'; task: VideoTask; error: TaskFailedError }
  | { taskId: string; status: 'timed_out'; error: TaskTimeoutError }
  | { taskId: string; status: 'error'; error: OmniError };

/**
 * Waits for every task; resolves with each one's outcome in input order (it never
 * rejects for a task's failure, only for an abort or a callback that failed). Each
 * task's deadline bounds its request in flight and its callbacks.
 */
export async function waitForMany(
  taskIds: readonly string[],
  ctx: PollContext,
  options: WaitManyOptions = {},
): Promise<TaskOutcome[]> {
  const { onProgress } = options;
  // One signal for every wait: the caller's abort, or a callback that failed.
  const stop = new AbortController();
  const forwardAbort = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) forwardAbort();
  options.signal?.addEventListener('abort', forwardAbort, { once: true });
  let callbackError: CallbackError | undefined;
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const deadline = ctx.clock.now() + timeoutMs;
  const shared: PollContext = {
    ...ctx,
    pacer: sharedPacer(ctx.clock, options.maxRequestsPerSecond ?? 5),
  };

  // Once a callback has thrown, no other task's answer calls it again: the flag is set
  // at the throw, before the rejection reaches the catch below (a microtask later, when
  // another task's answer may already be in line).
  let callbackThrew = false;
  const guardedOnProgress =
    onProgress &&
    ((task: VideoTask, progress: WaitProgress) => {
      if (callbackThrew || stop.signal.aborted) return undefined;
      try {
        return onProgress(task, progress);
      } catch (error) {
        callbackThrew = true;
        throw error;
      }
    });
  const waitOptions = {
    signal: stop.signal,
    timeoutMs,
    pollIntervalMs: options.pollIntervalMs,
    onProgress: guardedOnProgress,
  };

  const outcomeOf = async (taskId: string): Promise<TaskOutcome | undefined> => {
    try {
      const task = await waitForTask(taskId, shared, waitOptions, undefined, deadline);
      return { taskId, status: 'completed', task };
    } catch (error) {
      if (error instanceof CallbackError) {
        callbackError ??= error;
        stop.abort(error);
        return undefined;
      }
      // Stopped (the caller, or another task's callback): the call rejects as a whole.
      if (stop.signal.aborted) return undefined;
      if (error instanceof TaskTimeoutError) return { taskId, status: 'timed_out', error };
      if (error instanceof TaskFailedError)
        return { taskId, status: 'failed', task: error.task, error };
      const typed =
        error instanceof OmniError ? error : new OmniError(String(error), { cause: error, taskId });
      return { taskId, status: 'error', error: typed };
    }
  };

  let outcomes: (TaskOutcome | undefined)[];
  try {
    // Every wait settles (a stop ends each one's sleep and request): nothing is left behind.
    outcomes = await Promise.all(taskIds.map(outcomeOf));
  } finally {
    options.signal?.removeEventListener('abort', forwardAbort);
  }
  if (stop.signal.aborted)
    throw (
      callbackError ??
      new AbortError('waitMany was aborted by the caller.', { cause: stop.signal.reason })
    );
  return outcomes as TaskOutcome[];
}
