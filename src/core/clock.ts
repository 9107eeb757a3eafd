/**
 * Time, injectable: retries, polling and deadlines read the clock and sleep through
 * this interface, so tests and benchmarks run in virtual time.
 */

/**
 * A clock and an abortable sleep.
 *
 * @example
 * // A virtual clock for tests: sleeping advances time at once.
 * let now = 0;
 * const clock: Clock = { now: () => now, sleep: async (ms) => { now += ms; } };
 */
export interface Clock {
  /** Milliseconds since the epoch (or any fixed origin). */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock: `Date.now` and `setTimeout`; its `sleep` is the SDK's one abortable
 * sleep (the queue's waits use it too).
 *
 * @example
 * await systemClock.sleep(1000, AbortSignal.timeout(5000)); // about 1 s
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
