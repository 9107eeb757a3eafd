/**
 * The one rule for every callback the SDK calls (`onProgress` of downloads and waits,
 * `onTaskCreated`, `waitMany`'s `onProgress`): a callback may be synchronous or
 * return a promise, which is awaited before the SDK goes on (an upload's `onProgress`,
 * called as bytes leave, is not awaited, but its rejection stops the upload the same
 * way: files/files.ts). If it throws or
 * rejects, the call it was given to stops there and rejects with a `CallbackError`
 * (its `cause` is the callback's error, its `taskId` the task concerned): the request
 * in flight is cancelled, nothing is left on disk, and nothing is left to reject
 * unhandled. A bug in a callback never crashes the process.
 */
import { CallbackError } from './errors.js';

/**
 * Calls `callback` (when given) with `args`, awaiting what it returns.
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
): Promise<void> {
  if (callback === undefined) return;
  try {
    await callback(...args);
  } catch (error) {
    throw new CallbackError(name, error, taskId);
  }
}
