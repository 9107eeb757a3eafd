/**
 * Reads what the generated client returned (it never throws with `throwOnError:
 * false`; it hands back `{ data }` or `{ error }` with the `response`, if any) and
 * turns it into the task data or a typed error. Nothing raw (a `TypeError`, a
 * `SyntaxError`, a `ZodError`, an error body) ever reaches the caller.
 */
import {
  AbortError,
  ConnectionError,
  MalformedResponseError,
  type OmniError,
  RequestTimeoutError,
  ValidationError,
} from '../errors.js';
import { apiError, refusedUnprocessed, snippet } from './error-answer.js';
import { isSuccessCode } from './provider-codes.js';
import { type Operation, parseRetryAfter } from './retry.js';
import { isRedirect } from './transport.js';
import { answerTooLarge } from './answer-cap.js';

export { apiError } from './error-answer.js';
export { isSuccessCode, PROVIDER_CODES } from './provider-codes.js';
import { isBrowser } from '../safety.js';

/** What a generated SDK function resolves to with `throwOnError: false`. */
export interface RawResult {
  data?: unknown;
  error?: unknown;
  response?: Response;
}

/** A successful answer: the envelope's `data`, and a Retry-After if the service sent one. */
export interface Answer {
  data: unknown;
  /** The service asked not to be polled again before this many ms (a poll answer may say so). */
  retryAfterMs?: number;
}

/**
 * A failed attempt. `processed` says whether the service may have acted on it:
 * `'no'` when it provably did not (refused connection, unknown host, an error answer),
 * `'maybe'` when the request may have been carried out (reset, timeout, 5xx, lost or
 * broken answer).
 */
export interface Failure {
  error: OmniError;
  processed: 'no' | 'maybe';
}

/** The attempt's context: how it ended, when it ended early. */
export interface AttemptContext {
  /** The caller's AbortSignal fired. */
  abortedByCaller: boolean;
  /** The per-request timeout fired. */
  timedOut: boolean;
  timeoutMs: number;
  /** The task concerned, when one exists: every error then names it. */
  taskId?: string | undefined;
  /** The clock's time, to read an HTTP-date Retry-After. */
  now: number;
  /**
   * Whether the request was handed to fetch (see transport.ts). `false`: it could not
   * even be built, and nothing was sent. Absent: unknown, assumed sent.
   */
  dispatched?: boolean;
  /** The operation, for what a redirect means. @default 'retrieve' */
  operation?: Operation;
  /**
   * Checks a success envelope against the spec: the problems found (a Zod error), or
   * `undefined` when it conforms.
   */
  validate?: ((envelope: unknown) => unknown) | undefined;
}

// Errors that prove the request never left this machine, across runtimes:
// Node/undici (`cause.code`), Bun (`code`), and DNS failures.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ConnectionRefused',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  for (
    let e = error, depth = 0;
    e && typeof e === 'object' && depth < 4;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

const isZodError = (
  e: unknown,
): e is { issues: { path: PropertyKey[]; message: string; code: string }[] } =>
  typeof e === 'object' && e !== null && Array.isArray((e as { issues?: unknown }).issues);

/** Undici reports a body cut off as `TypeError: terminated` with a socket error as its cause. */
function isCutOff(error: unknown): boolean {
  return (
    error instanceof TypeError && (error.message === 'terminated' || errorCode(error) !== undefined)
  );
}

