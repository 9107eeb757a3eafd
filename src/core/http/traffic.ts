/**
 * What one `Omni` shares across all its calls so that many calls do not become a storm:
 * a retry budget (retry-budget.ts) and adaptive pacing (adaptive-rate.ts). send.ts asks
 * it for a turn before each attempt, tells it each answer, and asks it before a retry.
 */
import type { Clock } from '../clock.js';
import {
  AbortError,
  ConnectionError,
  type OmniError,
  RequestTimeoutError,
  type ValidationIssue,
} from '../errors.js';
import { AdaptiveRate } from './adaptive-rate.js';
import { RETRY_COST, RetryBudget } from './retry-budget.js';
import { numberProblem } from '../numbers.js';

/**
 * The client-wide bounds, as `new Omni()` takes them.
 *
 * @example
 * new Omni({ retryQuota: 100, adaptiveRate: true });
 */
export interface TrafficOptions {
  /**
   * Tokens of the client-wide retry budget: a retry costs 5 (10 after a timeout or a
   * dropped connection), a success refunds 1 (or what its retry cost). When it is spent,
   * failures are raised at once instead of retried. `false`: no client-wide bound (each
   * request still keeps to `maxRetries`). @default 500
   */
  retryQuota?: number | false | undefined;
  /**
   * Pace every request of the client once the service throttles (429 or 503): a rate
   * that each throttling answer cuts and successes restore. @default true
   */
  adaptiveRate?: boolean | undefined;
}

/** The names of {@link TrafficOptions}, for the list of options `new Omni()` knows. */
export const TRAFFIC_OPTION_NAMES = ['retryQuota', 'adaptiveRate'] as const;

/**
 * Problems with the traffic options, before anything is sent.
 *
 * @example
 * trafficIssues({ retryQuota: -1 }); // [{ path: 'retryQuota', message: 'must be ...' }]
 */
export function trafficIssues(options: TrafficOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { retryQuota, adaptiveRate } = options;
  if (
    retryQuota !== undefined &&
    retryQuota !== false &&
    numberProblem(retryQuota, 'count') !== undefined
  )
    issues.push({
      path: 'retryQuota',
      message: `must be a whole number of tokens from 0, or false for no client-wide bound, not ${String(retryQuota)}`,
    });
  if (adaptiveRate !== undefined && typeof adaptiveRate !== 'boolean')
    issues.push({
      path: 'adaptiveRate',
      message: `must be true or false, not ${String(adaptiveRate)}`,
    });
  return issues;
}

/** Throttling answers: rate limited, or unavailable (an overloaded service's answer). */
const THROTTLING = new Set([429, 503]);

/**
 * One client's retry budget and pacing.
 *
 * @example
 * const traffic = new Traffic(systemClock, { retryQuota: 500, adaptiveRate: true });
 */
export class Traffic {
  readonly budget: RetryBudget | undefined;
  readonly pacing: AdaptiveRate | undefined;

  constructor(clock: Clock, options: TrafficOptions = {}) {
    this.budget =
      options.retryQuota === false
        ? undefined
        : new RetryBudget({ capacity: options.retryQuota ?? 500 });
    this.pacing = options.adaptiveRate === false ? undefined : new AdaptiveRate(clock);
  }

  /**
   * Waits for this attempt's turn. When `signal` fires first the request was not sent:
   * an AbortError (the caller's abort) or a RequestTimeoutError (its timeout) says so.
   */
  async turn(
    signal: AbortSignal,
    ctx: { abortedByCaller: () => boolean; timeoutMs: number; taskId?: string | undefined },
  ): Promise<void> {
    try {
      await this.pacing?.acquire(signal);
    } catch (cause) {
      const options = { cause, taskId: ctx.taskId };
      throw ctx.abortedByCaller()
        ? new AbortError(
            'The request was aborted by the caller before it was sent (it was waiting its turn: the service is throttling this client).',
            options,
          )
        : new RequestTimeoutError(
            `Not sent within ${ctx.timeoutMs} ms (timeoutMs): the service is throttling this client, ` +
              'and its requests wait their turn (adaptive pacing). Nothing was sent.',
            options,
          );
    }
  }

  /** An attempt got an answer with this HTTP status. */
  answered(status: number): void {
    this.pacing?.answered(THROTTLING.has(status));
  }

  /**
   * The cost of retrying after `error`, taken from the budget, or `undefined` when the
   * budget cannot pay for it (the error is then raised).
   */
  retryCost(error: OmniError): number | undefined {
    const cost =
      error instanceof RequestTimeoutError || error instanceof ConnectionError
        ? RETRY_COST.timeout
        : RETRY_COST.failure;
    if (!this.budget) return cost;
    return this.budget.spend(cost) ? cost : undefined;
  }

  /** A request succeeded, after a retry that cost `lastRetryCost`, or none. */
  succeeded(lastRetryCost: number | undefined): void {
    this.budget?.succeeded(lastRetryCost);
  }
}
