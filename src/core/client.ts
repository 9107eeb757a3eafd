/**
 * The client facade: options, defaults, and the one generated fetch client per
 * instance that every request goes through.
 */
import { type Clock, systemClock } from './clock.js';
import { closest } from './closest.js';
import { ValidationError, type ValidationIssue } from './errors.js';
import { Pipeline, type RequestOptions } from './http/pipeline.js';
import {
  assertNumericOptions,
  isBrowser,
  optionsObject,
  normalizeBaseUrl,
  readEnv,
  REQUEST_NUMBERS,
} from './safety.js';
import { Files } from './files/files.js';
import { type Logger, type LogLevel, requestLog } from './observe/log.js';
import { Observer } from './observe/observer.js';
import { Videos } from './videos.js';
import {
  Traffic,
  TRAFFIC_OPTION_NAMES,
  trafficIssues,
  type TrafficOptions,
} from './http/traffic.js';

/** The API's primary host. */
export const DEFAULT_BASE_URL = 'https://www.jimmyai.cn';

/**
 * Options of {@link Omni}.
 *
 * @example
 * new Omni({ baseUrl: 'https://www.jimiai.com', maxRetries: 4, timeoutMs: 30_000 });
 */
export interface OmniOptions extends TrafficOptions {
  /** The API key (`sk_...`). @default process.env.JIMMYAI_API_KEY */
  apiKey?: string | undefined;
  /** @default process.env.JIMMYAI_BASE_URL, else 'https://www.jimmyai.cn' */
  baseUrl?: string | undefined;
  /** Retries of a failed request, where retrying is safe (see the README). @default 2 */
  maxRetries?: number | undefined;
  /** Timeout of each request, in milliseconds. @default 60000 */
  timeoutMs?: number | undefined;
  /** A fetch implementation; always used when given. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /**
   * Allow running in a web page with a key. A key in a page is a key given away to
   * every visitor: call the API from your server instead. @default false
   */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** Time source for retries and waiting; tests pass a virtual clock. @default the system clock */
  clock?: Clock | undefined;
  /** Randomness for jitter, in [0, 1). @default Math.random */
  random?: (() => number) | undefined;
  /**
   * Where the request log goes: one line per request (method, path, status, attempt,
   * duration, request id); never the key. See "Logs and traces" in the README.
   * @default console when JIMMYAI_LOG is set, else no log
   */
  logger?: Logger | undefined;
  /**
   * How much is logged: `debug`, `info` (a line per request), `warn` (failed attempts),
   * `error` (failed calls) or `off`.
   * @default process.env.JIMMYAI_LOG, else 'info' with a logger and 'off' without
   */
  logLevel?: LogLevel | undefined;
}

// Every option of OmniOptions: anything else is a typo (`apikey`) or a misunderstanding.
const OPTION_NAMES: readonly (keyof OmniOptions)[] = [
  'apiKey',
  'baseUrl',
  'maxRetries',
  'timeoutMs',
  'fetch',
  'dangerouslyAllowBrowser',
  'clock',
  'random',
  ...TRAFFIC_OPTION_NAMES,
  'logger',
  'logLevel',
];

/** Issues for options that {@link OmniOptions} does not have, each with a suggestion. */
function unknownOptions(options: object): ValidationIssue[] {
  return Object.keys(options)
    .filter((name) => !(OPTION_NAMES as readonly string[]).includes(name))
    .map((name) => {
      const guess = closest(name, OPTION_NAMES);
      return {
        path: name,
        message: `is not an option of new Omni()${guess ? `; did you mean ${guess}?` : `; the options are ${OPTION_NAMES.join(', ')}`}`,
      };
    });
}

export type { RequestOptions } from './http/pipeline.js';

/**
 * What a call of {@link Omni.request} resolves to: the `data` of the operation's success
 * envelope, typed from the generated SDK function.
 *
 * @example
 * type Task = OperationData<typeof getVideoTask>; // VideoTask
 */
export type OperationData<Operation extends (...args: never[]) => unknown> =
  Extract<Awaited<ReturnType<Operation>>, { error: undefined }> extends { data: infer Envelope }
    ? Envelope extends { data?: infer Data }
      ? NonNullable<Data>
      : Envelope
    : unknown;

/**
 * The arguments of {@link Omni.request}: the operation's own (`path`, `query`, `body`,
 * `headers`; the client is the Omni's), with the options of every request.
 *
 * @example
 * const options: OperationOptions<typeof getVideoTask> = { path: { taskId } };
 */
export type OperationOptions<Operation extends (options: never) => unknown> = Omit<
  Parameters<Operation>[0],
  'client' | 'signal' | 'meta' | 'fetch' | 'throwOnError'
> &
  RequestOptions;

