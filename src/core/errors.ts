/**
 * Every error this SDK throws, in one shallow hierarchy. Each class has a `name`, so
 * `err.name` identifies it across bundles and realms. `ValidationError` stands outside
 * the HTTP tree: it is raised before anything is sent.
 *
 * OmniError
 * ├── ValidationError                 bad input, nothing sent
 * ├── ApiError                        the service answered with an error
 * │   ├── BadRequestError             400, or code 20002: the request was refused
 * │   ├── AuthenticationError         401, or code 20001
 * │   ├── PermissionDeniedError       403
 * │   ├── NotFoundError               404
 * │   ├── RateLimitError              429
 * │   └── InternalServerError         5xx, or code -1
 * ├── ConnectionError                 no answer (refused, reset, DNS, cut off)
 * ├── RequestTimeoutError             no answer in time
 * ├── AbortError                      the caller's AbortSignal fired
 * ├── MalformedResponseError          an answer that is not what the spec says
 * ├── CreateUncertainError            a create whose outcome cannot be known
 * ├── TaskFailedError                 the task ended as failed
 * │   └── TaskCancelledError          the task was cancelled
 * ├── TaskResultError                 the task ended, but its result cannot be used
 * ├── TaskTimeoutError                waiting passed its deadline
 * ├── CallbackError                   a callback of yours threw or rejected
 * └── DownloadError                   the video could not be saved
 *     └── DownloadTimeoutError        past the download's deadline or stall limit
 *
 * No error ever holds the API key: requests are described by method and URL only.
 *
 * Every error carries its policy, decided once where it is made: `final` (sending the
 * same request again cannot help) and `processed` (whether the service acted on it).
 * Retries (src/core/http/retry.ts), waits and the CLI read these two fields; none of them
 * sorts errors by class again.
 */
import type { VideoTask } from './generated.js';
import { PROVIDER_CODES } from './http/provider-codes.js';

/**
 * Whether the service acted on the request: `'no'` when it provably did not (nothing
 * left this machine, or the service refused it), `'maybe'` when it may have (a reset,
 * a timeout, a 5xx, a lost or broken answer), `'yes'` when it did (the task exists).
 *
 * @example
 * if (err instanceof OmniError && err.processed === 'no') resendSafely();
 */
export type Processed = 'no' | 'maybe' | 'yes';

/** Options every {@link OmniError} accepts. */
export interface OmniErrorOptions {
  /** The underlying error, when there is one. */
  cause?: unknown;
  /** The task this error concerns, when one exists, so that nothing is lost. */
  taskId?: string;
  /** Overrides the class's {@link OmniError.processed} for this error. */
  processed?: Processed;
  /** Overrides the class's {@link OmniError.final} for this error. */
  final?: boolean;
}

/** Sets the policy defaults of an error class (on its prototype, like `name`). */
function policy(cls: { prototype: OmniError }, final: boolean, processed: Processed): void {
  Object.defineProperties(cls.prototype, {
    final: { value: final, writable: true, configurable: true },
    processed: { value: processed, writable: true, configurable: true },
  });
}

/**
 * The base class of every error the SDK throws.
 *
 * @example
 * try { await omni.videos.generate(params); }
 * catch (err) { if (err instanceof OmniError && err.taskId) saveForLater(err.taskId); throw err; }
 */
export class OmniError extends Error {
  // On the prototype, not an instance field: the stack's first line is written when
  // the error is made, before field initialisers run, and should read "OmniError: ...".
  static {
    this.prototype.name = 'OmniError';
    // An error of unknown kind: not worth repeating blindly.
    policy(this, true, 'maybe');
  }
  /** The task concerned, when a task exists: resume with `omni.videos.wait(taskId)`. */
  // `declare`: optional fields are set only when known, so that logs never show
  // `taskId: undefined` (a plain field would define it on every instance).
  declare taskId?: string;
  /**
   * Sending the same request again cannot help (a refused key, an unknown task, bad
   * input, the caller's abort). `false` for transient failures (network, timeouts, 5xx,
   * 429, a malformed answer): a free read is retried and a wait polls again.
   */
  declare readonly final: boolean;
  /** Whether the service acted on the request: see {@link Processed}. */
  declare readonly processed: Processed;
  /** Milliseconds the service asked to wait before the next request (Retry-After), when it said so. */
  declare readonly retryAfterMs?: number;

