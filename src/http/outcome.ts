/**
 * Reads what the generated client returned (it never throws with `throwOnError:
 * false`; it hands back `{ data }` or `{ error }` with the `response`, if any) and
 * turns it into the task data or a typed error. Nothing raw (a `TypeError`, a
 * `SyntaxError`, a `ZodError`, an error body) ever reaches the caller.
 */
import {
  AbortError,
  ApiError,
  AuthenticationError,
  ConnectionError,
  InternalServerError,
  MalformedResponseError,
  NotFoundError,
  type OmniError,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
} from '../errors.js';
import { parseRetryAfter } from './retry.js';
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
  taskId?: string;
  /** The clock's time, to read an HTTP-date Retry-After. */
  now: number;
}

/** Envelope codes: `"20000"` is success; a number is tolerated. */
export function isSuccessCode(code: unknown): boolean {
  return code === '20000' || code === 20000;
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

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-trace-id'];
function requestIdOf(response: Response): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = response.headers.get(name);
    if (value) return value;
  }
  return undefined;
}

function snippet(body: unknown): string {
  let text: string;
  try {
    text = typeof body === 'string' ? body : (JSON.stringify(body) ?? '');
  } catch {
    // JSON nested deep enough parses but overflows the stack when stringified.
    text = '(an answer too deeply nested to show)';
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const isZodError = (
  e: unknown,
): e is { issues: { path: PropertyKey[]; message: string; code: string }[] } =>
  typeof e === 'object' && e !== null && Array.isArray((e as { issues?: unknown }).issues);

/** Where a response validator noted the `task_id` of an answer it refused (see {@link noteAnswerTaskId}). */
const ANSWER_TASK_ID = Symbol('answerTaskId');

/**
 * Notes on a validation error the `data.task_id` of the answer it refused, so that a
 * broken create answer still names the task it made.
 */
export function noteAnswerTaskId(error: unknown, answer: unknown): unknown {
  const id = (answer as { data?: { task_id?: unknown } } | null)?.data?.task_id;
  if (typeof id === 'string' && id !== '' && typeof error === 'object' && error !== null)
    Object.defineProperty(error, ANSWER_TASK_ID, { value: id });
  return error;
}

function answerTaskIdOf(error: object): string | undefined {
  return (error as { [ANSWER_TASK_ID]?: string })[ANSWER_TASK_ID];
}

/** Undici reports a body cut off as `TypeError: terminated` with a socket error as its cause. */
function isCutOff(error: unknown): boolean {
  return (
    error instanceof TypeError && (error.message === 'terminated' || errorCode(error) !== undefined)
  );
}

/** The typed error for an error answer (any status) carrying `code`/`msg` or a raw body. */
export function apiError(
  status: number,
  body: unknown,
  response: Response,
  ctx: AttemptContext,
): ApiError {
  const envelope =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  const code =
    envelope && (typeof envelope.code === 'string' || typeof envelope.code === 'number')
      ? String(envelope.code)
      : undefined;
  const msg =
    envelope && typeof envelope.msg === 'string'
      ? envelope.msg
      : body === undefined
        ? undefined
        : snippet(body);
  const details = {
    status,
    code,
    msg,
    requestId: requestIdOf(response),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), ctx.now),
    taskId: ctx.taskId,
  };
  const said = `HTTP ${status}${code ? `, code ${code}` : ''}${msg ? `: ${msg}` : ''}`;
  if (status === 401)
    return new AuthenticationError(
      `The API key was refused (${said}). Check JIMMYAI_API_KEY or the apiKey option.`,
      details,
    );
  if (status === 403)
    return new PermissionDeniedError(
      `Not allowed (${said}). Check that the key may use this model.`,
      details,
    );
  if (status === 404)
    return new NotFoundError(
      `Not found (${said}). Check the task id and that it belongs to this key.`,
      details,
    );
  if (status === 429)
    return new RateLimitError(
      `Rate limited (${said}). Slow down, or retry after the time the service asks.`,
      details,
    );
  if (status >= 500)
    return new InternalServerError(
      `The service failed (${said}). This is usually brief; try again.`,
      details,
    );
  return new ApiError(`The service refused the request (${said}).`, details);
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

/**
 * Reads one attempt: `{ data }` for a success envelope's `data`, else a {@link Failure}.
 * `data` has already been checked against the spec by the generated response validator.
 */
export function readOutcome(raw: RawResult, ctx: AttemptContext): Answer | Failure {
  const { response, error } = raw;
  if (!response) return transportFailure(error, undefined, ctx);

  if (!response.ok) {
    // A body that could not be read still has a status that says what happened.
    const body = error instanceof Error ? undefined : error;
    if (error instanceof Error && (ctx.abortedByCaller || ctx.timedOut))
      return transportFailure(error, response, ctx);
    const failure = apiError(response.status, body, response, ctx);
    const refusedUnprocessed = response.status < 500 && response.status !== 408;
    return { error: failure, processed: refusedUnprocessed ? 'no' : 'maybe' };
  }

  if (error !== undefined) {
    if (error instanceof SyntaxError)
      return {
        error: new MalformedResponseError(
          `The answer (HTTP ${response.status}) is not valid JSON.`,
          response.status,
          { cause: error, taskId: ctx.taskId },
        ),
        processed: 'maybe',
      };
    if (isZodError(error)) {
      const where = error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(body)'}: ${i.message} (${i.code})`);
      // A create answer may be broken yet name the task it made: keep that id.
      const taskId = ctx.taskId ?? answerTaskIdOf(error);
      return {
        error: new MalformedResponseError(
          `The answer (HTTP ${response.status}) does not match the API spec (${where.join('; ')}).`,
          response.status,
          { cause: error, taskId },
        ),
        processed: 'maybe',
      };
    }
    // A body cut off mid-way is a connection failure; one that is whole but cannot be
    // read (a content type the client parses some other way) is a malformed answer.
    if (ctx.abortedByCaller || ctx.timedOut || isCutOff(error))
      return transportFailure(error, response, ctx);
    return {
      error: new MalformedResponseError(
        `The answer (HTTP ${response.status}, ${response.headers.get('content-type') ?? 'no content type'}) could not be read as JSON.`,
        response.status,
        { cause: error, taskId: ctx.taskId },
      ),
      processed: 'maybe',
    };
  }

  const body = raw.data as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null || !('code' in body))
    return {
      error: new MalformedResponseError(
        `The answer (HTTP ${response.status}) is not an envelope { code, msg, data }.`,
        response.status,
        { taskId: ctx.taskId },
      ),
      processed: 'maybe',
    };
  if (!isSuccessCode(body.code))
    return { error: apiError(response.status, body, response, ctx), processed: 'no' };
  if (body.data === null || body.data === undefined)
    return {
      error: new MalformedResponseError(
        `The answer (HTTP ${response.status}) reports success but carries no data.`,
        response.status,
        { taskId: ctx.taskId },
      ),
      processed: 'maybe',
    };
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), ctx.now);
  return retryAfterMs === undefined ? { data: body.data } : { data: body.data, retryAfterMs };
}
