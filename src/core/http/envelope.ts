/**
 * The envelope and the error mapping, as the generated client's validator and error
 * interceptor (installed by src/core/http/client.ts).
 *
 * - {@link envelopeValidator} wraps the call's response validator: a success envelope
 *   (`code` `"20000"`, with `data`) goes on to the spec's check; anything else is thrown
 *   as an {@link AnswerProblem}, which the interceptor turns into the typed error.
 * - {@link toOmniError} is the error interceptor's body: whatever the generated client
 *   caught (a fetch failure, an error body, a parse error, a validator's problem)
 *   becomes one typed {@link OmniError} carrying its policy (`final`, `processed`).
 *   Nothing raw (a `TypeError`, a `SyntaxError`, a validator's `SpecMismatch`, an error body) ever
 *   reaches the caller.
 */
import {
  AbortError,
  ConnectionError,
  MalformedResponseError,
  OmniError,
  RequestTimeoutError,
  ValidationError,
} from '../errors.js';
import { apiError, snippet } from './error-answer.js';
import { isSuccessCode } from './provider-codes.js';
import { NotSentError } from './transport.js';
import { isBrowser } from '../safety.js';
import { answerTooLarge } from './answer-cap.js';

/** What the pipeline passes each attempt in the call's `meta`, for the error mapping. */
export interface AttemptMeta {
  /** The caller's signal: when it fired, the failure is the caller's abort. */
  callerSignal?: AbortSignal | undefined;
  /** The attempt's timeout, for the message when it fired. */
  timeoutMs: number;
  /** The task concerned, when one exists: every error then names it. */
  taskId?: string | undefined;
  /**
   * The request as built (set by the client's request interceptor): its method says
   * whether the call is a read, when the attempt ends without the client's result.
   */
  request?: Request | undefined;
}

/** The key of {@link AttemptMeta} in a call's `meta`. */
export const ATTEMPT = 'omniAttempt';

/**
 * A success answer that is not what it must be; `toOmniError` adds the HTTP status. An
 * error envelope rides here too (`envelope`), to become an `ApiError` with the status
 * and headers that only the interceptor sees.
 *
 * @example
 * throw new AnswerProblem('is not an envelope { code, msg, data }.');
 */
export class AnswerProblem extends Error {
  static {
    this.prototype.name = 'AnswerProblem';
  }
  constructor(
    message: string,
    readonly details: { cause?: unknown; envelope?: object; taskId?: string } = {},
  ) {
    super(message);
  }
}

type Validator = (data: unknown) => Promise<unknown>;

/**
 * The envelope check in front of the call's own response validator (the spec's, from
 * the generated SDK function, or a resource's): an error envelope, a non-envelope, or a
 * success without data is thrown as an {@link AnswerProblem}; a success envelope that
 * breaks the spec too, naming the task when its answer does (a broken create answer
 * may still name the task it made).
 *
 * @example
 * opts.responseValidator = envelopeValidator(opts.responseValidator);
 */
export function envelopeValidator(spec: Validator | undefined): Validator {
  return async (body) => {
    const envelope = body as Record<string, unknown> | null;
    if (typeof envelope !== 'object' || envelope === null || !('code' in envelope))
      throw new AnswerProblem('is not an envelope { code, msg, data }.');
    if (!isSuccessCode(envelope.code)) throw new AnswerProblem('is an error', { envelope });
    if (envelope.data === null || envelope.data === undefined)
      throw new AnswerProblem('reports success but carries no data.');
    // Task ids are opaque strings; an integer id (as the provider's app backend sends its
    // codes) names the same task, so it is read as its decimal text rather than refused.
    const data = envelope.data as { task_id?: unknown };
    if (Number.isSafeInteger(data.task_id)) data.task_id = String(data.task_id);
    if (!spec) return;
    try {
      await spec(envelope);
    } catch (problem) {
      const issues = hasIssues(problem) ? problem.issues : [];
      const where = issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(body)'}: ${i.message} (${i.code})`);
      const named = data.task_id;
      throw new AnswerProblem(`does not match the API spec (${where.join('; ')}).`, {
        cause: problem,
        ...(typeof named === 'string' && named !== '' ? { taskId: named } : {}),
      });
    }
  };
}

/**
 * A success answer with no body at all (204, `Content-Length: 0`): the generated client
 * would hand back `{}` without validating it, so the response interceptor refuses it.
 *
 * @example
 * client.interceptors.response.use(refuseEmptySuccess);
 */