  constructor(message: string, options: OmniErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.taskId !== undefined) this.taskId = options.taskId;
    // Not enumerable: the policy is the class's, and logs (toJSON) show the facts.
    for (const key of ['final', 'processed'] as const)
      if (options[key] !== undefined)
        Object.defineProperty(this, key, { value: options[key], configurable: true });
  }

  /** A plain object for logs: name, message and the public fields, never a secret. */
  toJSON(): Record<string, unknown> {
    const { cause: _cause, stack: _stack, ...fields } = this as unknown as Record<string, unknown>;
    return { name: this.name, message: this.message, ...fields };
  }
}

/**
 * One broken rule: the field path (`image_urls`, `image_urls[3]`) and the rule in words.
 * The optional fields say the same in structure, so that a program (the CLI, a form)
 * never has to parse `message`; they are set whenever the SDK knows them.
 *
 * @example
 * const issue: ValidationIssue = {
 *   path: 'resolution',
 *   message: `must be one of "720p", "1080p", "4k" (the provider's documented rule)`,
 *   rule: 'must be one of "720p", "1080p", "4k"',
 *   source: 'provider',
 *   allowed: ['720p', '1080p', '4k'],
 * };
 */
export interface ValidationIssue {
  /** Where: a field path such as `duration` or `image_urls[0]`; `''` for the whole request. */
  path: string;
  /** The rule, in words a person can act on. */
  message: string;
  /**
   * Whose rule it is: `'provider'` when the provider documents it, `'decision'` when it
   * is this SDK's decision where the provider is silent. Set with {@link rule}.
   *
   * @example
   * if (issue.source === 'decision') console.error(`${issue.path}: refused by the SDK, not the service`);
   */
  source?: 'provider' | 'decision';
  /**
   * The rule alone, without the note on its source. When set, `message` is `rule`
   * followed by that note (` (the provider's documented rule)`, or ` (this SDK's
   * decision: why)`).
   *
   * @example
   * const note = issue.rule === undefined ? '' : issue.message.slice(issue.rule.length);
   */
  rule?: string;
  /**
   * The values the field may take, when the rule is a choice among them (an enum).
   *
   * @example
   * if (issue.allowed) console.error(`${issue.path}: choose one of ${issue.allowed.join(', ')}`);
   */
  allowed?: readonly (string | number | boolean | null)[];
  /**
   * The value the rule refused, when the rule judges the field's own value (a choice, a
   * type, a range, a format): absent for a missing or empty field, an unknown one, a list
   * of the wrong length, and rules between fields.
   *
   * @example
   * if (issue.received !== undefined) console.error(`${issue.path}: ${issue.rule}; got ${JSON.stringify(issue.received)}`);
   */
  received?: unknown;
}

/**
 * The input breaks one or more rules; nothing was sent. `issues` lists them all.
 *
 * @example
 * try { omni.videos.prepare({ model: 'omni-10s', prompt: 'x', video_urls: [url] }); }
 * catch (err) { if (err instanceof ValidationError) for (const i of err.issues) console.error(i.path, i.message); }
 */
export class ValidationError extends OmniError {
  static {
    this.prototype.name = 'ValidationError';
    // Raised before anything is sent; the same input fails the same way.
    policy(this, true, 'no');
  }
  readonly issues: ValidationIssue[];

