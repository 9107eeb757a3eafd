/**
 * Where the request pipeline reports to the log and the traces. The pipeline holds three
 * kinds of hook, each one line:
 *
 * - one wrapper per traced operation: `observer.operation('create', taskId, (watch) => ...)`
 *   runs the call inside its tracing channel, when someone listens;
 * - per attempt (src/core/http/send.ts): `watch.attempt()`, its `fetch(base)` to see the
 *   request and answer, and `end(error?, retryInMs?)` once the attempt is read;
 * - per download request: `watch.fetch(base)`.
 *
 * When neither a log nor a subscriber is there, `operation` hands `undefined` to the
 * call and every hook is skipped by `?.`: nothing is built.
 */
import { requestIdOf } from '../http/error-answer.js';
import type { RequestLog } from './log.js';
import { listenedChannel, type TracedOperation, type TraceContext } from './trace.js';

/**
 * A client's log and traces.
 *
 * @example
 * const observer = new Observer(requestLog(options, redact));
 * const task = await observer.operation('create', undefined, (watch) => send(..., { watch }));
 */
export class Observer {
  readonly #log: RequestLog | undefined;

  constructor(log: RequestLog | undefined) {
    this.#log = log;
  }

  /**
   * Runs `call` as one traced operation: inside the `jimmyai-omni:<operation>` channel
   * when someone listens, with a {@link Watch} when a log or a subscriber wants one.
   */
  operation<T>(
    operation: TracedOperation,
    taskId: string | undefined,
    call: (watch: Watch | undefined) => Promise<T>,
  ): Promise<T> {
    const channel = listenedChannel(operation);
    if (channel === undefined && this.#log === undefined) return call(undefined);
    const context: TraceContext = { operation, attempt: 0 };
    if (taskId !== undefined) context.taskId = taskId;
    const watch = new Watch(context, this.#log);
    if (channel === undefined) return call(watch);
    return channel.tracePromise(async () => {
      try {
        const result = await call(watch);
        noteResult(context, result);
        return result;
      } catch (error) {
        const id = (error as { taskId?: unknown } | undefined)?.taskId;
        if (context.taskId === undefined && typeof id === 'string') context.taskId = id;
        throw error;
      }
    }, context);
  }
}

/**
 * One operation's view: its trace context and the log.
 *
 * @example
 * const attempt = watch?.attempt(); // one per HTTP request of the operation
 */
export class Watch {
  readonly context: TraceContext;
  readonly #log: RequestLog | undefined;

  constructor(context: TraceContext, log: RequestLog | undefined) {
    this.context = context;
    this.#log = log;
  }

  /** The next attempt of an API request. */
  attempt(): AttemptWatch {
    return new AttemptWatch(this.context, this.#log, ++this.context.attempt);
  }

  /**
   * A fetch that makes each request it sends an attempt of its own, reported when the
   * answer's headers arrive (a download's body is the download's, not the request's).
   */
  fetch(base: typeof fetch | undefined): typeof fetch {
    return (input, init) => {
      const attempt = this.attempt();
      const pending = attempt.fetch(base ?? globalThis.fetch, true)(input, init);
      return pending.then(
        (response) => {
          attempt.end();
          return response;
        },
        (error: unknown) => {
          attempt.end(error);
          throw error;
        },
      );
    };
  }
}

/**
 * One HTTP request: what it was, what came back, how long it took.
 *
 * @example
 * const seen = watch.attempt();
 * const response = await seen.fetch(globalThis.fetch)(request);
 * seen.end(); // or seen.end(error, retryInMs)
 */
export class AttemptWatch {
  readonly #context: TraceContext;
  readonly #log: RequestLog | undefined;
  readonly #number: number;
  readonly #started = performance.now();
  #response: Response | undefined;

  constructor(context: TraceContext, log: RequestLog | undefined, number: number) {
    this.#context = context;
    this.#log = log;
    this.#number = number;
  }

  /**
   * `base`, noting the request (method and path: for a download, `withOrigin`, the URL
   * without its query) and its answer. Calls `base` synchronously, on `globalThis`, as
   * transport.ts requires.
   */
  fetch(base: typeof fetch, withOrigin = false): typeof fetch {
    return (input, init) => {
      const request = input instanceof Request ? input : undefined;
      const context = this.#context;
      context.method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
      context.path = where(request?.url ?? String(input), withOrigin);
      return base.call(globalThis, input, init).then((response) => {
        this.#response = response;
        return response;
      });
    };
  }

  /**
   * Notes the request and answer of an attempt made by the generated client (which
   * hands both back with its result), where no fetch of this watch saw them.
   */
  saw(request: Request | undefined, response: Response | undefined): void {
    if (request) {
      this.#context.method = request.method.toUpperCase();
      this.#context.path = where(request.url, false);
    }
    if (response) this.#response = response;
  }

  /**
   * The attempt is over: `error` when it failed (an OmniError, or what fetch threw), and
   * `retryInMs` when the call tries again after it. Writes the log line.
   */
  end(error?: unknown, retryInMs?: number): void {
    const context = this.#context;
    const response = this.#response;
    const status = response?.status ?? (error as { status?: unknown } | undefined)?.status;
    if (typeof status === 'number' && status > 0) context.status = status;
    else delete context.status;
    const requestId =
      (response && requestIdOf(response)) ??
      (error as { requestId?: string } | undefined)?.requestId;
    if (requestId !== undefined) context.requestId = requestId;
    else delete context.requestId;
    this.#log?.write({
      method: context.method ?? 'GET',
      path: context.path ?? '',
      status: context.status,
      attempt: this.#number,
      durationMs: performance.now() - this.#started,
      requestId,
      error: error === undefined ? undefined : describe(error),
      retryInMs,
    });
  }
}

/** Path (and origin) of a URL, never its query or credentials. */
function where(url: string, withOrigin: boolean): string {
  try {
    const parsed = new URL(url);
    return withOrigin ? `${parsed.origin}${parsed.pathname}` : parsed.pathname;
  } catch {
    return '(an invalid URL)';
  }
}

function describe(error: unknown): { name: string; code?: string; message: string } {
  const e = error as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  // The provider's envelope code, or the network's (ECONNRESET) a few causes down.
  let code: string | undefined;
  for (let c: unknown = error, depth = 0; c && typeof c === 'object' && depth < 4; depth++) {
    const found = (c as { code?: unknown }).code;
    if (typeof found === 'string') {
      code = found;
      break;
    }
    c = (c as { cause?: unknown }).cause;
  }
  return code === undefined ? { name, message } : { name, code, message };
}

/** What a resolved call adds to its context: the task it made or read, the bytes it saved. */
function noteResult(context: TraceContext, result: unknown): void {
  if (typeof result !== 'object' || result === null) return;
  const task = ('task' in result ? (result as { task: unknown }).task : result) as {
    task_id?: unknown;
    status?: unknown;
    progress?: unknown;
  };
  if (context.taskId === undefined && typeof task?.task_id === 'string')
    context.taskId = task.task_id;
  if (context.operation === 'retrieve' || context.operation === 'poll') {
    if (typeof task?.status === 'string') context.taskStatus = task.status;
    if (typeof task?.progress === 'number') context.progress = task.progress;
  }
  const bytes = (result as { bytes?: unknown }).bytes;
  if (context.operation === 'download' && typeof bytes === 'number') context.bytes = bytes;
}
