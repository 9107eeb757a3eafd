/**
 * Sends one API request through a generated SDK function: a timeout on every
 * attempt, the caller's AbortSignal honoured at once (in flight and while waiting to
 * retry), the retry policy of retry.ts, and a typed error at the end. A create that
 * may have reached the service is never retried and becomes a CreateUncertainError.
 * Every attempt goes through transport.ts's fetch (no blind redirects; "not sent" known
 * for sure), and nothing kept from an answer carries the caller's key.
 */
import type { Clock } from '../clock.js';
import { AbortError, CreateUncertainError, MalformedResponseError } from '../errors.js';
import {
  type Answer,
  type AttemptContext,
  type Failure,
  type RawResult,
  readOutcome,
} from './outcome.js';
import { type Operation, retryDelay, retryReason } from './retry.js';
import { attemptFetch, type DispatchState } from './transport.js';
import { apiFetch } from '../platform/node.js';
import type { Watch } from '../observe/observer.js';

/** How one request is sent. */
export interface SendOptions {
  operation: Operation;
  maxRetries: number;
  timeoutMs: number;
  clock: Clock;
  random: () => number;
  signal?: AbortSignal | undefined;
  /** The task concerned, when one exists: every error then names it. */
  taskId?: string | undefined;
  /** The fetch to send with. @default the platform's apiFetch (src/platform/: on Deno, a create on a fresh connection) */
  fetch?: typeof fetch | undefined;
  /** Checks a success envelope against the spec (see {@link AttemptContext.validate}). */
  validate?: ((envelope: unknown) => unknown) | undefined;
  /** Removes the caller's key from an error or an answer, in place (see safety.ts). */
  redact?: (<T>(value: T) => T) | undefined;
  /** The operation's log and trace (src/observe/), when anyone wants them. */
  watch?: Watch | undefined;
}

/** What each attempt is given: its signal, and the fetch it must send with. */
export interface Attempt {
  signal: AbortSignal;
  fetch: typeof fetch;
}

/**
 * Calls `attempt` (a generated SDK function bound to its arguments) until it succeeds
 * or must not be retried, and returns the envelope's `data` (with any Retry-After).
 */
export async function send(
  attempt: (tools: Attempt) => Promise<RawResult>,
  options: SendOptions,
): Promise<Answer> {
  const redact = options.redact ?? ((value) => value);
  try {
    return redact(await sendAttempts(attempt, options));
  } catch (error) {
    throw redact(error);
  }
}

async function sendAttempts(
  attempt: (tools: Attempt) => Promise<RawResult>,
  options: SendOptions,
): Promise<Answer> {
  const { operation, maxRetries, timeoutMs, clock, random, signal: callerSignal, taskId } = options;
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
    const state: DispatchState = { dispatched: false };
    const seen = options.watch?.attempt();
    const base = options.fetch ?? apiFetch;
    const fetch = attemptFetch(seen ? seen.fetch(base) : base, operation, state);
    let raw: RawResult;
    try {
      raw = await attempt({ signal: controller.signal, fetch });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', forwardAbort);
    }

    const abortedByCaller = callerSignal?.aborted === true;
    const timedOut = controller.signal.aborted && !abortedByCaller;
    const outcome = readOutcomeSafely(raw, {
      abortedByCaller,
      timedOut,
      timeoutMs,
      taskId,
      now: clock.now(),
      dispatched: state.dispatched,
      operation,
      validate: options.validate,
    });
    if ('data' in outcome) {
      seen?.end();
      return outcome;
    }

    const reason = retry < maxRetries ? retryReason(outcome, operation) : undefined;
    const delay =
      reason === undefined
        ? undefined
        : retryDelay(retry, (outcome.error as { retryAfterMs?: number }).retryAfterMs, random);
    seen?.end(outcome.error, delay);
    if (delay === undefined) {
      if (operation === 'create' && outcome.processed === 'maybe')
        throw new CreateUncertainError(
          outcome.error.taskId
            ? `The create answer was broken (${outcome.error.message}), but it names task ` +
                `${outcome.error.taskId}, which probably exists: check it with retrieve() before creating another.`
            : `The create request may or may not have made a task: ${outcome.error.message} ` +
                'It was not resent, so that no second video is paid for. Check your tasks before creating it again.',
          { cause: outcome.error, taskId: outcome.error.taskId },
        );
      throw outcome.error;
    }
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

/**
 * readOutcome, with a last line of defence: an answer odd enough to make reading it
 * throw (found by the response fuzz) is a malformed answer, never a raw exception.
 */
function readOutcomeSafely(raw: RawResult, ctx: AttemptContext): Answer | Failure {
  try {
    return readOutcome(raw, ctx);
  } catch (cause) {
    const status = raw.response?.status ?? 0;
    return {
      error: new MalformedResponseError(`The answer (HTTP ${status}) could not be read.`, status, {
        cause,
        taskId: ctx.taskId,
      }),
      processed: 'maybe',
    };
  }
}
