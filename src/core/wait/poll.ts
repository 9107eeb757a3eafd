/**
 * Waiting for one task: an adaptive, progress-aware polling loop over an injectable
 * clock. Transient failures (network, timeouts, 5xx, 429, malformed answers) never end
 * the wait before its deadline; errors that waiting cannot clear (a wrong key, an
 * unknown task, a refused request, an unusable result, a callback that failed) end it
 * at once. The deadline bounds the request in flight too, and the caller's callbacks:
 * one that never settles ends the wait at its deadline or abort all the same. Every error
 * it raises names the task.
 *
 * This is the one poll loop: `wait`, `watch` and `generate` run it alone, `waitMany` runs
 * one per task through a shared pacer (wait-many.ts).
 */
import type { Clock } from '../clock.js';
import { type CallbackLimits, runCallback } from '../callbacks.js';
import {
  AbortError,
  CallbackError,
  OmniError,
  TaskCancelledError,
  TaskFailedError,
  TaskResultError,
  TaskTimeoutError,
  ValidationError,
} from '../errors.js';
import type { VideoTask } from '../generated.js';
import { directPacer, type Pacer } from './pacer.js';
import { assertNumericOptions } from '../safety.js';
import { retryDelay } from '../http/retry.js';
import {
  adaptiveSchedule,
  type FinishPrediction,
  fixedSchedule,
  type PollSchedule,
  withRetryAfter,
} from './schedule.js';
import { resultProblem } from '../read-task.js';
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
  /**
   * Called on every change of status or progress (de-duplicated), unknown statuses
   * included, with the task as the service sent it and, apart from it, the SDK's
   * prediction of when it will be done ({@link WaitProgress}). A promise it returns is
   * awaited, but not past the deadline or the abort (the wait then rejects with
   * `TaskTimeoutError` or `AbortError`, and the callback's late outcome is dropped); if it
   * throws or rejects, the wait rejects with a `CallbackError` (the task goes on).
   */
  onProgress?: ((task: VideoTask, progress: WaitProgress) => unknown) | undefined;
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
  /** When each poll may start: a shared one paces many waits (`waitMany`). @default sleeps on `clock` */
  pacer?: Pacer | undefined;
}

/**
 * The SDK's prediction of when a task will be done, from the pace of its progress (the
 * wait schedule's estimator, src/core/wait/schedule.ts; its error is measured in bench/eta.ts).
 *
 * @example
 * const left = (eta: Eta) => `about ${Math.round(eta.remainingMs / 1000)} s left (${eta.at.toLocaleTimeString()})`;
 */
export interface Eta {
  /** When the task should be done, on the client's clock. */
  at: Date;
  /** How long from the report until then, in ms; 0 once the predicted time has passed. */
  remainingMs: number;
}

/**
 * What a progress report says besides the task, kept apart from the task's wire fields.
 *
 * @example
 * await omni.videos.wait(id, {
 *   onProgress: (task, { eta }) =>
 *     console.log(task.progress, eta ? `about ${Math.round(eta.remainingMs / 1000)} s left` : 'no estimate yet'),
 * });
 */
export interface WaitProgress {
  /**
   * When the task will be done, as the SDK predicts it; `undefined` while there is no
   * prediction: queued, no progress reported yet or progress not moving, and once the
   * task has ended.
   */
  eta: Eta | undefined;
}

/** One report of the loop: a new snapshot and the prediction that goes with it. */
export interface ProgressReport {
  task: VideoTask;
  progress: WaitProgress;
}

/**
 * The schedule for one task: adaptive, or the caller's fixed interval. An explicit
 * interval is honoured even below the adaptive schedule's 500 ms floor (tests on the
 * sandbox poll every few ms); the floor guards the adaptive schedule, not a choice.
 */
function pollSchedule(pollIntervalMs: number | undefined, random: () => number): PollSchedule {
  return pollIntervalMs
    ? fixedSchedule(pollIntervalMs, { random, minDelayMs: Math.min(500, pollIntervalMs) })
    : adaptiveSchedule({ random });
}

/**
 * The default overall deadline of a wait, in ms: 20 minutes.
 *
 * @example
 * await omni.videos.wait(id, { timeoutMs: 3 * DEFAULT_WAIT_TIMEOUT_MS }); // a busy day: an hour
 */
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

/**
 * Errors that no amount of waiting will fix: the error's own policy (`final`, decided
 * where it was made: src/core/errors.ts), and anything that is not an OmniError (a bug).
 * Everything else (network, timeouts, 5xx, 429, malformed or unknown error answers)
 * is transient: a read is free, so it is tried again.
 */