/** The failure for an attempt that produced no usable answer (or none at all). */
function transportFailure(
  error: unknown,
  response: Response | undefined,
  ctx: AttemptContext,
): Failure {
  const options = { cause: error, taskId: ctx.taskId };
  if (ctx.abortedByCaller)
    return {
      error: new AbortError('The request was aborted by the caller.', options),
      processed: 'maybe',
    };
  if (ctx.timedOut)
    return {
      error: new RequestTimeoutError(
        `No answer within ${ctx.timeoutMs} ms (timeoutMs). The service may be slow; try again or raise timeoutMs.`,
        options,
      ),
      processed: 'maybe',
    };
  if (response) {
    // The answer started but its body was cut off or could not be read.
    return {
      error: new ConnectionError(
        `The connection dropped while reading the answer (HTTP ${response.status}).`,
        options,
      ),
      processed: 'maybe',
    };
  }
  if (ctx.dispatched === false)
    return {
      error: new ValidationError(
        [
          {
            path: '',
            message: `could not be built by this runtime's fetch (${describeError(error)})`,
          },
        ],
        options,
      ),
      processed: 'no',
    };
  const code = errorCode(error);
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  // In a web page, a request the browser blocked (CORS) fails as an unreachable host
  // does, with a bare TypeError and no code; which one it was is hidden from scripts.
  const blocked =
    code === undefined && isBrowser()
      ? " In a web page this is also how a request blocked by CORS fails: the host must allow this page's origin."
      : '';
  return {
    error: new ConnectionError(
      `Could not reach the service${code ? ` (${code})` : ''}. Check the network and baseUrl.${blocked}${notSent ? '' : ' The request may have been received.'}`,
      options,
    ),
    processed: notSent ? 'no' : 'maybe',
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : snippet(error);
}

/**
 * Reads one attempt: `{ data }` for a success envelope's `data`, else a {@link Failure}.
 * A tolerant reader: a body that parses as an envelope is the answer, whatever its
 * `Content-Type`; `ctx.validate` then checks a success envelope against the spec.
 */
export function readOutcome(raw: RawResult, ctx: AttemptContext): Answer | Failure {
  const { response, error } = raw;
  if (!response) return transportFailure(error, undefined, ctx);
  // An error status says more than a body too large to read: that case goes on below.
  const tooLarge = answerTooLarge(error);
  if (tooLarge && response.ok) return malformed(tooLarge, response.status, ctx, error);

  if (!response.ok) {
    // A body that could not be read still has a status that says what happened.
    if (error instanceof Error && (ctx.abortedByCaller || ctx.timedOut))
      return transportFailure(error, response, ctx);
    const body = error instanceof Error ? undefined : parseLeniently(error);
    const failure = apiError(response.status, body, response, ctx);
    // A redirect is never followed by a create, so whether the service acted is unknown.
    const processed = !isRedirect(response) && refusedUnprocessed(failure) ? 'no' : 'maybe';
    return { error: failure, processed };
  }

  if (error !== undefined) {
    // A body cut off mid-way is a connection failure; one that is whole but cannot be
    // read is a malformed answer.
    if (ctx.abortedByCaller || ctx.timedOut || isCutOff(error))
      return transportFailure(error, response, ctx);
    return malformed(
      `The answer (HTTP ${response.status}, ${response.headers.get('content-type') ?? 'no content type'}) could not be read.`,
      response.status,
      ctx,
      error,
    );
  }

  let body: unknown = raw.data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch (cause) {
      return malformed(
        `The answer (HTTP ${response.status}, ${response.headers.get('content-type') ?? 'no content type'}) is not valid JSON.`,
        response.status,
        ctx,
        cause,
      );
    }
  }
  const envelope = body as Record<string, unknown> | undefined;
  if (typeof envelope !== 'object' || envelope === null || !('code' in envelope))
    return malformed(
      `The answer (HTTP ${response.status}) is not an envelope { code, msg, data }.`,
      response.status,
      ctx,
    );
  if (!isSuccessCode(envelope.code)) {
    const failure = apiError(response.status, envelope, response, ctx);
    return { error: failure, processed: refusedUnprocessed(failure) ? 'no' : 'maybe' };
  }
  if (envelope.data === null || envelope.data === undefined)
    return malformed(
      `The answer (HTTP ${response.status}) reports success but carries no data.`,
      response.status,
      ctx,
    );
  // Task ids are opaque strings; an integer id (as the provider's app backend sends its
  // codes) names the same task, so it is read as its decimal text rather than refused.
  const data = envelope.data as { task_id?: unknown };
  if (Number.isSafeInteger(data.task_id)) data.task_id = String(data.task_id);
  const problem = ctx.validate?.(envelope);
  if (problem !== undefined) {
    const issues = isZodError(problem) ? problem.issues : [];
    const where = issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(body)'}: ${i.message} (${i.code})`);
    // A create answer may be broken yet name the task it made: keep that id.
    const named = data.task_id;
    const taskId = ctx.taskId ?? (typeof named === 'string' && named !== '' ? named : undefined);
    return malformed(
      `The answer (HTTP ${response.status}) does not match the API spec (${where.join('; ')}).`,
      response.status,
      { ...ctx, taskId },
      problem,
    );
  }
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), ctx.now);
  return retryAfterMs === undefined
    ? { data: envelope.data }
    : { data: envelope.data, retryAfterMs };
}

/** An error body as the generated client hands it over: parsed JSON, or text. */
function parseLeniently(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function malformed(message: string, status: number, ctx: AttemptContext, cause?: unknown): Failure {
  return {
    error: new MalformedResponseError(message, status, {
      ...(cause === undefined ? {} : { cause }),
      taskId: ctx.taskId,
    }),
    processed: 'maybe',
  };
}
