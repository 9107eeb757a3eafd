/**
 * Waiting for many tasks through one scheduler: each task keeps its own adaptive
 * schedule, and the scheduler starts requests at most `maxRequestsPerSecond`, evenly
 * spaced (no bursts), always serving the task that is due first.
 */
import { runCallback } from '../callbacks.js';
import {
  AbortError,
  CallbackError,
  OmniError,
  TaskFailedError,
  TaskTimeoutError,
} from '../errors.js';
import type { VideoTask } from '../generated.js';
import { retryDelay } from '../http/retry.js';
import {
  changeKey,
  type CompletedVideoTask,
  completedTask,
  DEFAULT_WAIT_TIMEOUT_MS,
  endsTheWait,
  type PollContext,
  pollSchedule,
  terminalError,
} from './poll.js';
import { type PollSchedule, withRetryAfter } from './schedule.js';
import { taskPhase } from './status.js';

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
   * Called on every change of a task's status or progress. A promise it returns is
   * awaited; if it throws or rejects, `waitMany` rejects with a `CallbackError` naming
   * the task, and the requests in flight are cancelled.
   */
  onProgress?: ((task: VideoTask) => unknown) | undefined;
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

interface Slot {
  taskId: string;
  schedule: PollSchedule;
  due: number;
  failures: number;
  lastError?: unknown;
  last?: VideoTask;
  lastKey?: string;
  busy: boolean;
  outcome?: TaskOutcome;
}

/**
 * Waits for every task; resolves with each one's outcome in input order (it never
 * rejects for a task's failure, only for an abort or a callback that failed). Each
 * task's deadline bounds its request in flight.
 */
export async function waitForMany(
  taskIds: readonly string[],
  ctx: PollContext,
  options: WaitManyOptions = {},
): Promise<TaskOutcome[]> {
  const { clock, random, requestTimeoutMs } = ctx;
  const { onProgress } = options;
  // One signal for every request: the caller's abort, or a callback that failed.
  const stop = new AbortController();
  const forwardAbort = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) forwardAbort();
  options.signal?.addEventListener('abort', forwardAbort, { once: true });
  const signal = stop.signal;
  let callbackError: CallbackError | undefined;
  const spacingMs = 1000 / (options.maxRequestsPerSecond ?? 5);
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const start = clock.now();
  const deadline = start + timeoutMs;
  const slots: Slot[] = taskIds.map((taskId) => ({
    taskId,
    schedule: pollSchedule(options.pollIntervalMs, random),
    due: start,
    failures: 0,
    busy: false,
  }));
  const inFlight = new Set<Promise<void>>();
  let nextStart = start;

  const settle = (slot: Slot, outcome: TaskOutcome) => {
    slot.outcome = outcome;
  };

  // Once a callback has thrown, no other task's answer calls it again: the flag is set
  // at the throw, before the rejection reaches the catch below (a microtask later, when
  // another task's answer may already be in line).
  let callbackThrew = false;
  const guardedOnProgress =
    onProgress &&
    ((task: VideoTask) => {
      if (callbackThrew) return undefined;
      try {
        return onProgress(task);
      } catch (error) {
        callbackThrew = true;
        throw error;
      }
    });

  const timedOut = (slot: Slot) =>
    settle(slot, {
      taskId: slot.taskId,
      status: 'timed_out',
      error: new TaskTimeoutError(
        slot.taskId,
        timeoutMs,
        slot.last,
        slot.failures ? slot.lastError : undefined,
      ),
    });

  const pollOnce = async (slot: Slot) => {
    const remaining = deadline - clock.now();
    if (remaining <= 0) return timedOut(slot);
    try {
      // The deadline bounds the request in flight: a server that hangs cannot hold it past it.
      const { task, retryAfterMs } = await ctx.poll(slot.taskId, {
        signal,
        timeoutMs: Math.min(requestTimeoutMs, remaining),
      });
      // Stopped meanwhile (the caller, or another task's callback): no more callbacks.
      if (signal.aborted) return;
      slot.failures = 0;
      slot.last = task;
      const key = changeKey(task);
      if (key !== slot.lastKey) {
        slot.lastKey = key;
        await runCallback('onProgress', guardedOnProgress, [task], slot.taskId);
      }
      if (taskPhase(task.status) !== 'running') {
        const error = terminalError(task);
        if (error instanceof TaskFailedError)
          return settle(slot, { taskId: slot.taskId, status: 'failed', task, error });
        if (error) return settle(slot, { taskId: slot.taskId, status: 'error', error });
        const completed = completedTask(task, clock.now());
        return settle(slot, { taskId: slot.taskId, status: 'completed', task: completed });
      }
      slot.due =
        clock.now() +
        withRetryAfter(
          slot.schedule.next({ at: clock.now(), status: task.status, progress: task.progress }),
          retryAfterMs,
        );
    } catch (error) {
      if (error instanceof CallbackError) {
        callbackError ??= error;
        stop.abort(error);
        return;
      }
      if (signal.aborted) return;
      if (endsTheWait(error)) {
        const typed =
          error instanceof OmniError
            ? error
            : new OmniError(String(error), { cause: error, taskId: slot.taskId });
        return settle(slot, { taskId: slot.taskId, status: 'error', error: typed });
      }
      slot.failures++;
      slot.lastError = error;
      // The backoff is the floor; a Retry-After may lengthen it, never shorten it.
      slot.due =
        clock.now() +
        withRetryAfter(
          retryDelay(slot.failures - 1, undefined, random) ?? 0,
          error instanceof OmniError ? error.retryAfterMs : undefined,
        );
    }
    if (slot.due >= deadline && !slot.outcome) timedOut(slot);
  };

  const stopped = () => {
    if (callbackError) return callbackError;
    return new AbortError('waitMany was aborted by the caller.', { cause: signal.reason });
  };

  try {
    await schedule();
  } finally {
    options.signal?.removeEventListener('abort', forwardAbort);
  }
  if (signal.aborted) throw stopped();
  return slots.map((s) => s.outcome as TaskOutcome);

  async function schedule(): Promise<void> {
    for (;;) {
      if (signal.aborted) {
        // Let the requests in flight see the abort and settle, so that nothing is left behind.
        await Promise.allSettled(inFlight);
        throw stopped();
      }
      const waiting = slots.filter((s) => !s.outcome && !s.busy);
      if (waiting.length === 0) {
        if (inFlight.size === 0) break;
        await Promise.race(inFlight);
        continue;
      }
      const next = waiting.reduce((a, b) => (b.due < a.due ? b : a));
      const at = Math.max(next.due, nextStart);
      const now = clock.now();
      if (at > now) {
        // Sleep until the next start, but wake when a request in flight settles: its
        // task may now be due sooner than the one we are waiting for.
        const sleeper = new AbortController();
        const wakeUp = () => sleeper.abort();
        signal.addEventListener('abort', wakeUp, { once: true });
        const wake = inFlight.size > 0 ? Promise.race(inFlight).then(wakeUp) : undefined;
        await clock.sleep(at - now, sleeper.signal).catch(() => undefined);
        signal.removeEventListener('abort', wakeUp);
        void wake;
        if (clock.now() < at) continue;
      }
      nextStart = Math.max(at, clock.now()) + spacingMs;
      next.busy = true;
      const request: Promise<void> = pollOnce(next).finally(() => {
        next.busy = false;
        inFlight.delete(request);
      });
      inFlight.add(request);
    }
  }
}