  /**
   * `subject` names what was invalid when it is not a request (`options of new Omni()`):
   * "nothing was sent" is said only where something could have been.
   */
  constructor(issues: ValidationIssue[], options: OmniErrorOptions & { subject?: string } = {}) {
    const { subject, ...rest } = options;
    const lines = issues.map((i) => `  - ${i.path || '(request)'}: ${i.message}`);
    super(
      `${subject ? `Invalid ${subject}` : 'Invalid request, nothing was sent'}:\n${lines.join('\n')}`,
      rest,
    );
    this.issues = issues;
  }
}

/** What {@link ApiError} knows about the answer. */
export interface ApiErrorDetails extends OmniErrorOptions {
  /** HTTP status (an error envelope may come with 200). */
  status: number;
  /** The envelope's `code`, when the answer was an envelope. */
  code?: string;
  /** The envelope's `msg`, or the start of a non-envelope body. */
  msg?: string;
  /** The request id from the answer's headers, for the provider's support. */
  requestId?: string;
  /** Milliseconds the service asked to wait (Retry-After), when it said so. */
  retryAfterMs?: number;
}

/**
 * The service answered with an error: a non-`"20000"` code, whatever the HTTP status.
 *
 * @example
 * catch (err) { if (err instanceof ApiError) console.error(err.status, err.code, err.msg); }
 */
export class ApiError extends OmniError {
  static {
    this.prototype.name = 'ApiError';
    policy(this, false, 'maybe');
  }
  readonly status: number;
  declare readonly code?: string;
  declare readonly msg?: string;
  declare readonly requestId?: string;
  declare readonly retryAfterMs?: number;

  constructor(message: string, details: ApiErrorDetails) {
    super(message, details);
    this.status = details.status;
    if (details.code !== undefined) this.code = details.code;
    if (details.msg !== undefined) this.msg = details.msg;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    const { final, processed } = answerPolicy(details.status, details.code);
    for (const [key, value] of [
      ['final', details.final ?? final],
      ['processed', details.processed ?? processed],
    ] as const)
      if (value !== undefined) Object.defineProperty(this, key, { value, configurable: true });
  }
}

/**
 * The policy of an error answer, by its status and the provider's code (the class's
 * default otherwise). The provider's codes 20001 (key refused) and 20002 (bad request)
 * are final whatever the HTTP status; a refusal (4xx other than 408) was not
 * processed; a 4xx other than 408 (the server gave up waiting) and 429 (asked to come
 * back) is final.
 */
function answerPolicy(
  status: number,
  code: string | undefined,
): { final?: boolean; processed?: Processed } {
  const refusingCode =
    code === PROVIDER_CODES.authenticationFailed || code === PROVIDER_CODES.badRequest;
  const refused = status >= 400 && status < 500 && status !== 408;
  return {
    ...(refusingCode || (refused && status !== 429) ? { final: true } : {}),
    ...(refused || (refusingCode && status < 300) ? { processed: 'no' as const } : {}),
  };
}

/**
 * The service refused the request as it was sent (HTTP 400, or the provider's code
 * `20002`, "bad parameters", which comes with HTTP 200). Nothing was done: no task was
 * made by a refused create. Never retried, and it ends a wait at once.
 *
 * @example
 * catch (err) { if (err instanceof BadRequestError) console.error('refused:', err.msg); }
 */
export class BadRequestError extends ApiError {
  static {
    this.prototype.name = 'BadRequestError';
    // Refused as sent: nothing was done, and resending changes nothing.
    policy(this, true, 'no');
  }
}

/**
 * The API key is missing or wrong: HTTP 401, or the provider's code `20001` (which comes
 * with HTTP 200). Never retried, and it ends a wait at once. Check `JIMMYAI_API_KEY`.
 *
 * @example
 * catch (err) { if (err instanceof AuthenticationError) console.error('Check JIMMYAI_API_KEY'); }
 */
export class AuthenticationError extends ApiError {
  static {
    this.prototype.name = 'AuthenticationError';
    // The key was refused: nothing was done, and resending changes nothing.
    policy(this, true, 'no');
  }
}
/**
 * 403: the key may not do this.
 *
 * @example
 * catch (err) { if (err instanceof PermissionDeniedError) console.error(err.code, err.msg); }
 */
