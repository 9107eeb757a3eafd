/**
 * The SDK's own deadlines and aborts. Every attempt is given an AbortSignal, but the
 * signal only works if the fetch honours it, and a custom fetch may not: a common
 * wrapper forwards only the method and headers, and with it `timeoutMs`, the wait's
 * deadline and the caller's abort were all still pending seconds after they should
 * have settled. So the attempt is raced against its signal: the call settles when the
 * signal fires, whatever the fetch does, and an answer that arrives later is released
 * (its body cancelled, its connection freed) rather than left to leak.
 */

/**
 * `pending`, or a rejection with the signal's reason as soon as `signal` aborts, even if
 * `pending` never settles. A value that arrives after the abort is handed to `release`;
 * a late rejection is swallowed (nobody waits for it any more).
 *
 * @example
 * const raw = await settleBy(controller.signal, attempt(), (late) => late.response?.body?.cancel());
 */
export function settleBy<T>(
  signal: AbortSignal,
  pending: Promise<T>,
  release: (late: T) => unknown = () => undefined,
): Promise<T> {
  if (signal.aborted) {
    pending.then(release, () => undefined).catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      settled = true;
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (!settled) return resolve(value);
        try {
          Promise.resolve(release(value)).catch(() => undefined);
        } catch {
          // Releasing is best effort: the call has settled already.
        }
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (!settled) reject(error);
      },
    );
  });
}

/**
 * Frees what a late answer holds: its body's stream is cancelled, so its connection is
 * not kept open waiting to be read.
 *
 * @example
 * settleBy(signal, attempt(), (late) => releaseResponse(late.response));
 */
export function releaseResponse(response: Response | undefined): void {
  if (response && !response.bodyUsed) response.body?.cancel().catch(() => undefined);
}
