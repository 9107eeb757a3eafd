/**
 * The request pipeline of one `Omni`: the configured generated client
 * (api-client.ts), the attempts of each call (send.ts) and the client's defaults. The
 * resources (`omni.videos`, `omni.files`) and `omni.request` reach the API through
 * this, never through the `Omni` class itself, so there is no import circle between
 * the client and its resources.
 */
import type { Clock } from '../clock.js';
import { ValidationError } from '../errors.js';
import type { Client } from '../generated.js';
import { apiFetch } from '../../platform/node.js';
import { redactError, redactText } from '../redact.js';
import { apiKeyProblem, assertNumericOptions, REQUEST_NUMBERS } from '../safety.js';
import { createApiClient } from './api-client.js';
import { type Answer, type AttemptInit, type RawResult, send } from './send.js';
import type { Traffic } from './traffic.js';
import type { Observer, Watch } from '../observe/observer.js';

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

/** What a pipeline is made of: the client's checked options. */
export interface PipelineOptions {
  apiKey: string | undefined;
  baseUrl: string;
  maxRetries: number;
  timeoutMs: number;
  clock: Clock;
  random: () => number;
  fetch: typeof fetch | undefined;
  /** The client-wide retry budget and pacing (`retryQuota`, `adaptiveRate`). */
  traffic: Traffic;
  /** The request log and the tracing channels (src/core/observe/). */
  observer: Observer;
}

/** One call through the pipeline: a generated SDK function bound to its arguments. */
export type Invoke = (init: AttemptInit & { client: Client }) => Promise<RawResult>;

/**
 * The request pipeline of one client.
 *
 * @example
 * const { data } = await pipeline.send((init) => getVideoTask({ ...init, path: { taskId } }), options);
 */
export class Pipeline {
  readonly baseUrl: string;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly random: () => number;
  /** The fetch given in the options, if any (used for video downloads too). */
  readonly fetch: typeof fetch | undefined;
  /** The client-wide retry budget and pacing that all its calls share (traffic.ts). */
  readonly traffic: Traffic;
  /** The request log and the tracing channels that all its calls report to (src/core/observe/). */
  readonly observer: Observer;
  // Private (#) so the key never shows in util.inspect, JSON or a debugger's object view.
  readonly #apiKey: string | undefined;
  #client: Client | undefined;

  constructor(options: PipelineOptions) {
    this.#apiKey = options.apiKey;
    this.baseUrl = options.baseUrl;
    this.maxRetries = options.maxRetries;
    this.timeoutMs = options.timeoutMs;
    this.clock = options.clock;
    this.random = options.random;
    this.fetch = options.fetch;
    this.traffic = options.traffic;
    this.observer = options.observer;
  }

  /**
   * The configured client. Throws when there is no usable key, before anything is sent.
   *
   * @example
   * const client = pipeline.client();
   */
  client(): Client {
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
    this.#client ??= createApiClient({
      baseUrl: this.baseUrl,
      // A function, so the key is read at request time and never stored in the config.
      apiKey: () => this.#apiKey,
      // The runtime's fetch unless one was given (on Deno it keeps creates off
      // reused connections: see src/platform/node.ts).
      fetch: this.fetch ?? apiFetch,
      runtimeFetch: this.fetch === undefined,
      now: () => this.clock.now(),
      redact: (value) => this.redact(value),
    });
    return this.#client;
  }

  /**
   * Sends one call with the client's defaults (or `options`' overrides): retries,
   * timeouts and the caller's signal.
   *
   * @example
   * await pipeline.send((init) => createVideo({ ...init, body }), {});
   */
  async send<T = unknown>(
    invoke: Invoke,
    options: RequestOptions & { taskId?: string | undefined; watch?: Watch | undefined },
  ): Promise<Answer<T>> {
    assertNumericOptions(options, REQUEST_NUMBERS);
    const client = this.client();
    return send<T>((init) => invoke({ ...init, client }), {
      maxRetries: options.maxRetries ?? this.maxRetries,
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      clock: this.clock,
      random: this.random,
      signal: options.signal,
      taskId: options.taskId,
      traffic: this.traffic,
      watch: options.watch,
    });
  }

  /**
   * `value` (an error) with this client's key removed from the texts it holds, in place:
   * a server may echo the request's headers in an error body. Ids and data are left
   * alone (see src/core/redact.ts).
   *
   * @example
   * pipeline.redact(error);
   */
  redact<T>(value: T): T {
    return redactError(value, this.#apiKey);
  }

  /**
   * `text` (an error text, such as a task's failure reason) without this client's key.
   *
   * @example
   * pipeline.redactText(task.error_message);
   */
  redactText(text: string): string {
    return redactText(text, this.#apiKey);
  }
}
