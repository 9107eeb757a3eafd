/** Fault injection: which fault (if any) hits a request, queued by tests or drawn at random. */
import type { Random } from './random.js';

/**
 * Every fault the sandbox can inject.
 *
 * | kind                 | routes           | the request is processed first | what the client gets                                          |
 * | -------------------- | ---------------- | ------------------------------ | ------------------------------------------------------------- |
 * | kind                 | routes           | processed first | what the client gets                                                 |
 * | -------------------- | ---------------- | --------------- | -------------------------------------------------------------------- |
 * | `rate-limit`         | all              | no (`process`)  | 429, `Retry-After`, envelope `-1`                                    |
 * | `server-error`       | all              | no (`process`)  | 500, envelope `-1`                                                   |
 * | `bad-gateway`        | all              | no (`process`)  | 502 with an HTML body, as a proxy sends it                           |
 * | `unavailable`        | all              | no (`process`)  | 503, `Retry-After`, envelope `-1`                                    |
 * | `reset-before`       | all              | no              | the socket is reset; no task is created                              |
 * | `reset-after`        | all              | yes             | the socket is reset; the task exists, the answer is lost             |
 * | `slow`               | all              | yes             | the normal answer, after `delayMs`                                   |
 * | `hang`               | all              | yes (`process`) | nothing, until the client gives up or the sandbox closes             |
 * | `truncated-body`     | all              | yes             | status and full `Content-Length`, half the body, then a drop         |
 * | `malformed-json`     | create, retrieve | yes             | the status, half the JSON text (a complete, unparseable body)        |
 * | `error-envelope-200` | all              | no (`process`)  | HTTP 200 with envelope `code` (default `-1`, server error)           |
 * | `auth-error-200`     | create, retrieve | no              | HTTP 200, code `20001` as an integer (the provider's backend does)   |
 * | `bad-request-200`    | create, retrieve | no              | HTTP 200, code `"20002"` (bad parameters)                            |
 * | `auth-echo`          | create, retrieve | no              | 401 whose text body echoes the request's `Authorization` header      |
 * | `redirect-loop`      | all              | no              | 307 to the same URL, again and again                                 |
 * | `wrong-content-type` | create, retrieve | yes             | the normal answer under `contentType` (default `text/plain`; `''`: none) |
 * | `retry-after-bogus`  | all              | no              | 429 with `Retry-After` `0`, `-5`, then a past date, in turn          |
 * | `unknown-status`     | retrieve         | yes             | the task with `status` (default `rendering`)                         |
 * | `status-case`        | retrieve         | yes             | the task with its status in upper case (`COMPLETED`)                 |
 * | `progress-backwards` | retrieve         | yes             | a processing task with progress below the last one reported          |
 * | `reply`              | all              | no              | exactly `reply`: its status, headers and body (`truncate`: half)     |
 * | `deep-json`          | create, retrieve | yes             | the normal answer plus `error_msg` nesting 5,000 levels (10 kB)     |
 * | `huge-answer`        | retrieve         | yes             | the normal answer plus 1 MiB of padding: over the SDK's answer cap   |
 *
 * `unknown-status` waits for a retrieve of an existing task, and `progress-backwards`
 * for a retrieve of a processing task; other queued faults hit the next request of
 * their route. Faults never hit unknown routes, and a request the client sent without
 * valid auth is still hit by faults that come before processing.
 *
 * @example
 * for (const kind of FAULT_KINDS.filter((k) => k !== 'hang')) {
 *   sandbox.injectFault({ kind, route: 'retrieve' });
 *   // ... the SDK must survive (or report) each one ...
 * }
 */
export const FAULT_KINDS = [
  'rate-limit',
  'server-error',
  'bad-gateway',
  'unavailable',
  'reset-before',
  'reset-after',
  'slow',
  'hang',
  'truncated-body',
  'malformed-json',
  'error-envelope-200',
  'auth-error-200',
  'bad-request-200',
  'auth-echo',
  'redirect-loop',
  'wrong-content-type',
  'retry-after-bogus',
  'unknown-status',
  'status-case',
  'progress-backwards',
  'reply',
  'deep-json',
  'huge-answer',
] as const;

