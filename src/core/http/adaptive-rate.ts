/**
 * Client-wide pacing under throttling: the AWS SDKs' "adaptive" retry mode. Until the
 * service throttles, requests go out as they come. Once it answers 429 or 503, every
 * request of the client (creates, reads, and the polls of every wait) waits for a token
 * from one bucket, refilled at a rate that each throttling answer cuts (to 70 % of the
 * rate actually being sent) and successes restore along a cubic curve: slowly near the
 * rate that was throttled, faster away from it, as TCP CUBIC does. A storm of 500 waits
 * against a throttling service thus becomes one paced stream, not 500 retry loops.
 *
 * The constants are those of the AWS SDKs' adaptive mode (beta 0.7, scale 0.4, smoothing
 * 0.8 over half-second buckets, a floor of 0.5 requests a second), with two changes:
 * the throttling answers of one burst cut the rate once (500 answers to one burst of
 * polls are one signal, and cutting 500 times would pin the client at the floor), and
 * successes grow the rate at least as fast as twice the rate measured (a slow start:
 * the cubic curve alone took 50 s to clear 500 waits after a 10 s outage, bench/storm).
 */
import type { Clock } from '../clock.js';

const BETA = 0.7;
const SCALE = 0.4;
const SMOOTH = 0.8;
const BUCKET_MS = 500;
/** The least growth of the rate on a success: the slow start after an outage. */
const GROWTH = 1.5;
/** How long without any throttling answer before the slow start applies. */
const CALM_MS = 1000;
/** The lowest rate, in requests a second: slow enough for any throttle, never a stop. */
export const MIN_RATE = 0.5;

/**
 * One client's pacing.
 *
 * @example
 * const rate = new AdaptiveRate(systemClock);
 * await rate.acquire(signal); // waits only once the service has throttled
 * rate.answered(response.status === 429 || response.status === 503);
 */
export class AdaptiveRate {
  readonly #clock: Clock;
  /** Paces only once a throttling answer was seen. */
  #enabled = false;
  /** Requests a second the bucket allows. */
  #fillRate = Number.POSITIVE_INFINITY;
  #tokens = 1;
  #lastRefill = 0;
  /** The rate when the service last throttled, and when. */
  #lastMaxRate = 0;
  #lastThrottle = 0;
  /** When the last throttling answer came (cut or not). */
  #lastThrottleAnswer = 0;
  /** Requests sent in the current bucket, and the smoothed rate measured. */
  #measuredRate = 0;
  #bucketStart = Number.NaN;
  #bucketCount = 0;
  /** Callers waiting for a token, first come first served. */
  readonly #queue: { grant(): void }[] = [];
  #draining = false;
  /** Throttling answers seen, and rate cuts made (for benchmarks and logs). */
  throttles = 0;
  cuts = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The requests a second now allowed (`Infinity` before any throttling). */
  get rate(): number {
    return this.#fillRate;
  }

  /**
   * Waits for the right to send one request: at once until the service throttles, then
   * in turn, at the current rate. Rejects with the signal's reason when it aborts first
   * (the request was not sent).
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    this.#count();
    if (!this.#enabled) return;
    if (signal?.aborted) throw signal.reason;
    if (this.#queue.length === 0 && this.#take()) return;
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const at = this.#queue.indexOf(waiter);
        if (at !== -1) this.#queue.splice(at, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
      void this.#drain();
    });
  }

  /** What the service answered to a request: throttling (429, 503) or not. */
  answered(throttled: boolean): void {
    const now = this.#clock.now();
    if (throttled) {
      this.throttles++;
      this.#lastThrottleAnswer = now;
      // One cut per burst: answers within a bucket of the last cut are the same signal.
      if (this.#enabled && now - this.#lastThrottle < BUCKET_MS) return;
      const sending = this.#sendingRate(now);
      const current = this.#enabled ? Math.min(sending, this.#fillRate) : sending;
      this.#lastMaxRate = Math.max(current, MIN_RATE);
      this.#lastThrottle = now;
      this.#setRate(this.#lastMaxRate * BETA);
      this.#enabled = true;
      this.cuts++;
      return;
    }
    if (!this.#enabled) return;
    // CUBIC: back to the throttled rate after `k` seconds, then beyond it.
    const k = Math.cbrt((this.#lastMaxRate * (1 - BETA)) / SCALE);
    const t = (now - this.#lastThrottle) / 1000;
    const cubic = SCALE * (t - k) ** 3 + this.#lastMaxRate;
    // Once no throttling answer came for a while, at least half as fast again as now (a
    // slow start, so that a backlog left by an outage clears in seconds, not at the
    // floor's pace; successes mixed with throttling grow it by the curve alone), but never more than twice what
    // is actually sent: a rate never used proves nothing.
    const calm = now - this.#lastThrottleAnswer >= CALM_MS;
    const target = calm ? Math.max(cubic, this.#fillRate * GROWTH) : cubic;
    this.#setRate(Math.min(target, 2 * Math.max(this.#sendingRate(now), MIN_RATE)));
  }

  /**
   * The rate being sent: the smoothed measure, or the current bucket's when it is higher
   * (a first burst throttled before a bucket has closed must not read as no traffic).
   */
  #sendingRate(now: number): number {
    const elapsed = Math.max(BUCKET_MS, now - this.#bucketStart);
    return Math.max(this.#measuredRate, (this.#bucketCount * 1000) / elapsed || 0);
  }

  #setRate(rate: number): void {
    this.#refill();
    this.#fillRate = Math.max(MIN_RATE, rate);
    this.#tokens = Math.min(this.#tokens, Math.max(1, this.#fillRate));
  }

  #refill(): void {
    const now = this.#clock.now();
    if (Number.isFinite(this.#fillRate))
      this.#tokens = Math.min(
        Math.max(1, this.#fillRate),
        this.#tokens + ((now - this.#lastRefill) / 1000) * this.#fillRate,
      );
    this.#lastRefill = now;
  }

  #take(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Hands out tokens to the queue as they come, one sleep at a time. */
  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        if (this.#take()) {
          (this.#queue.shift() as { grant(): void }).grant();
          continue;
        }
        // Whole milliseconds, as timers keep them: a fraction added to a clock's epoch
        // reading can vanish in the float, and the loop would sleep it again and again.
        await this.#clock.sleep(
          Math.max(1, Math.ceil(((1 - this.#tokens) / this.#fillRate) * 1000)),
        );
      }
    } finally {
      this.#draining = false;
    }
  }

  /** Counts a request into the measured send rate (smoothed over half-second buckets). */
  #count(): void {
    const now = this.#clock.now();
    if (Number.isNaN(this.#bucketStart)) this.#bucketStart = now;
    this.#bucketCount++;
    const elapsed = now - this.#bucketStart;
    if (elapsed < BUCKET_MS) return;
    const rate = (this.#bucketCount * 1000) / elapsed;
    this.#measuredRate = rate * SMOOTH + this.#measuredRate * (1 - SMOOTH);
    this.#bucketStart = now;
    this.#bucketCount = 0;
  }
}