export function endsTheWait(error: unknown): boolean {
  return error instanceof OmniError ? error.final : true;
}

/**
 * How long before the deadline the last look at the task starts, at most: a poll
 * that would come after the deadline is brought forward, so that a task finished
 * just before it is still seen, and its request ends by the deadline.
 */
const LAST_LOOK_MS = 1000;

/**
 * How long to sleep before the next poll, `delay` after `now`, so that every poll's
 * request ends by the deadline: a poll due after it becomes a last look just before
 * it, unless the server asked not to be polled again by then (`notBefore`).
 */
function sleepBeforePoll(
  now: number,
  delay: number,
  deadline: number,
  timeoutMs: number,
  notBefore: number,
): number {
  const remaining = deadline - now;
  const lastLook = deadline - Math.min(LAST_LOOK_MS, timeoutMs / 10);
  if (now + delay <= lastLook) return Math.max(0, delay);
  // Once the last look is taken (or was not allowed), what is left is the deadline.
  if (now >= lastLook || notBefore > lastLook) return Math.max(0, remaining);
  return lastLook - now;
}

/** The error a terminal snapshot ends with, or `undefined` for a usable completed task. */
function terminalError(task: VideoTask): OmniError | undefined {
  const phase = taskPhase(task.status);
  if (phase === 'failed') return new TaskFailedError(task, failureReason(task));
  if (phase === 'cancelled') return new TaskCancelledError(task, failureReason(task));
  const problem = resultProblem(task);
  return problem === undefined ? undefined : new TaskResultError(task, problem);
}

/** What makes a snapshot new to `onProgress`: its status and progress. */
const changeKey = (task: VideoTask) => `${task.status}\u0000${task.progress ?? ''}`;

/**
 * Polls a task until it reaches a terminal state, yielding each snapshot whose status
 * or progress changed, with the ETA; the last one yielded is terminal (completed with a
 * usable video URL, failed or cancelled). A completed task without a usable video URL
 * ends it at once with a `TaskResultError`: waiting longer would not change it.
 *
 * @param initial the task as `create` returned it, when known: it seeds the schedule
 * @param deadline when the wait ends, on `ctx.clock` @default now + `options.timeoutMs`
 */