export class PermissionDeniedError extends ApiError {
  static {
    this.prototype.name = 'PermissionDeniedError';
    policy(this, true, 'no');
  }
}
/**
 * 404: no such task (for this key).
 *
 * @example
 * catch (err) { if (err instanceof NotFoundError) forget(err.taskId); }
 */
export class NotFoundError extends ApiError {
  static {
    this.prototype.name = 'NotFoundError';
    policy(this, true, 'no');
  }
}
/**
 * 429: rate limited; `retryAfterMs` says how long the service asked to wait. Retried
 * automatically (create included: the service did no work) up to `maxRetries`.
 *
 * @example
 * catch (err) { if (err instanceof RateLimitError) await sleep(err.retryAfterMs ?? 5000); }
 */
export class RateLimitError extends ApiError {
  static {
    this.prototype.name = 'RateLimitError';
    // The service did no work and asked to be asked again later.
    policy(this, false, 'no');
  }
}
/**
 * 5xx, or the provider's code `-1` ("server error, retry later", with HTTP 200): the
 * service failed. Reads are retried automatically; a create is not (it becomes a
 * {@link CreateUncertainError}).
 *
 * @example
 * catch (err) { if (err instanceof InternalServerError) console.error(err.status, err.requestId); }
 */
export class InternalServerError extends ApiError {
  static {
    this.prototype.name = 'InternalServerError';
    // Usually brief; but the service may have acted before failing.
    policy(this, false, 'maybe');
  }
}

/**
 * No answer: the connection was refused, reset, cut off, or the host was not found.
 *
 * @example
 * catch (err) { if (err instanceof ConnectionError) console.error('Network problem:', err.message); }
 */
export class ConnectionError extends OmniError {
  static {
    this.prototype.name = 'ConnectionError';
    // 'no' is set where the request provably never left (refused, DNS).
    policy(this, false, 'maybe');
  }
  /**
   * The HTTP status of an answer that began and was then cut off; absent when none
   * began (refused, reset, unknown host): the host was reached only when it is set.
   *
   * @example
   * if (err instanceof ConnectionError && err.status === undefined) console.error('host unreachable');
   */
  declare readonly status?: number;

  constructor(message: string, options: OmniErrorOptions & { status?: number } = {}) {
    super(message, options);
    if (options.status !== undefined) this.status = options.status;
  }
}

/**
 * No answer within the request timeout (`timeoutMs`).
 *
 * @example
 * await omni.videos.retrieve(id, { timeoutMs: 5000 }); // RequestTimeoutError after 5 s (reads are retried first)
 */
export class RequestTimeoutError extends OmniError {
  static {
    this.prototype.name = 'RequestTimeoutError';
    policy(this, false, 'maybe');
  }
}

/**
 * The caller's `AbortSignal` fired. Named `AbortError`, as the platform's own abort
 * errors are, so `err.name === 'AbortError'` checks keep working.
 *
 * @example
 * const done = await omni.videos.wait(id, { signal: AbortSignal.timeout(60_000) }).catch((err) => {
 *   if (err.name === 'AbortError') return undefined; // stopped waiting; the task goes on
 *   throw err;
 * });
 */
export class AbortError extends OmniError {
  static {
    this.prototype.name = 'AbortError';
    // The caller stopped it: never resent on the SDK's own initiative.
    policy(this, true, 'maybe');
  }
}

/**
 * The answer does not match the spec (not JSON, missing fields, wrong types).
 *
 * @example
 * catch (err) { if (err instanceof MalformedResponseError) console.error(err.status, err.message); }
 */
export class MalformedResponseError extends OmniError {
  static {
    this.prototype.name = 'MalformedResponseError';
    // The service answered; the next answer may be readable.
    policy(this, false, 'maybe');
  }
  /** HTTP status of the malformed answer. */
  readonly status: number;