/**
 * The JimmyAI Gemini Omni client.
 *
 * The constructor checks every option it is given and throws a `ValidationError`
 * listing all problems (an unknown option, with a suggestion; a bad number or URL).
 * The key is the one thing it may lack: `prepare()` needs none, and every call that
 * sends checks it first (a `ValidationError` on `apiKey`, nothing sent).
 *
 * @example
 * import { Omni } from 'jimmyai-omni';
 * const omni = new Omni(); // reads JIMMYAI_API_KEY
 * const task = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'A fox in the snow' });
 * console.log(task.task_id);
 */
export class Omni {
  /** Create, query, wait for and download videos. */
  readonly videos: Videos;
  /** Upload local images and videos, to use their URLs as references. */
  readonly files: Files;
  // Private (#): it holds the key, which must never show in util.inspect or JSON. The
  // client's settings below are read from it: one copy of each.
  readonly #pipeline: Pipeline;

  /** The API's base URL, without a trailing slash. */
  get baseUrl(): string {
    return this.#pipeline.baseUrl;
  }
  get maxRetries(): number {
    return this.#pipeline.maxRetries;
  }
  get timeoutMs(): number {
    return this.#pipeline.timeoutMs;
  }
  get clock(): Clock {
    return this.#pipeline.clock;
  }
  get random(): () => number {
    return this.#pipeline.random;
  }
  /** The fetch given in the options, if any (used for video downloads too). */
  get fetch(): typeof fetch | undefined {
    return this.#pipeline.fetch;
  }
  /**
   * The request log and the tracing channels (src/core/observe/), shared with the pipeline.
   * @internal
   */
  get observer(): Observer {
    return this.#pipeline.observer;
  }

  constructor(options?: OmniOptions) {
    options = optionsObject(options, 'options', 'options of new Omni()');
    // Every problem at once, and here rather than at the first call: nothing was sent.
    const issues = unknownOptions(options);
    const check = <T>(fn: () => T): T | undefined => {
      try {
        return fn();
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        issues.push(...error.issues);
        return undefined;
      }
    };
    check(() => assertNumericOptions(options, REQUEST_NUMBERS));
    issues.push(...trafficIssues(options));
    const apiKey = options.apiKey ?? readEnv('JIMMYAI_API_KEY', 'apiKey');
    if (apiKey && isBrowser() && !options.dangerouslyAllowBrowser)
      issues.push({
        path: 'apiKey',
        message:
          'refused in a web page: every visitor could read the key. Call the API from your server, ' +
          'or pass dangerouslyAllowBrowser: true if the key is meant to be public.',
      });
    const baseUrl = check(() =>
      normalizeBaseUrl(
        options.baseUrl ?? readEnv('JIMMYAI_BASE_URL', 'baseUrl') ?? DEFAULT_BASE_URL,
      ),
    );
    // The log's lines go through the pipeline's redaction, made below (read at write time).
    const log = check(() => requestLog(options, (text) => this.#pipeline.redactText(text)));
    if (issues.length > 0 || baseUrl === undefined)
      throw new ValidationError(issues, { subject: 'options of new Omni()' });
    const clock = options.clock ?? systemClock;
    this.#pipeline = new Pipeline({
      apiKey,
      baseUrl,
      maxRetries: options.maxRetries ?? 2,
      timeoutMs: options.timeoutMs ?? 60_000,
      clock,
      random: options.random ?? Math.random,
      fetch: options.fetch,
      traffic: new Traffic(clock, options),
      observer: new Observer(log),
    });
    this.videos = new Videos(this.#pipeline);
    this.files = new Files(this.#pipeline);
  }

  /**
   * Calls any operation of the spec through the same pipeline as `omni.videos` and
   * `omni.files`: the key, timeouts, retries (GET and HEAD are reads, retried on
   * transient failures; anything else is resent only when it provably never arrived),
   * the envelope, the spec's validators and the typed errors. `operation` is a
   * generated SDK function, exported by this package: importing only the ones used
   * keeps a bundle small, and the arguments and the answer stay typed from the spec.
   * Resolves with the `data` of the success envelope.
   *
   * @throws {ValidationError} when the operation's request validator refuses the arguments (nothing sent)
   * @example
   * import { Omni, getVideoTask } from 'jimmyai-omni';
   * const task = await omni.request(getVideoTask, { path: { taskId: 'task_01JD7Z6Q2M8V4' }, timeoutMs: 10_000 });
   */
  async request<Operation extends (options: never) => Promise<unknown>>(
    operation: Operation,
    options: OperationOptions<Operation>,
  ): Promise<OperationData<Operation>> {
    const { signal, timeoutMs, maxRetries, ...args } = optionsObject(
      options as OperationOptions<Operation>,
      'options',
    ) as RequestOptions & Record<string, unknown>;
    const call = operation as unknown as (options: object) => Promise<never>;
    const answer = await this.#pipeline.send<OperationData<Operation>>(
      (init) => call({ ...args, ...init }),
      { signal, timeoutMs, maxRetries },
    );
    return answer.data;
  }
}
