/**
 * Waiting for one task: an adaptive, progress-aware polling loop over an injectable
 * clock. Transient failures (network, timeouts, 5xx, 429, malformed answers) never end
 * the wait before its deadline; authentication, permission and not-found errors end
 * it at once. Every error it raises names the task.
 */
import type { Clock } from '../clock.js';
import {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  MalformedResponseError,
  OmniError,
  TaskFailedError,
  TaskTimeoutError,
  ValidationError,
} from '../errors.js';
import type { VideoTask } from '../generated.js';
import { assertNumericOptions } from '../safety.js';
import { retryDelay } from '../http/retry.js';
import { adaptiveSchedule, fixedSchedule, type PollSchedule, withRetryAfter } from './schedule.js';
import { failureReason, taskPhase, videoUrlExpiresAt } from './status.js';

/**
 * Options of `omni.videos.wait` and `omni.videos.watch`.
 *
 * @example
 * await omni.videos.wait(id, { timeoutMs: 30 * 60_000, onProgress: (t) => console.log(t.status, t.progress) });
 */
export interface WaitOptions {
  /** Cancels the wait at once: the sleep is interrupted and the request in flight cancelled. */
  signal?: AbortSignal | undefined;
  /** Overall deadline, in ms; past it a `TaskTimeoutError` names the task. @default 1200000 (20 minutes) */
  timeoutMs?: number | undefined;
  /** Called on every change of status or progress (de-duplicated), unknown statuses included. */
  onProgress?: ((task: VideoTask) => void) | undefined;
  /** A fixed poll interval (with jitter), instead of the adaptive schedule. */
  pollIntervalMs?: number | undefined;
}

/**
 * A completed task, with `result.video_url`, and when that link stops working.
 *
 * @example
 * const done: CompletedVideoTask = await omni.videos.wait(id);
 * if (done.expiresAt.getTime() - Date.now() < 3600_000) console.warn('download it soon');
 */
export type CompletedVideoTask = VideoTask & {
  result: NonNullable<VideoTask['result']> & { video_url: string };
  /** When `result.video_url` expires: completion + 3 days. Download before then. */
  expiresAt: Date;
};

/** What the loop needs from the client: one poll, time, and randomness. */
export interface PollContext {
  /** One GET of the task, without retries (the loop retries, within its deadline). */
  poll(
    taskId: string,
    options: { signal?: AbortSignal | undefined; timeoutMs: number },
  ): Promise<{ task: VideoTask; retryAfterMs?: number }>;
  clock: Clock;
  random: () => number;
  /** The client's per-request timeout. */
  requestTimeoutMs: number;
}

/**
 * The schedule for one task: adaptive, or the caller's fixed interval. An explicit
 * interval is honoured even below the adaptive schedule's 500 ms floor (tests on the
 * sandbox poll every few ms); the floor guards the adaptive schedule, not a choice.
 */
export function pollSchedule(
  pollIntervalMs: number | undefined,
  random: () => number,
): PollSchedule {
  return pollIntervalMs
    ? fixedSchedule(pollIntervalMs, { random, minDelayMs: Math.min(500, pollIntervalMs) })
    : adaptiveSchedule({ random });
}

/** The default overall deadline: 20 minutes. */
export const DEFAULT_WAIT_TIMEOUT_MS = 20 * 60 * 1000;

/**
 * Refuses wait options that make no sense (a negative deadline, a zero rate), before
 * anything is sent: `generate` checks them before it creates the task.
 *
 * @throws {ValidationError} naming each bad option
 */
export function checkWaitOptions(options: object): void {
  assertNumericOptions(options, {
    positive: ['timeoutMs', 'pollIntervalMs', 'maxRequestsPerSecond'],
  });
}