/** One of {@link FAULT_KINDS}. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The sandbox's routes that faults can hit. */
export type FaultRoute = 'create' | 'retrieve' | 'media' | 'upload';

const ALL_ROUTES: readonly FaultRoute[] = ['create', 'retrieve', 'media', 'upload'];

const API_ROUTES: readonly FaultRoute[] = ['create', 'retrieve'];
const ROUTES_OF: Partial<Record<FaultKind, readonly FaultRoute[]>> = {
  'malformed-json': [...API_ROUTES, 'upload'],
  'auth-error-200': API_ROUTES,
  'bad-request-200': API_ROUTES,
  'auth-echo': API_ROUTES,
  'wrong-content-type': API_ROUTES,
  'unknown-status': ['retrieve'],
  'status-case': ['retrieve'],
  'progress-backwards': ['retrieve'],
  'deep-json': API_ROUTES,
  'huge-answer': ['retrieve'],
};

/**
 * Whether the request is processed (a task created) before the fault strikes, and
 * whether the `process` parameter may change that.
 */
const PROCESSED_BY_DEFAULT: Record<FaultKind, { process: boolean; fixed: boolean }> = {
  'rate-limit': { process: false, fixed: false },
  'server-error': { process: false, fixed: false },
  'bad-gateway': { process: false, fixed: false },
  unavailable: { process: false, fixed: false },
  'reset-before': { process: false, fixed: true },
  'reset-after': { process: true, fixed: true },
  slow: { process: true, fixed: true },
  hang: { process: true, fixed: false },
  'truncated-body': { process: true, fixed: true },
  'malformed-json': { process: true, fixed: true },
  'error-envelope-200': { process: false, fixed: false },
  'auth-error-200': { process: false, fixed: true },
  'bad-request-200': { process: false, fixed: true },
  'auth-echo': { process: false, fixed: true },
  'redirect-loop': { process: false, fixed: true },
  'wrong-content-type': { process: true, fixed: true },
  'retry-after-bogus': { process: false, fixed: true },
  'unknown-status': { process: true, fixed: true },
  'status-case': { process: true, fixed: true },
  'progress-backwards': { process: true, fixed: true },
  reply: { process: false, fixed: true },
  'deep-json': { process: true, fixed: true },
  'huge-answer': { process: true, fixed: true },
};

/**
 * The kinds a random fault is drawn from by default: all but `hang`, `reply`, and the
 * second hostile round's `deep-json` and `huge-answer`, which are asked for by name (a
 * huge answer is a megabyte a hit; the draws of seeded runs stay as they were).
 */
export const DEFAULT_RANDOM_FAULT_KINDS: readonly FaultKind[] = FAULT_KINDS.filter(
  (kind) => !['hang', 'reply', 'deep-json', 'huge-answer'].includes(kind),
);

/** A fault's parameters; each applies to the kinds named. */
export interface FaultParams {
  /**
   * `reply`: the answer to send instead of the real one, as is (any status, headers and
   * body, JSON or not): for fuzzing a client with answers the service could send.
   */
  reply?: ScriptedReply;
  /**
   * `rate-limit`, `unavailable`: the `Retry-After` header (seconds, or an HTTP date).
   * @default 1
   */
  retryAfter?: number | string;
  /**
   * `slow`: how long the answer is held back, in ms (not scaled by `timeScale`).
   * @default 1000
   */
  delayMs?: number;
  /**
   * `unknown-status`: the status reported.
   * @default 'rendering'
   */
  status?: string;
  /**
   * `error-envelope-200`: the envelope's `code` (a string or an integer, as the
   * provider sends both).
   * @default '-1' (the provider's "server error")
   */
  code?: string | number;
  /**
   * `error-envelope-200`: the envelope's `msg`.
   * @default 'server error, please retry later'
   */
  msg?: string;
  /**
   * `wrong-content-type`: the `Content-Type` of the answer; `''` sends none.
   * @default 'text/plain'
   */
  contentType?: string;
  /**
   * Whether the request is processed (for create: the task is made) before the fault
   * strikes. Honoured by `rate-limit`, `server-error`, `bad-gateway`, `unavailable`,
   * `error-envelope-200` (default `false`) and `hang` (default `true`); fixed for the
   * other kinds (see {@link FAULT_KINDS}).
   */
  process?: boolean;
}