  constructor(message: string, status: number, options: OmniErrorOptions = {}) {
    super(message, options);
    this.status = status;
  }
}

/**
 * A create request may or may not have made a task (a timeout, a reset, a 5xx or a
 * lost answer after it was sent). It is never retried: that could pay for two videos.
 * Look for the task in your JimmyAI console before creating it again.
 *
 * @example
 * catch (err) {
 *   if (err instanceof CreateUncertainError) {
 *     if (err.taskId) await omni.videos.wait(err.taskId); // the answer named its task
 *     else alertOperator('a task may exist: check before creating it again');
 *   }
 * }
 */
export class CreateUncertainError extends OmniError {
  static {
    this.prototype.name = 'CreateUncertainError';
    // Resending could pay for a second video.
    policy(this, true, 'maybe');
  }
}

/**
 * The task ended as `failed`. `reason` is the provider's (`error_message`, `error_msg`
 * or `reason`); `task` is the last snapshot.
 *
 * @example
 * catch (err) { if (err instanceof TaskFailedError) console.error(`${err.taskId} failed: ${err.reason}`); }
 */
export class TaskFailedError extends OmniError {
  static {
    this.prototype.name = 'TaskFailedError';
    policy(this, true, 'yes');
  }
  override taskId: string;
  readonly task: VideoTask;
  readonly reason: string | undefined;

  constructor(task: VideoTask, reason: string | undefined, message?: string) {
    super(
      message ??
        `Task ${task.task_id} failed: ${(reason ?? 'the service gave no reason').replace(/\.?$/, '.')}`,
      { taskId: task.task_id },
    );
    this.taskId = task.task_id;
    this.task = task;
    this.reason = reason;
  }
}

/**
 * The task was cancelled (status `canceled` or `cancelled`, in any case): it will not
 * finish. A kind of {@link TaskFailedError}, so code that handles failures handles it
 * too; `task` is the last snapshot.
 *
 * @example
 * catch (err) { if (err instanceof TaskCancelledError) console.error(`${err.taskId} was cancelled`); }
 */
export class TaskCancelledError extends TaskFailedError {
  static {
    this.prototype.name = 'TaskCancelledError';
  }

  constructor(task: VideoTask, reason: string | undefined) {
    super(
      task,
      reason,
      `Task ${task.task_id} was cancelled${reason ? `: ${reason.replace(/\.?$/, '.')}` : '; it will not finish.'}`,
    );
  }
}

/**
 * The task ended, but its result cannot be used: for example it reports completion
 * without any usable video URL. Waiting longer would not help, so the wait ends at once.
 * `task` is the snapshot as read; `problem` says what is wrong.
 *
 * @example
 * catch (err) { if (err instanceof TaskResultError) console.error(err.taskId, err.problem); }
 */
export class TaskResultError extends OmniError {
  static {
    this.prototype.name = 'TaskResultError';
    // Waiting longer would not make the result usable.
    policy(this, true, 'yes');
  }
  override taskId: string;
  readonly task: VideoTask;
  /** What is wrong with the result, in words. */
  readonly problem: string;

  constructor(task: VideoTask, problem: string) {
    super(`Task ${task.task_id} ended as ${task.status}, but ${problem}.`, {
      taskId: task.task_id,
    });
    this.taskId = task.task_id;
    this.task = task;
    this.problem = problem;
  }
}

/**
 * A callback you passed (`onProgress`, `onTaskCreated`) threw or returned a rejected
 * promise. The call it was passed to stops there and rejects with this error: the
 * request in flight is cancelled, nothing is left on disk, and `cause` is your error.
 * The task itself goes on: resume with `omni.videos.wait(err.taskId)`.
 *
 * @example
 * catch (err) { if (err instanceof CallbackError) console.error(err.callback, 'failed:', err.cause); }
 */
