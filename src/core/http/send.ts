/**
 * The attempts of one call: a timeout on every attempt, the caller's AbortSignal
 * honoured at once (in flight and while waiting to retry), and the retry decision of
 * retry.ts. Each attempt is one call of a generated SDK function on the configured
 * client (src/core/http/api-client.ts), which hands back the answer's `data` or a typed
 * error; this loop only decides whether to call again.
 *
 * Why outside the client: a retry must build the request again (a streamed upload
 * body can be read only once; cloning it would buffer up to 100 MB), and only the
 * caller of the generated function can do that.
 */
import type { Clock } from '../clock.js';
import { AbortError, OmniError } from '../errors.js';
import { releaseResponse, settleBy } from './deadline.js';
import { ATTEMPT, type AttemptMeta, endedBySignal } from './envelope.js';
import { operationKind, parseRetryAfter, retryDelay, retryReason } from './retry.js';
import type { Traffic } from './traffic.js';
import type { Watch } from '../observe/observer.js';

/** How one call is sent. */
export interface SendOptions {
  maxRetries: number;
  timeoutMs: number;
  clock: Clock;
  random: () => number;
  signal?: AbortSignal | undefined;
  /** The task concerned, when one exists: every error then names it. */
  taskId?: string | undefined;
  /** The client's retry budget and pacing, shared by all its calls (see traffic.ts). */
  traffic?: Traffic | undefined;
  /** The operation's log and trace (src/core/observe/), when anyone wants them. */
  watch?: Watch | undefined;
}

/** What each attempt passes to the generated function: its signal and the pipeline's meta. */
export interface AttemptInit {
  signal: AbortSignal;
  meta: Record<string, unknown>;
}

/** What a generated SDK function resolves to (`throwOnError: false`). */
export interface RawResult {
  data?: unknown;
  error?: unknown;
  request?: Request;
  response?: Response;
}

/** A successful answer: the envelope's `data`, and a Retry-After if the service sent one. */
export interface Answer<T = unknown> {
  data: T;
  /** The service asked not to be called again before this many ms (a poll answer may say so). */
  retryAfterMs?: number;
}

/**
 * Calls `attempt` (a generated SDK function bound to its arguments) until it succeeds
 * or must not be retried; returns the envelope's `data`, or throws the typed error.
 *
 * @example
 * const { data } = await send((init) => getVideoTask({ client, path: { taskId }, ...init }), options);
 */
export async function send<T = unknown>(
  attempt: (init: AttemptInit) => Promise<RawResult>,
  options: SendOptions,
): Promise<Answer<T>> {
  const {
    maxRetries,
    timeoutMs,
    clock,
    random,
    signal: callerSignal,
    taskId,
    traffic,
    watch,
  } = options;
  let lastRetryCost: number | undefined;
  for (let retry = 0; ; retry++) {
    if (callerSignal?.aborted)
      throw new AbortError('The request was aborted by the caller before it was sent.', {
        cause: callerSignal.reason,
        taskId,
      });

    // One controller per attempt, fed by the timeout and the caller's signal; the
    // timer is cleared as soon as the attempt settles (no timers left behind).
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException('Request timed out', 'TimeoutError')),
      timeoutMs,
    );
    const forwardAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', forwardAbort, { once: true });
    const meta: AttemptMeta = { callerSignal, timeoutMs, taskId };
    let result: RawResult;
    let seen: ReturnType<Watch['attempt']> | undefined;
    try {
      // The client's pacing (traffic.ts), within this attempt's timeout: a turn not
      // given in time is an error saying nothing was sent.
      await traffic?.turn(controller.signal, {
        abortedByCaller: () => callerSignal?.aborted === true,
        timeoutMs,
        taskId,
      });
      seen = watch?.attempt();
      // Raced against the signal: a custom fetch that drops it cannot hold the call
      // (deadline.ts); an answer that comes after the race is released.
      result = await settleBy(
        controller.signal,
        attempt({ signal: controller.signal, meta: { [ATTEMPT]: meta } }),
        (late) => releaseResponse(late.response),
      ).catch((reason: unknown) => {
        if (!controller.signal.aborted) throw reason;
        return { error: endedBySignal(meta, reason, clock.now()), request: meta.request };
      });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', forwardAbort);
    }
    if (result.response) traffic?.answered(result.response.status);
    seen?.saw(result.request, result.response);

    if (!('error' in result) || result.error === undefined) {
      traffic?.succeeded(lastRetryCost);
      seen?.end();
      const retryAfterMs = parseRetryAfter(
        result.response?.headers.get('retry-after') ?? null,
        clock.now(),
      );
      return retryAfterMs === undefined
        ? { data: result.data as T }
        : { data: result.data as T, retryAfterMs };
    }
    // The error interceptor makes every failure an OmniError; anything else is a bug.
    const error =
      result.error instanceof OmniError
        ? result.error
        : new OmniError('The request failed unexpectedly.', { cause: result.error, taskId });
    // A request that was never built was never sent either: its kind does not matter.
    const kind = operationKind(result.request?.method ?? 'POST');
    const reason = retry < maxRetries ? retryReason(error, kind) : undefined;
    let delay = reason === undefined ? undefined : retryDelay(retry, error.retryAfterMs, random);
    // The client-wide retry budget may refuse the retry: the error is raised instead.
    if (delay !== undefined && traffic) {
      lastRetryCost = traffic.retryCost(error);
      if (lastRetryCost === undefined) delay = undefined;
    }
    seen?.end(error, delay);
    if (delay === undefined) throw error;
    try {
      await clock.sleep(delay, callerSignal);
    } catch (cause) {
      throw new AbortError('The request was aborted by the caller while waiting to retry.', {
        cause,
        taskId,
      });
    }
  }
}
