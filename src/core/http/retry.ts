/**
 * When a failed request is sent again, and after how long: the one retry decision of
 * the pipeline. Each rule carries its reason. It reads the policy each error carries
 * (`final`, `processed`: src/core/errors.ts) and the operation's kind; it never sorts
 * errors by class itself.
 */
import type { OmniError } from '../errors.js';

/**
 * What an operation is, for retrying: a `read` is free and idempotent; a `billed`
 * request (anything that is not a read) may cost money or make something, so it is
 * resent only when the service provably did not process it.
 */
export type OperationKind = 'read' | 'billed';

/**
 * The kind of an operation, by its HTTP method: GET and HEAD are reads, anything else
 * may be billed. The one place that classifies operations: a spec extension that
 * marks an operation otherwise would be read here.
 *
 * @example
 * operationKind('GET'); // 'read'
 * operationKind('POST'); // 'billed'
 */
export function operationKind(method: string): OperationKind {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' ? 'read' : 'billed';
}

/** A retry rule: the reason in one line, and when it applies. */
interface RetryRule {
  reason: string;
  applies(error: OmniError, kind: OperationKind): boolean;
}

/** The rules, in order; the first that applies gives the reason to retry. */
export const RETRY_RULES: readonly RetryRule[] = [
  {
    reason:
      'The service provably did nothing with it (a 429, a refused connection, an unknown host): safe to resend.',
    applies: (e) => !e.final && e.processed === 'no',
  },
  {
    reason:
      'Reads are idempotent: a transient failure (reset, timeout, 5xx, 408, a broken answer) is safe to retry.',
    applies: (e, kind) => !e.final && kind === 'read',
  },
];

/**
 * The reason to retry this failure, or `undefined` when it must not be retried.
 *
 * @example
 * retryReason(new RateLimitError('slow down', { status: 429 }), 'billed'); // 'The service provably did nothing…'
 */
export function retryReason(error: OmniError, kind: OperationKind): string | undefined {
  return RETRY_RULES.find((rule) => rule.applies(error, kind))?.reason;
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
 * `delayMs`, lengthened to the service's Retry-After when it asked for longer. A
 * Retry-After never shortens it: `0`, a negative value or a date in the past would
 * otherwise turn a rate limit into a tight loop. The one place this rule lives
 * (retries here, the waits' schedule too).
 *
 * @example
 * withRetryAfter(500, 3000); // 3000
 * withRetryAfter(500, 0); // 500
 */
export function withRetryAfter(delayMs: number, retryAfterMs: number | null | undefined): number {
  return retryAfterMs != null && Number.isFinite(retryAfterMs)
    ? Math.max(delayMs, retryAfterMs)
    : delayMs;
}

/**
 * The delay before retry number `retry` (0-based): capped exponential backoff with
 * jitter (half fixed, half random, so clients that failed together do not come back
 * together), lengthened by {@link withRetryAfter}. `undefined` when the service asked
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
  return withRetryAfter(capped / 2 + (capped / 2) * random(), retryAfterMs);
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