export class CallbackError extends OmniError {
  static {
    this.prototype.name = 'CallbackError';
    // The caller's code failed: repeating the call would repeat that.
    policy(this, true, 'maybe');
  }
  /** The callback that failed, by its option name. */
  readonly callback: string;

  constructor(callback: string, cause: unknown, taskId?: string) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `Your ${callback} callback failed: ${why.replace(/\.?$/, '.')}` +
        (taskId
          ? ` Task ${taskId} goes on: resume with omni.videos.wait(${JSON.stringify(taskId)}).`
          : ''),
      taskId === undefined ? { cause } : { cause, taskId },
    );
    this.callback = callback;
  }
}

/**
 * Waiting passed its deadline. The task may still finish: resume later with
 * `omni.videos.wait(err.taskId)`.
 *
 * @example
 * catch (err) { if (err instanceof TaskTimeoutError) queueForLater(err.taskId, err.lastTask?.progress); }
 */
export class TaskTimeoutError extends OmniError {
  static {
    this.prototype.name = 'TaskTimeoutError';
    // The task may still finish: a new wait may see it.
    policy(this, false, 'yes');
  }
  override taskId: string;
  /** The deadline that passed, in ms. */
  readonly timeoutMs: number;
  /** The last snapshot seen, when any poll succeeded. */
  readonly lastTask: VideoTask | undefined;

  /**
   * @param cause the last poll's error, when the polls were failing at the deadline
   */
  constructor(taskId: string, timeoutMs: number, lastTask: VideoTask | undefined, cause?: unknown) {
    super(
      `Task ${taskId} did not finish within ${formatMs(timeoutMs)}` +
        `${lastTask ? ` (last seen: ${lastTask.status}, ${lastTask.progress ?? 0}%)` : ''}` +
        `${cause instanceof Error ? `; the last poll failed: ${cause.message.replace(/\.$/, '')}` : ''}. ` +
        `It may still finish: resume with omni.videos.wait(${JSON.stringify(taskId)}).`,
      cause === undefined ? { taskId } : { taskId, cause },
    );
    this.taskId = taskId;
    this.timeoutMs = timeoutMs;
    this.lastTask = lastTask;
  }
}

/**
 * The video could not be saved; nothing was left at the destination.
 *
 * @example
 * await omni.videos.download(task, 'out/fox.mp4').catch((err) => {
 *   if (err instanceof DownloadError) console.error(err.message); // e.g. the link expired
 * });
 */
export class DownloadError extends OmniError {
  static {
    this.prototype.name = 'DownloadError';
    policy(this, true, 'yes');
  }
}

/** A duration for a message: `700 ms`, `1.5 s`, `20 min`. */
function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}

/**
 * A download passed its deadline (`timeoutMs`, the whole download) or its stall limit
 * (`stallTimeoutMs`, no byte for that long); nothing was left at the destination.
 *
 * @example
 * await omni.videos.download(task, 'fox.mp4', { timeoutMs: 10 * 60_000 }).catch((err) => {
 *   if (err instanceof DownloadTimeoutError) console.error(err.limit, err.timeoutMs); // 'deadline' 600000
 * });
 */
export class DownloadTimeoutError extends DownloadError {
  static {
    this.prototype.name = 'DownloadTimeoutError';
  }
  /** Which limit passed: the whole download's `deadline`, or the `stall` limit. */
  readonly limit: 'deadline' | 'stall';
  /** That limit, in ms. */
  readonly timeoutMs: number;

  constructor(limit: 'deadline' | 'stall', timeoutMs: number, options: OmniErrorOptions = {}) {
    super(
      limit === 'deadline'
        ? `The download did not finish within ${formatMs(timeoutMs)} (timeoutMs); nothing was saved.`
        : `No byte of the video arrived for ${formatMs(timeoutMs)} (stallTimeoutMs); nothing was saved.`,
      options,
    );
    this.limit = limit;
    this.timeoutMs = timeoutMs;
  }
}
