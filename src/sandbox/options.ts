/** The sandbox's options and their defaults. */
import { LINK_LIFETIME_MS, UPLOAD_LIMITS } from '../facts.js';
import type { RandomFaults } from './faults.js';

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
   * @default true
   */
  cors?: boolean;
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
  };
  for (const name of ['queueMs', 'runMs', 'timeScale', 'linkTtlMs', 'maxUploadBytes'] as const)
    if (!(resolved[name] >= 0 && Number.isFinite(resolved[name])))
      throw new RangeError(`startSandbox: ${name} must be a finite number >= 0`);
  if (!(resolved.jitter >= 0 && resolved.jitter < 1))
    throw new RangeError('startSandbox: jitter must be >= 0 and < 1');
  return resolved;
}