/**
 * An answer for the `reply` fault.
 *
 * @example
 * sandbox.injectFault({ kind: 'reply', route: 'retrieve', reply: { status: 200, headers: { 'content-type': 'text/html' }, body: '<h1>hi</h1>' } });
 */
export interface ScriptedReply {
  status: number;
  /** Sent as given; without `content-type`, none is sent. */
  headers?: Record<string, string>;
  body: string | Uint8Array;
  /** Send the full `Content-Length`, half the body, then drop the connection. */
  truncate?: boolean;
}

/**
 * A fault for {@link Sandbox.injectFault}.
 *
 * @example
 * sandbox.injectFault({ kind: 'rate-limit', route: 'create', retryAfter: 0 });
 * sandbox.injectFault({ kind: 'reset-after', route: 'create' }); // the task exists, the answer is lost
 * sandbox.injectFault({ kind: 'server-error', route: 'retrieve', times: 2 });
 */
export interface FaultSpec extends FaultParams {
  kind: FaultKind;
  /** The route it hits; any route the kind applies to when absent. */
  route?: FaultRoute;
  /**
   * How many requests it hits (`Infinity`: until {@link Sandbox.clearFaults}).
   * @default 1
   */
  times?: number;
}

/**
 * A queued fault, as {@link Sandbox.injectFault} returns it.
 *
 * @example
 * const fault = sandbox.injectFault({ kind: 'server-error', times: 2 });
 * // ... two requests later:
 * expect(fault.remaining).toBe(0);
 */
export interface InjectedFault extends Readonly<FaultSpec> {
  /** How many more requests it will hit; 0 once used up. */
  readonly remaining: number;
}

/**
 * Faults drawn at random (from the seeded generator) for each request of `routes`.
 *
 * @example
 * await startSandbox({ seed: 7, faults: { rate: 0.2, kinds: ['server-error', 'reset-before'] } });
 */
export interface RandomFaults extends FaultParams {
  /** The chance, 0..1, that a request gets a fault. */
  rate: number;
  /**
   * The kinds drawn from (each kind only on the routes it applies to).
   * @default DEFAULT_RANDOM_FAULT_KINDS (every kind but 'hang', 'reply', 'deep-json' and 'huge-answer')
   */
  kinds?: FaultKind[];
  /**
   * The routes hit.
   * @default ['create', 'retrieve', 'media']
   */
  routes?: FaultRoute[];
}

/** A fault hitting one request, with every parameter resolved. */
export interface ActiveFault {
  kind: FaultKind;
  reply: ScriptedReply | undefined;
  retryAfter: string;
  delayMs: number;
  status: string;
  code: string | number;
  msg: string;
  contentType: string;
  process: boolean;
}

// `retry-after-bogus` plays these in turn: a zero, a negative, and a date in the past.
const BOGUS_RETRY_AFTER = ['0', '-5', 'Thu, 01 Jan 1970 00:00:00 GMT'] as const;

export function appliesTo(kind: FaultKind, route: FaultRoute): boolean {
  return (ROUTES_OF[kind] ?? ALL_ROUTES).includes(route);
}

