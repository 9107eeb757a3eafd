/**
 * The client facade: options, defaults, and the one generated fetch client per
 * instance that every request goes through.
 */
import { type Clock, systemClock } from './clock.js';
import { closest } from './closest.js';
import { ValidationError, type ValidationIssue } from './errors.js';
import { type Client, createClient, createConfig } from './generated.js';
import { apiFetch } from './platform/node.js';
import {
  apiKeyProblem,
  assertNumericOptions,
  isBrowser,
  optionsObject,
  normalizeBaseUrl,
  readEnv,
  REQUEST_NUMBERS,
} from './safety.js';
import { redactSecret } from './redact.js';
import { Files } from './files/files.js';
import { type Logger, type LogLevel, requestLog } from './observe/log.js';
import { Observer } from './observe/observer.js';
import { Videos } from './videos.js';

/** The API's primary host. */
export const DEFAULT_BASE_URL = 'https://www.jimmyai.cn';

/**
 * Options of {@link Omni}.
 *
 * @example
 * new Omni({ baseUrl: 'https://www.jimiai.com', maxRetries: 4, timeoutMs: 30_000 });
 */
export interface OmniOptions {
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

/**
 * Options every request method accepts.
 *
 * @example
 * await omni.videos.retrieve(id, { signal: controller.signal, timeoutMs: 10_000, maxRetries: 0 });
 */
export interface RequestOptions {
  /** Cancels the request at once, in flight or while waiting to retry. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's `timeoutMs` for this request. */
  timeoutMs?: number | undefined;
  /** Overrides the client's `maxRetries` for this request. */
  maxRetries?: number | undefined;
}

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
  /** The API's base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly random: () => number;
  /** The fetch given in the options, if any (used for video downloads too). */
  readonly fetch: typeof fetch | undefined;
  // Private (#) so the key never shows in util.inspect, JSON or a debugger's object view.
  readonly #apiKey: string | undefined;
  #client: Client | undefined;
  /**
   * The request log and the tracing channels (src/observe/).
   * @internal
   */
  readonly observer: Observer;

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
    this.#apiKey = options.apiKey ?? readEnv('JIMMYAI_API_KEY', 'apiKey');
    if (this.#apiKey && isBrowser() && !options.dangerouslyAllowBrowser)
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
    const log = check(() => requestLog(options, (text) => this.redactKey(text)));
    if (issues.length > 0 || baseUrl === undefined)
      throw new ValidationError(issues, { subject: 'options of new Omni()' });
    this.baseUrl = baseUrl;
    this.maxRetries = options.maxRetries ?? 2;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.fetch = options.fetch;
    this.observer = new Observer(log);
    this.videos = new Videos(this);
    this.files = new Files(this);
  }

  /**
   * The generated fetch client, for the resources of this package. Throws when there
   * is no key, before anything is sent.
   * @internal
   */
  authorizedClient(): Client {
    if (!this.#apiKey)
      throw new ValidationError([
        {
          path: 'apiKey',
          message: 'is missing: set JIMMYAI_API_KEY or pass { apiKey } to new Omni()',
        },
      ]);
    // Checked here, not by fetch: its error would quote the header, key included.
    const problem =
      typeof this.#apiKey === 'string' ? apiKeyProblem(this.#apiKey) : 'must be a string';
    if (problem) throw new ValidationError([{ path: 'apiKey', message: problem }]);
    // Made on first use, not in the constructor: building a client loads Node's
    // fetch, about 40 ms of start-up that a CLI's --help or a prepare() never needs.
    this.#client ??= createClient(
      createConfig({
        baseUrl: this.baseUrl,
        // A function, so the key is read at request time and never stored in the config.
        auth: () => this.#apiKey,
        // The runtime's fetch unless one was given (on Deno it keeps creates off
        // reused connections: see src/platform/node.ts).
        fetch: this.fetch ?? apiFetch,
      }),
    );
    return this.#client;
  }

  /**
   * `value` (an error, or an answer's data) with this client's key removed from every
   * string it holds, in place: a server may echo the request's headers in an error body.
   * @internal
   */
  redactKey<T>(value: T): T {
    return redactSecret(value, this.#apiKey);
  }
}
