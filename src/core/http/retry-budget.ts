/**
 * A client-wide bound on retries: the AWS SDKs' "standard" retry quota. Each request
 * keeps its own backoff, but nothing else bounds a client whose hundreds of calls all
 * fail at once: 500 calls retrying twice are 1,000 extra requests against a service
 * that is already failing. So every retry spends tokens from one budget per `Omni`, and
 * successes put tokens back; when the budget is spent, a failure is raised at once
 * instead of being retried, until successes refill it.
 *
 * The figures are the AWS SDKs' defaults (their "standard" retry mode): 500 tokens, a
 * retry costs 5 (10 after a timeout or a dropped connection, which cost the service the
 * most), a success after retries refunds what its last retry cost, and any other success
 * refunds 1.
 */

/** Options of the client-wide retry budget. */
export interface RetryBudgetOptions {
  /** Tokens in a full budget. @default 500 */
  capacity?: number;
}

/** What a retry costs, by why it is made. */
export const RETRY_COST = { failure: 5, timeout: 10 } as const;

/** What a success puts back when it needed no retry. */
const SUCCESS_REFUND = 1;

/**
 * One client's retry budget.
 *
 * @example
 * const budget = new RetryBudget({ capacity: 500 });
 * if (budget.spend(RETRY_COST.failure)) retry(); else throw error;
 */
export class RetryBudget {
  readonly capacity: number;
  #tokens: number;
  /** Retries made so far (for benchmarks and logs). */
  retries = 0;
  /** Retries refused because the budget was spent. */
  refused = 0;

  constructor(options: RetryBudgetOptions = {}) {
    this.capacity = options.capacity ?? 500;
    this.#tokens = this.capacity;
  }

  /** Tokens left. */
  get tokens(): number {
    return this.#tokens;
  }

  /**
   * Takes `cost` tokens for one retry: `true` when the retry may go ahead, `false` when
   * the budget cannot pay for it (nothing is taken then).
   */
  spend(cost: number): boolean {
    if (this.#tokens < cost) {
      this.refused++;
      return false;
    }
    this.#tokens -= cost;
    this.retries++;
    return true;
  }

  /** A request succeeded; `lastRetryCost` is what its last retry cost, if it had any. */
  succeeded(lastRetryCost: number | undefined): void {
    this.#tokens = Math.min(this.capacity, this.#tokens + (lastRetryCost ?? SUCCESS_REFUND));
  }
}
