/**
 * When a failed request is sent again, and after how long. Each rule carries its
 * reason. The create request costs money, so it is retried only when the service
 * provably did no work; reads are free and idempotent, so they are retried on any
 * transient failure.
 */
import {
  ApiError,
  ConnectionError,
  InternalServerError,
  RateLimitError,
  RequestTimeoutError,
} from '../errors.js';
import type { Failure } from './outcome.js';

/**
 * The operations of the API: a paid create, a free, idempotent read, and an upload
 * (not billed like a generation, but a duplicate is waste: retried like a create,
 * without the create's CreateUncertainError).
 */
export type Operation = 'create' | 'retrieve' | 'upload';

/** A retry rule: the reason in one line, and when it applies. */
interface RetryRule {
  reason: string;
  applies(failure: Failure, operation: Operation): boolean;
}

export const RETRY_RULES: readonly RetryRule[] = [
  {
    reason: 'Rate limited (429): the service did no work and asked us to try again later.',
    applies: (f) => f.error instanceof RateLimitError,
  },
  {
    reason: 'The request never reached the service (connection refused, host not found).',
    applies: (f) => f.error instanceof ConnectionError && f.processed === 'no',
  },
  {
    reason: 'Reads are idempotent: a dropped connection is safe to retry.',
    applies: (f, op) => op === 'retrieve' && f.error instanceof ConnectionError,
  },
  {
    reason: 'Reads are idempotent: a timed-out read is safe to retry.',
    applies: (f, op) => op === 'retrieve' && f.error instanceof RequestTimeoutError,
  },
  {
    reason: 'Reads are idempotent: 5xx is usually transient.',
    applies: (f, op) => op === 'retrieve' && f.error instanceof InternalServerError,
  },
  {
    reason: 'Reads are idempotent: 408 means the server gave up waiting for us.',
    applies: (f, op) => op === 'retrieve' && f.error instanceof ApiError && f.error.status === 408,
  },
];

/** The reason to retry this failure, or `undefined` when it must not be retried. */
export function retryReason(failure: Failure, operation: Operation): string | undefined {
  return RETRY_RULES.find((rule) => rule.applies(failure, operation))?.reason;
}

/** Backoff settings. */
export interface BackoffOptions {
  /** @default 500 */
  baseDelayMs?: number;
  /** @default 8000 */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the error is raised instead. @default 60000 */
  maxRetryAfterMs?: number;
}

const BACKOFF = { baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/**
 * The delay before retry number `retry` (0-based): capped exponential backoff with
 * jitter (half fixed, half random, so clients that failed together do not come back
 * together), lengthened to the service's Retry-After when it asked for longer. A
 * Retry-After never shortens it: `0`, a negative value or a date in the past would
 * otherwise turn a rate limit into a tight loop. `undefined` when the service asked
 * for a wait longer than `maxRetryAfterMs`.
 *
 * @example
 * retryDelay(0, 0, Math.random); // 250–500 ms: the backoff, not 0
 * retryDelay(0, 3000, Math.random); // 3000
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  random: () => number,
  options: BackoffOptions = {},
): number | undefined {
  const { baseDelayMs, maxDelayMs, maxRetryAfterMs } = { ...BACKOFF, ...options };
  if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) return undefined;
  const capped = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  const backoff = capped / 2 + (capped / 2) * random();
  return Number.isFinite(retryAfterMs) ? Math.max(backoff, retryAfterMs as number) : backoff;
}

/**
 * Parses a Retry-After header: delta seconds (`"2"`, `"1.5"`) or an HTTP date.
 *
 * @example
 * parseRetryAfter('2', Date.now()); // 2000
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