function resolve(kind: FaultKind, params: FaultParams, turn: number): ActiveFault {
  const processing = PROCESSED_BY_DEFAULT[kind];
  return {
    kind,
    reply: params.reply,
    retryAfter:
      kind === 'retry-after-bogus'
        ? BOGUS_RETRY_AFTER[turn % BOGUS_RETRY_AFTER.length]!
        : String(params.retryAfter ?? 1),
    delayMs: params.delayMs ?? 1000,
    status: params.status ?? 'rendering',
    code: params.code ?? '-1',
    msg: params.msg ?? 'server error, please retry later',
    contentType: params.contentType ?? 'text/plain',
    process: processing.fixed ? processing.process : (params.process ?? processing.process),
  };
}

function checkKind(kind: unknown, where: string): asserts kind is FaultKind {
  if (!FAULT_KINDS.includes(kind as FaultKind))
    throw new TypeError(`${where}: unknown fault kind ${JSON.stringify(kind)}`);
}

interface Queued extends FaultSpec {
  remaining: number;
}

/** The queue of injected faults plus the optional random rate. */
export class FaultPlan {
  readonly #queue: Queued[] = [];
  /** Faults resolved so far: the turn of kinds that vary by turn. */
  #turn = 0;

  constructor(
    private readonly random: Random,
    private readonly randomFaults?: RandomFaults,
  ) {
    if (!randomFaults) return;
    if (!(randomFaults.rate >= 0 && randomFaults.rate <= 1))
      throw new RangeError('faults.rate must be between 0 and 1');
    for (const kind of randomFaults.kinds ?? []) checkKind(kind, 'faults.kinds');
  }

  get queued(): readonly InjectedFault[] {
    return this.#queue;
  }

  inject(spec: FaultSpec): InjectedFault {
    checkKind(spec.kind, 'injectFault');
    if (spec.kind === 'reply' && !spec.reply)
      throw new TypeError('injectFault: a reply fault needs `reply`');
    if (spec.route !== undefined && !ALL_ROUTES.includes(spec.route))
      throw new TypeError(`injectFault: unknown route ${JSON.stringify(spec.route)}`);
    if (spec.route !== undefined && !appliesTo(spec.kind, spec.route))
      throw new TypeError(`injectFault: ${spec.kind} does not apply to the ${spec.route} route`);
    const times = spec.times ?? 1;
    if (!(times >= 1) || (Number.isFinite(times) && !Number.isInteger(times)))
      throw new RangeError('injectFault: times must be a positive integer or Infinity');
    const queued: Queued = { ...spec, times, remaining: times };
    this.#queue.push(queued);
    return queued;
  }

  clear(): void {
    this.#queue.length = 0;
  }

  /**
   * The fault for one request of `route`: the first queued one that fits, else a
   * random draw. `fits` says whether a kind can strike this request now.
   */
  take(route: FaultRoute, fits: (kind: FaultKind) => boolean): ActiveFault | null {
    const index = this.#queue.findIndex(
      (q) => (q.route ?? route) === route && appliesTo(q.kind, route) && fits(q.kind),
    );
    const queued = this.#queue[index];
    if (queued) {
      queued.remaining -= 1;
      if (queued.remaining <= 0) this.#queue.splice(index, 1);
      return resolve(queued.kind, queued, this.#turn++);
    }
    return this.draw(route, fits);
  }

  private draw(route: FaultRoute, fits: (kind: FaultKind) => boolean): ActiveFault | null {
    const options = this.randomFaults;
    if (!options || options.rate === 0) return null;
    if (!(options.routes ?? ALL_ROUTES).includes(route)) return null;
    // Two draws per eligible request whatever happens, so the sequence depends only on
    // the order of requests.
    const hit = this.random() < options.rate;
    const pick = this.random();
    if (!hit) return null;
    const kinds = (options.kinds ?? DEFAULT_RANDOM_FAULT_KINDS).filter(
      (kind) => appliesTo(kind, route) && fits(kind),
    );
    const kind = kinds[Math.floor(pick * kinds.length)];
    return kind ? resolve(kind, options, this.#turn++) : null;
  }
}