/** Errors that no amount of waiting will fix: a wrong key or id, or a refused request. */
export function endsTheWait(error: unknown): boolean {
  if (error instanceof AbortError || error instanceof ValidationError) return true;
  // By class, not status: the provider's codes 20001 and 20002 come with HTTP 200.
  if (error instanceof AuthenticationError || error instanceof BadRequestError) return true;
  if (!(error instanceof ApiError)) return !(error instanceof OmniError);
  // 408 and 429 are transient; an error envelope with HTTP 200 has no meaning we
  // know, and a read is free, so it is retried too.
  return error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

/** What makes a snapshot new to `onProgress`: its status and progress. */
export const changeKey = (task: VideoTask) => `${task.status}\u0000${task.progress ?? ''}`;

/**
 * Polls a task until it reaches a terminal state, yielding each snapshot whose status
 * or progress changed; the last one yielded is terminal. A completed task without a
 * video URL is treated as a malformed answer and polled again.
 *
 * @param initial the task as `create` returned it, when known: it seeds the schedule
 */
export async function* pollTask(
  taskId: string,
  ctx: PollContext,
  options: WaitOptions = {},
  initial?: VideoTask,
): AsyncGenerator<VideoTask, void, undefined> {
  const { clock, random } = ctx;
  const { signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const deadline = clock.now() + timeoutMs;
  const schedule = pollSchedule(options.pollIntervalMs, random);
  let last: VideoTask | undefined;
  let lastKey: string | undefined;
  let failures = 0;
  // A task fresh from create seeds the schedule; a resumed id is polled at once.
  let delay = initial
    ? schedule.next({ at: clock.now(), status: initial.status, progress: initial.progress })
    : 0;

  for (;;) {
    const remaining = deadline - clock.now();
    try {
      await clock.sleep(Math.max(0, Math.min(delay, remaining)), signal);
    } catch (cause) {
      throw new AbortError(`Stopped waiting for task ${taskId}: aborted by the caller.`, {
        cause,
        taskId,
      });
    }

    let retryAfterMs: number | undefined;
    try {
      const timeout = Math.min(ctx.requestTimeoutMs, Math.max(1000, deadline - clock.now()));
      const answer = await ctx.poll(taskId, { signal, timeoutMs: timeout });
      retryAfterMs = answer.retryAfterMs;
      const task = answer.task;
      const phase = taskPhase(task.status);
      if (phase === 'succeeded' && !task.result?.video_url)
        throw new MalformedResponseError(
          `Task ${taskId} reports completion without a video URL.`,
          200,
          { taskId },
        );
      failures = 0;
      last = task;
      const key = changeKey(task);
      if (key !== lastKey) {
        lastKey = key;
        yield task;
      }
      if (phase !== 'running') return;
      delay = withRetryAfter(
        schedule.next({ at: clock.now(), status: task.status, progress: task.progress }),
        retryAfterMs,
      );
    } catch (error) {
      if (endsTheWait(error)) throw error;
      failures++;
      retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
      delay = retryAfterMs ?? retryDelay(failures - 1, undefined, random) ?? 0;
    }
    if (clock.now() >= deadline) throw new TaskTimeoutError(taskId, timeoutMs, last);
  }
}

/**
 * Waits until the task completes and returns it with `expiresAt`.
 *
 * @throws {TaskFailedError} when the task fails, with the provider's reason
 * @throws {TaskTimeoutError} past the deadline, naming the task and its last snapshot
 */
export async function waitForTask(
  taskId: string,
  ctx: PollContext,
  options: WaitOptions = {},
  initial?: VideoTask,
): Promise<CompletedVideoTask> {
  let final: VideoTask | undefined;
  for await (const task of pollTask(taskId, ctx, options, initial)) {
    final = task;
    options.onProgress?.(task);
  }
  // pollTask returns only after yielding a terminal snapshot.
  const task = final as VideoTask;
  if (taskPhase(task.status) === 'failed') throw new TaskFailedError(task, failureReason(task));
  return completedTask(task, ctx.clock.now());
}

/** A completed task as `wait` returns it: with when its link expires, as seen at `now`. */
export function completedTask(task: VideoTask, now: number): CompletedVideoTask {
  return { ...task, expiresAt: videoUrlExpiresAt(task, now) } as CompletedVideoTask;
}
