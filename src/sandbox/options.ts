/** The sandbox's options and their defaults. */
import { LINK_LIFETIME_MS, UPLOAD_LIMITS } from '../core/facts.js';
import type { RandomFaults } from './faults.js';
import { numberProblem } from '../core/numbers.js';

/**
 * Options of {@link startSandbox}.
 *
 * @example
 * // Fast and reproducible, for tests: queued 10 ms, processing 50 ms.
 * const sandbox = await startSandbox({ timeScale: 0.01, jitter: 0, seed: 1 });
 */
export interface SandboxOptions {
  /**
   * The port to listen on; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * The address to listen on.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * The bearer keys accepted. Any non-empty key when absent; none when empty.
   * @default undefined
   */
  apiKeys?: string[];
  /**
   * How long a task stays queued, in ms, before `timeScale` and jitter.
   * @default 1000
   */
  queueMs?: number;
  /**
   * How long a task processes, in ms, before `timeScale` and jitter.
   * @default 5000
   */
  runMs?: number;
  /**
   * Multiplies `queueMs` and `runMs` (not fault delays nor `linkTtlMs`): `0.01` runs
   * a task in 60 ms instead of 6 s; `0` ends tasks at once.
   * @default 1
   */
  timeScale?: number;
  /**
   * How much each task's queue and run times vary (seeded), as a fraction: `0.2`
   * is ±20%; `0` makes timings exact.
   * @default 0.2
   */
  jitter?: number;
  /**
   * How long a completed task's `video_url` stays downloadable, from completion (ms).
   * @default 259_200_000 (3 days)
   */
  linkTtlMs?: number;
  /**
   * The clock (ms since the epoch). Task state is computed from it on every read, so
   * a test that controls it controls the lifecycle; {@link Sandbox.advance} adds to it.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Seeds task ids, jitter, random faults and link signatures.
   * @default a random seed (read it back from {@link Sandbox.seed})
   */
  seed?: number;
  /**
   * Faults drawn at random for a share of requests (see {@link RandomFaults}).
   * @default undefined (none)
   */
  faults?: RandomFaults;
  /**
   * The largest file `POST /api/open-api/v1/files/upload` accepts, in bytes (a larger
   * one gets 413). Tests lower it to check the limit without sending 100 MB.
   * @default 104_857_600 (100 MB, the provider's limit)
   */
  maxUploadBytes?: number;
  /**
   * Answer CORS preflights and allow the requesting origin, so a web page on another
   * origin (a dev server) can call the sandbox. Preflights are not recorded in
   * {@link Sandbox.requests}. `false`: no CORS headers, as a server without CORS.
   * Only requests that pass the Host check (see `allowedHosts`) get an answer at all.
   * @default true
   */
  cors?: boolean;
  /**
   * Host names the sandbox answers besides its defaults: `localhost` and `*.localhost`,
   * any IP address (`127.0.0.1`, `[::1]`) and the `host` it listens on. A request whose
   * `Host` header names anything else gets 403, so that a web page cannot reach the
   * sandbox through DNS rebinding (a name of its own resolving to 127.0.0.1), as Vite's
   * and webpack-dev-server's host checks do. A leading dot allows a name and its
   * subdomains (`'.example.test'`); `true` allows every name.
   * @default []
   */
  allowedHosts?: string[] | true;
  /**
   * How many bytes of uploaded files the sandbox keeps: when a new upload takes the
   * total above this, the oldest files are forgotten (their links answer 404). The
   * newest file is always kept, even alone above the budget.
   * @default 268_435_456 (256 MiB)
   */
  maxStoredUploadBytes?: number;
  /**
   * How many requests {@link Sandbox.requests} keeps: beyond it, the oldest are dropped
   * (each record's `seq` still counts every request).
   * @default 1000
   */
  maxRecordedRequests?: number;
  /**
   * The largest request body recorded in {@link Sandbox.requests}, in bytes: a larger
   * one is recorded as a note of its size. With `maxRecordedRequests`, this bounds the
   * memory the record takes (1000 × 64 KiB = 64 MiB at most by default).
   * @default 65_536 (64 KiB)
   */
  maxRecordedBodyBytes?: number;
}

/**
 * The defaults of {@link SandboxOptions}.
 *
 * @example
 * const sandbox = await startSandbox({ linkTtlMs: SANDBOX_DEFAULTS.linkTtlMs / 3 }); // 1 day
 */
export const SANDBOX_DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  queueMs: 1000,
  runMs: 5000,
  timeScale: 1,
  jitter: 0.2,
  // The spec's facts (x-lifetime-days, x-max-bytes).
  linkTtlMs: LINK_LIFETIME_MS,
  maxUploadBytes: UPLOAD_LIMITS.maxBytes,
  cors: true,
  allowedHosts: [] as readonly string[],
  maxStoredUploadBytes: 256 * 1024 * 1024,
  maxRecordedRequests: 1000,
  maxRecordedBodyBytes: 64 * 1024,
} as const;

interface Resolved {
  port: number;
  host: string;
  queueMs: number;
  runMs: number;
  timeScale: number;
  jitter: number;
  linkTtlMs: number;
  maxUploadBytes: number;
  allowedHosts: readonly string[] | true;
  maxStoredUploadBytes: number;
  maxRecordedRequests: number;
  maxRecordedBodyBytes: number;
}

/** The options with defaults filled in and numbers checked. */
export function resolveOptions(options: SandboxOptions): Resolved {
  const resolved: Resolved = {
    port: options.port ?? SANDBOX_DEFAULTS.port,
    host: options.host ?? SANDBOX_DEFAULTS.host,
    queueMs: options.queueMs ?? SANDBOX_DEFAULTS.queueMs,
    runMs: options.runMs ?? SANDBOX_DEFAULTS.runMs,
    timeScale: options.timeScale ?? SANDBOX_DEFAULTS.timeScale,
    jitter: options.jitter ?? SANDBOX_DEFAULTS.jitter,
    linkTtlMs: options.linkTtlMs ?? SANDBOX_DEFAULTS.linkTtlMs,
    maxUploadBytes: options.maxUploadBytes ?? SANDBOX_DEFAULTS.maxUploadBytes,
    allowedHosts: options.allowedHosts ?? SANDBOX_DEFAULTS.allowedHosts,
    maxStoredUploadBytes: options.maxStoredUploadBytes ?? SANDBOX_DEFAULTS.maxStoredUploadBytes,
    maxRecordedRequests: options.maxRecordedRequests ?? SANDBOX_DEFAULTS.maxRecordedRequests,
    maxRecordedBodyBytes: options.maxRecordedBodyBytes ?? SANDBOX_DEFAULTS.maxRecordedBodyBytes,
  };
  for (const name of [
    'queueMs',
    'runMs',
    'timeScale',
    'linkTtlMs',
    'maxUploadBytes',
    'maxStoredUploadBytes',
    'maxRecordedRequests',
    'maxRecordedBodyBytes',
  ] as const) {
    const problem = numberProblem(resolved[name], 'nonNegative');
    if (problem) throw new RangeError(`startSandbox: ${name} ${problem}`);
  }
  const hosts = resolved.allowedHosts;
  if (hosts !== true && !(Array.isArray(hosts) && hosts.every((h) => typeof h === 'string')))
    throw new TypeError('startSandbox: allowedHosts must be an array of host names, or true');
  if (!(resolved.jitter >= 0 && resolved.jitter < 1))
    throw new RangeError('startSandbox: jitter must be >= 0 and < 1');
  return resolved;
}