export async function* pollTask(
  taskId: string,
  ctx: PollContext,
  options: WaitOptions = {},
  initial?: VideoTask,
  deadline = ctx.clock.now() + (options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS),
): AsyncGenerator<ProgressReport, void, undefined> {
  const { clock, random } = ctx;
  const { signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const pacer = ctx.pacer ?? directPacer(clock);
  const schedule = pollSchedule(options.pollIntervalMs, random);
  let last: VideoTask | undefined;
  let lastKey: string | undefined;
  let lastError: unknown;
  let failures = 0;
  let notBefore = 0;
  // A task fresh from create seeds the schedule; a resumed id is polled at once.
  let delay = initial
    ? schedule.next({ at: clock.now(), status: initial.status, progress: initial.progress })
    : 0;

  for (;;) {
    try {
      const now = clock.now();
      await pacer.until(
        now + sleepBeforePoll(now, delay, deadline, timeoutMs, notBefore),
        deadline,
        signal,
      );
    } catch (cause) {
      throw waitAborted(taskId, cause);
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0)
      throw new TaskTimeoutError(taskId, timeoutMs, last, failures ? lastError : undefined);

    let answer: Awaited<ReturnType<PollContext['poll']>>;
    try {
      // The deadline bounds the request in flight: a server that hangs cannot hold the wait past it.
      answer = await ctx.poll(taskId, {
        signal,
        timeoutMs: Math.min(ctx.requestTimeoutMs, remaining),
      });
    } catch (error) {
      if (endsTheWait(error)) throw error;
      failures++;
      lastError = error;
      const retryAfterMs = (error as OmniError).retryAfterMs;
      // The backoff is the floor; a Retry-After may lengthen it, never shorten it.
      delay = withRetryAfter(retryDelay(failures - 1, undefined, random) ?? 0, retryAfterMs);
      notBefore = retryAfterMs === undefined ? 0 : clock.now() + retryAfterMs;
      continue;
    }
    // Stopped meanwhile (the caller, or in waitMany another task's callback): report nothing more.
    if (signal?.aborted) throw waitAborted(taskId, signal.reason);
    const { task, retryAfterMs } = answer;
    failures = 0;
    last = task;
    const phase = taskPhase(task.status);
    if (phase === 'succeeded') {
      const error = terminalError(task);
      if (error) throw error;
    }
    let eta: Eta | undefined;
    if (phase === 'running') {
      const now = clock.now();
      delay = withRetryAfter(
        schedule.next({ at: now, status: task.status, progress: task.progress }),
        retryAfterMs,
      );
      notBefore = retryAfterMs === undefined ? 0 : now + retryAfterMs;
      eta = etaOfPrediction(schedule.predict(), now);
    }
    const key = changeKey(task);
    if (key !== lastKey) {
      lastKey = key;
      ETAS.set(task, eta);
      yield { task, progress: { eta } };
    }
    if (phase !== 'running') return;
  }
}

// The ETA of each snapshot reported, for watch(), which yields the snapshot alone.
const ETAS = new WeakMap<VideoTask, Eta | undefined>();

/**
 * The ETA that came with a snapshot from `watch()` (or `onProgress`): `watch` yields the
 * task as the service sent it, as it always has, and its prediction is read here.
 * `undefined` when there was no prediction, or for an object the SDK did not report (a
 * copy of a snapshot included).
 *
 * @example
 * for await (const snapshot of omni.videos.watch(id)) {
 *   const eta = etaOf(snapshot);
 *   console.log(snapshot.progress, eta ? `done about ${eta.at.toLocaleTimeString()}` : '');
 * }
 */
export function etaOf(snapshot: VideoTask): Eta | undefined {
  return ETAS.get(snapshot);
}

/** The schedule's prediction as an ETA seen at `now`: a time past is "due now". */
function etaOfPrediction(prediction: FinishPrediction | undefined, now: number): Eta | undefined {
  if (prediction === undefined || !Number.isFinite(prediction.finishAt)) return undefined;
  const at = Math.max(prediction.finishAt, now);
  return { at: new Date(Math.round(at)), remainingMs: Math.round(at - now) };
}

/**
 * Waits until the task completes and returns it with `expiresAt`. Each report goes to
 * `onProgress`, raced against the deadline and the abort.
 *
 * @param deadline when the wait ends, on `ctx.clock` @default now + `options.timeoutMs`
 * @throws {TaskFailedError} when the task fails, with the provider's reason
 * @throws {TaskCancelledError} when the task was cancelled
 * @throws {TaskResultError} when it completed without a usable video URL
 * @throws {TaskTimeoutError} past the deadline, naming the task and its last snapshot
 * @throws {CallbackError} when `onProgress` throws or rejects
 */
export async function waitForTask(
  taskId: string,
  ctx: PollContext,
  options: WaitOptions = {},
  initial?: VideoTask,
  deadline = ctx.clock.now() + (options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS),
): Promise<CompletedVideoTask> {
  let final: VideoTask | undefined;
  for await (const { task, progress } of pollTask(taskId, ctx, options, initial, deadline)) {
    final = task;
    await runCallback(
      'onProgress',
      options.onProgress,
      [task, progress],
      taskId,
      callbackLimits(taskId, ctx, options, deadline, task),
    );
  }
  // pollTask returns only after yielding a terminal snapshot.
  const task = final as VideoTask;
  const error = terminalError(task);
  if (error) throw error;
  return completedTask(task, ctx.clock.now());
}

/**
 * What a wait's callback may not outlast: the wait's deadline (then a TaskTimeoutError
 * with the last snapshot) and the caller's abort (then an AbortError), both naming the task.
 */
export function callbackLimits(
  taskId: string,
  ctx: PollContext,
  options: Pick<WaitOptions, 'signal' | 'timeoutMs'>,
  deadline: number,
  last: VideoTask | undefined,
): CallbackLimits {
  return {
    signal: options.signal,
    timeoutMs: deadline - ctx.clock.now(),
    timeoutError: () =>
      new TaskTimeoutError(taskId, options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS, last),
    abortError: (cause) => waitAborted(taskId, cause),
  };
}

/** The caller stopped the wait. */
function waitAborted(taskId: string, cause: unknown): AbortError {
  return new AbortError(`Stopped waiting for task ${taskId}: aborted by the caller.`, {
    cause,
    taskId,
  });
}

/** A completed task as `wait` returns it: with when its link expires, as seen at `now`. */
export function completedTask(task: VideoTask, now: number): CompletedVideoTask {
  return { ...task, expiresAt: videoUrlExpiresAt(task, now) } as CompletedVideoTask;
}