export function refuseEmptySuccess(response: Response): Response {
  if (response.ok && (response.status === 204 || response.headers.get('content-length') === '0'))
    throw new SyntaxError('an empty body is not an envelope');
  return response;
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

const hasIssues = (
  e: unknown,
): e is { issues: { path: PropertyKey[]; message: string; code: string }[] } =>
  typeof e === 'object' && e !== null && Array.isArray((e as { issues?: unknown }).issues);

/** Undici reports a body cut off as `TypeError: terminated` with a socket error as its cause. */
function isCutOff(error: unknown): boolean {
  return (
    error instanceof TypeError && (error.message === 'terminated' || errorCode(error) !== undefined)
  );
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : snippet(error);
}

/** How the attempt ended, as the error interceptor sees it. */
interface Seen {
  meta: AttemptMeta;
  abortedByCaller: boolean;
  timedOut: boolean;
  now: number;
}

/** The error for an attempt that produced no usable answer (or none at all). */
function transportError(error: unknown, response: Response | undefined, seen: Seen): OmniError {
  const options = { cause: error, taskId: seen.meta.taskId };
  if (seen.abortedByCaller)
    return new AbortError('The request was aborted by the caller.', options);
  if (seen.timedOut)
    return new RequestTimeoutError(
      `No answer within ${seen.meta.timeoutMs} ms (timeoutMs). The service may be slow; try again or raise timeoutMs.`,
      options,
    );
  if (response)
    // The answer started but its body was cut off or could not be read.
    return new ConnectionError(
      `The connection dropped while reading the answer (HTTP ${response.status}).`,
      { ...options, status: response.status },
    );
  const code = errorCode(error);
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  // In a web page, a request the browser blocked (CORS) fails as an unreachable host
  // does, with a bare TypeError and no code; which one it was is hidden from scripts.
  const blocked =
    code === undefined && isBrowser()
      ? " In a web page this is also how a request blocked by CORS fails: the host must allow this page's origin."
      : '';
  return new ConnectionError(
    `Could not reach the service${code ? ` (${code})` : ''}. Check the network and baseUrl.${blocked}${notSent ? '' : ' The request may have been received.'}`,
    { ...options, processed: notSent ? 'no' : 'maybe' },
  );
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

/**
 * The error interceptor's body: what the generated client caught, as a typed error.
 * `request` is undefined when the `Request` could not even be built (nothing was sent);
 * `response` when no answer came.
 *
 * @example
 * client.interceptors.error.use((error, response, request, options) => toOmniError(error, response, request, meta, Date.now()));
 */
export function toOmniError(
  error: unknown,
  response: Response | undefined,
  request: Request | undefined,
  meta: AttemptMeta,
  now: number,
): OmniError {
  const abortedByCaller = meta.callerSignal?.aborted === true;
  const timedOut = !abortedByCaller && request?.signal.aborted === true;
  const seen: Seen = { meta, abortedByCaller, timedOut, now };
  const taskId = meta.taskId;
  if (error instanceof OmniError) return error;
  if (!request || error instanceof NotSentError) {
    const cause = error instanceof NotSentError ? error.cause : error;
    // The call's own request validator refused the input: name its fields.
    if (!request && hasIssues(cause))
      return new ValidationError(
        cause.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        { cause, taskId },
      );
    return new ValidationError(
      [
        {
          path: '',
          message: `could not be built by this runtime's fetch (${describeError(cause)})`,
        },
      ],
      { cause, taskId },
    );
  }
  if (!response) return transportError(error, undefined, seen);
  const status = response.status;
  // An error status says more than a body too large to read: that case goes on below.
  const tooLarge = answerTooLarge(error);
  if (tooLarge && response.ok)
    return new MalformedResponseError(tooLarge, status, { cause: error, taskId });
  const type = response.headers.get('content-type') ?? 'no content type';
  if (!response.ok) {
    // A body that could not be read still has a status that says what happened.
    if (error instanceof Error && (abortedByCaller || timedOut))
      return transportError(error, response, seen);
    const body = error instanceof Error ? undefined : parseLeniently(error);
    return apiError(status, body, response, { now, taskId });
  }
  if (error instanceof AnswerProblem) {
    const { envelope, cause } = error.details;
    if (envelope) return apiError(status, envelope, response, { now, taskId });
    return new MalformedResponseError(`The answer (HTTP ${status}) ${error.message}`, status, {
      ...(cause === undefined ? {} : { cause }),
      taskId: taskId ?? error.details.taskId,
    });
  }
  // A body cut off mid-way is a connection failure; one that is whole but cannot be
  // read (or parsed) is a malformed answer.
  if (abortedByCaller || timedOut || isCutOff(error)) return transportError(error, response, seen);
  return new MalformedResponseError(
    `The answer (HTTP ${status}, ${type}) ${error instanceof SyntaxError ? 'is not valid JSON.' : 'could not be read.'}`,
    status,
    { cause: error, taskId },
  );
}

/**
 * The error of an attempt that its signal ended while the fetch had not settled (a
 * custom fetch may ignore the signal: see deadline.ts): the caller's abort, else the
 * attempt's timeout.
 *
 * @example
 * endedBySignal({ callerSignal, timeoutMs: 30_000, taskId }, signal.reason, Date.now());
 */
export function endedBySignal(meta: AttemptMeta, cause: unknown, now: number): OmniError {
  const abortedByCaller = meta.callerSignal?.aborted === true;
  return transportError(cause, undefined, {
    meta,
    abortedByCaller,
    timedOut: !abortedByCaller,
    now,
  });
}
