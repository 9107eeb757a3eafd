/**
 * The one rule for every callback the SDK calls (`onProgress` of downloads and waits,
 * `onTaskCreated`, `waitMany`'s `onProgress`): a callback may be synchronous or
 * return a promise, which is awaited before the SDK goes on (an upload's `onProgress`,
 * called as bytes leave, is not awaited, but its rejection stops the upload the same
 * way: files/files.ts). If it throws or
 * rejects, the call it was given to stops there and rejects with a `CallbackError`
 * (its `cause` is the callback's error, its `taskId` the task concerned): the request
 * in flight is cancelled, nothing is left on disk, and nothing is left to reject
 * unhandled. A bug in a callback never crashes the process. A callback that never
 * settles does not hold the call past its deadline or the caller's abort (waits and
 * `generate` pass their limits): the call settles, and the callback's late outcome is
 * dropped.
 */
import { CallbackError } from './errors.js';
import { MAX_TIMER_MS } from './numbers.js';

/**
 * What a callback may not outlast: the call's deadline and the caller's abort. A callback
 * that never settles (awaiting something that never comes) must not hold the call.
 *
 * @example
 * const limits: CallbackLimits = { signal, timeoutMs: 5000, timeoutError: () => new Error('late') };
 */
export interface CallbackLimits {
  /** The caller's abort: the call rejects with `abortError(reason)` at once. */
  signal?: AbortSignal | undefined;
  /**
   * How long the callback may take, in ms, measured on a real timer: a callback is the
   * caller's code and runs in real time, whatever clock the SDK was given.
   */
  timeoutMs?: number | undefined;
  /** The error when `timeoutMs` passes first. */
  timeoutError?: () => Error;
  /** The error when `signal` aborts first. */
  abortError?: (reason: unknown) => Error;
}

/** The longest delay `setTimeout` takes; longer ones fire at once. */

/**
 * Calls `callback` (when given) with `args`, awaiting what it returns, but no longer than
 * `limits` allow: past them the call goes on (rejects with the limit's error), and the
 * callback's late settlement, a rejection included, is dropped, never left unhandled.
 *
 * @throws {CallbackError} when the callback throws or rejects
 * @example
 * await runCallback('onProgress', options.onProgress, [task], task.task_id);
 */
export async function runCallback<A extends unknown[]>(
  name: string,
  callback: ((...args: A) => unknown) | undefined,
  args: A,
  taskId?: string,
  limits: CallbackLimits = {},
): Promise<void> {
  if (callback === undefined) return;
  let result: unknown;
  try {
    result = callback(...args);
  } catch (error) {
    throw new CallbackError(name, error, taskId);
  }
  // A synchronous callback has returned already: nothing to race.
  if (!isThenable(result)) return;
  const settled = Promise.resolve(result).then(
    () => undefined,
    (error: unknown) => {
      throw new CallbackError(name, error, taskId);
    },
  );
  const { signal, timeoutMs } = limits;
  if (!signal && timeoutMs === undefined) return settled;
  return new Promise<void>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(limits.abortError ? limits.abortError(signal?.reason) : signal?.reason);
    };
    if (timeoutMs !== undefined) {
      const end = performance.now() + Math.max(0, timeoutMs);
      const arm = () => {
        const left = end - performance.now();
        timer = setTimeout(
          () => {
            if (end - performance.now() > 1) return arm();
            finish();
            reject(limits.timeoutError ? limits.timeoutError() : new Error(`${name} timed out`));
          },
          Math.min(Math.max(0, left), MAX_TIMER_MS),
        );
      };
      arm();
    }
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    // Whichever comes first wins; the other outcome finds the promise settled and is dropped.
    settled.then(
      () => {
        finish();
        resolve();
      },
      (error: unknown) => {
        finish();
        reject(error);
      },
    );
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
