/**
 * When to poll a video task next: a pure, clock-free schedule. It never sleeps and never
 * reads a clock; the polling loop tells it what it saw and when, and sleeps for the delay
 * it returns. That keeps it testable and benchmarkable in virtual time (bench/polling.ts).
 *
 * The adaptive rule, in short (defaults in brackets): a first poll soon after creation
 * [1 s]; while the task waits or runs without progress, an interval doubling up to a cap
 * [30 s queued, 4.8 s running]; once progress moves, robust lines through (time, progress),
 * one over the last 30 changes and one over the last 10, predict when it reaches 100, each
 * with a standard error. The schedule hops, at most `maxDelayMs` [10 s] apart, to the start
 * of the earlier window of ±2 standard errors around a prediction, checks every
 * `finishStepMs` [1 s] across it, and backs off if the task still runs after it. Every delay
 * gets jitter [±10 %] and a floor [0.5 s].
 *
 * The same fits give the ETA every progress report carries (`predict()`).
 */
import { isWaiting } from './status.js';
import { numberProblem } from '../numbers.js';

/** What one poll saw. */
export interface PollObservation {
  /** Clock time, in ms, when the answer was seen (any monotonic origin; only differences matter). */
  at: number;
  /** The task's `status` as the service sent it; values it does not know count as running. */
  status: string;
  /** The task's `progress` (0–100), if the service sent one. */
  progress?: number | null | undefined;
}

/** Options of {@link adaptiveSchedule}. Every duration is in milliseconds. */
export interface PollScheduleOptions {
  /**
   * Delay before the first poll, when the create response is the first observation.
   * @default 1000
   */
  firstDelayMs?: number;
  /**
   * Cap while the task waits in the queue: nothing can finish before it starts running.
   * @default 30000
   */
  waitingMaxDelayMs?: number;
  /**
   * Interval while the task runs without usable progress (none reported, stalled, or past
   * the predicted finish). Nothing tells when it will end, so this is a plain trade of
   * detection delay (about half of it on average) against polls.
   * @default 4800
   */
  noProgressMaxDelayMs?: number;
  /**
   * Cap while progress predicts a finish further away: how often drift is checked.
   * @default 10000
   */
  maxDelayMs?: number;
  /**
   * Interval around the predicted finish, until the task is done or clearly overdue.
   * @default 1000
   */
  finishStepMs?: number;
  /**
   * Floor of every delay, whatever the status or progress: never a tight loop.
   * @default 500
   */
  minDelayMs?: number;
  /**
   * Relative jitter: each delay is multiplied by a factor drawn in `[1 - jitter, 1 + jitter]`.
   * @default 0.1
   */
  jitter?: number;
  /**
   * Source of jitter, returning numbers in `[0, 1)`; inject a seeded one in tests.
   * @default Math.random
   */
  random?: () => number;
}

/**
 * A poll schedule: one per task, fed every observation in order.
 *
 * A server's `Retry-After` is the caller's to honour: sleep
 * {@link withRetryAfter}`(schedule.next(observation), retryAfterMs)`.
 */
export interface PollSchedule {
  /**
   * The delay, in ms, before the next poll, given the latest observation. Feed the create
   * response first (its `status`, no `progress`, `at` = when it arrived): the answer is the
   * delay before the first poll. Do not call it once the status is terminal.
   */
  next(observation: PollObservation): number;
  /**
   * When the task should be done, as predicted from the observations fed so far (the pace
   * of its progress), or `undefined` while nothing predicts it (queued, no progress yet,
   * progress not moving).
   */
  predict(): FinishPrediction | undefined;
}

/**
 * A predicted finish: when progress reaches 100, on the observations' clock.
 *
 * @example
 * const p = schedule.predict();
 * if (p) console.log(`done in about ${Math.round((p.finishAt - Date.now()) / 1000)} s`);
 */
export interface FinishPrediction {
  /** Predicted time, on the clock of the observations' `at`, at which progress reaches 100. */
  finishAt: number;
  /** Its standard error, in ms. */
  sigma: number;
}

const DEFAULTS: Required<Omit<PollScheduleOptions, 'random'>> = {
  firstDelayMs: 1000,
  waitingMaxDelayMs: 30_000,
  noProgressMaxDelayMs: 4800,
  maxDelayMs: 10_000,
  finishStepMs: 1000,
  minDelayMs: 500,
  jitter: 0.1,
};

/** Growth of the interval while nothing tells when the task will finish. */
const GROWTH = 2;
/** Growth of the interval once the predicted finish has passed without the task finishing. */
const OVERDUE_GROWTH = 1.5;
/** How many progress changes the main fit looks at: many, to average noise out. */
const WINDOW = 30;
/** How many of the latest changes the second fit looks at: few, to follow a change of pace. */
const RECENT = 10;
/** Check from this many standard errors before the predicted finish to as many after. */
const LEAD_SIGMAS = 2;
/** Standard deviation of the value within its whole percent (uniform over one point). */
const QUANTUM_SD = 1 / Math.sqrt(12);

interface Point {
  /** Time (ms) the value was first reported. */
  t: number;
  p: number;
  /** Standard deviation of `t`, when the value changed at an unknown time between two polls. */
  sd: number;
}

type Fit = FinishPrediction;

/**
 * The SDK's default schedule: soon after creation, then slower while the task waits or
 * reports no progress; once progress moves, it predicts the finish from the pace of
 * progress and polls just after it, checking at least every `maxDelayMs` meanwhile.
 *
 * @example
 * const schedule = adaptiveSchedule();
 * let observation = { at: Date.now(), status: created.status };
 * while (!isTerminal(observation.status)) {
 *   await sleep(schedule.next(observation));
 *   const task = await getTask(id);
 *   observation = { at: Date.now(), status: task.status, progress: task.progress };
 * }
 */
export function adaptiveSchedule(options: PollScheduleOptions = {}): PollSchedule {
  const o = normalize('adaptiveSchedule', options);
  const random = options.random ?? Math.random;

  const progress = progressFits();
  let interval = 0; // the growing interval used while nothing predicts the finish
  let overdue = 0; // polls since the checking window around the predicted finish closed

  function grow(cap: number): number {
    interval = interval === 0 ? o.firstDelayMs : interval * GROWTH;
    // A lower cap applies at once: a task that starts running is closer to its end.
    interval = Math.min(interval, cap);
    return interval;
  }

  function delay(obs: PollObservation): number {
    const fits = progress.observe(obs);
    if (fits === undefined) return grow(o.waitingMaxDelayMs);
    if (fits.length === 0) {
      overdue = 0;
      return grow(o.noProgressMaxDelayMs);
    }
    // Once progress predicts the finish, the no-progress rule restarts from its cap if needed.
    interval = o.noProgressMaxDelayMs;
    const now = obs.at;
    const windows = fits.map((fit) => {
      // A wide window of 1 s checks costs many polls: beyond maxDelayMs, hops do better.
      const lead = Math.min(LEAD_SIGMAS * fit.sigma, o.maxDelayMs);
      // With a sure prediction, the first check lands just after the predicted finish.
      return {
        from: fit.finishAt - lead + o.finishStepMs / 2,
        to: fit.finishAt + lead + o.finishStepMs,
      };
    });
    if (windows.some((w) => now >= w.from - o.finishStepMs && now < w.to)) {
      overdue = 0;
      return o.finishStepMs;
    }
    const next = Math.min(...windows.map((w) => (w.from > now ? w.from : Infinity)));
    if (next !== Infinity) {
      overdue = 0;
      const wait = next - now;
      // Spread the wait evenly over capped hops, so that no hop is wastefully short.
      return wait / Math.ceil(wait / o.maxDelayMs);
    }
    // Past every window and still running: the prediction failed (stall, slowdown); back off.
    overdue++;
    return Math.min(o.noProgressMaxDelayMs, o.finishStepMs * OVERDUE_GROWTH ** overdue);
  }

  return {
    next(observation) {
      const d = delay(observation);
      const jittered = d * (1 + o.jitter * (2 * random() - 1));
      // The floor comes last so that neither jitter nor a bad estimate can go below it.
      return Math.max(o.minDelayMs, jittered);
    },
    predict: () => progress.prediction(),
  };
}

/** Options of {@link fixedSchedule}: the jitter and floor of {@link PollScheduleOptions}. */
export type FixedScheduleOptions = Pick<PollScheduleOptions, 'jitter' | 'minDelayMs' | 'random'>;

/**
 * Polls every `intervalMs` (with jitter, never below `minDelayMs`), whatever the task
 * reports: what the SDK uses when the caller passes an explicit poll interval.
 *
 * @example
 * const schedule = fixedSchedule(5000); // about every 5 s, ±10%
 * const exact = fixedSchedule(5000, { jitter: 0 }); // every 5 s
 */
export function fixedSchedule(
  intervalMs: number,
  options: FixedScheduleOptions = {},
): PollSchedule {
  const random = options.random ?? Math.random;
  checkDuration('fixedSchedule', 'intervalMs', intervalMs);
  const { jitter, minDelayMs: floor } = normalize('fixedSchedule', {
    jitter: options.jitter,
    minDelayMs: options.minDelayMs,
  });
  // A fixed interval still predicts the finish: the caller's choice of interval is no
  // reason to show no ETA.
  const progress = progressFits();
  return {
    next(observation) {
      progress.observe(observation);
      return Math.max(floor, intervalMs * (1 + jitter * (2 * random() - 1)));
    },
    predict: () => progress.prediction(),
  };
}

/**
 * The fits through a task's progress, fed every observation in order: what both the
 * adaptive schedule and the ETA read. One per task.
 */
function progressFits() {
  let waitingAt: number | undefined; // last poll that saw the task still waiting
  let start: Point | undefined; // (time, 0) when processing began, as far as polls tell
  let points: Point[] = []; // the first sight of each new progress value
  let previous: { at: number; progress: number | undefined; plateau: boolean } | undefined;
  let fits: Fit[] = [];

  function record(obs: PollObservation): void {
    const p = usableProgress(obs.progress);
    const gap = previous === undefined ? 0 : Math.max(0, obs.at - previous.at);
    if (start === undefined && waitingAt !== undefined) {
      // Processing began between the last waiting answer and this one: take the midpoint.
      // Without a waiting answer the start is unknown, and the fit does without it.
      const t = (waitingAt + obs.at) / 2;
      start = { t, p: 0, sd: (obs.at - waitingAt) / Math.sqrt(12) };
    }
    if (p !== undefined && p > 0 && p !== previous?.progress) {
      // After a plateau the value changed somewhere since the previous poll: the midpoint is
      // unbiased. A value that changes at every poll is continuous: it is this poll's value.
      const t = previous?.plateau ? obs.at - gap / 2 : obs.at;
      // A whole percent is most often truncated (45.9 % reads 45): take the middle of it.
      // If the server rounds instead, the guess is early by half a point, which costs a poll,
      // where late by half a point would cost delay.
      const value = Number.isInteger(p) && p < 100 ? p + 0.5 : p;
      // Only a value seen after a plateau has an uncertain time: anywhere in the last gap.
      points.push({ t, p: value, sd: previous?.plateau ? gap / Math.sqrt(12) : 0 });
      if (points.length > WINDOW) points = points.slice(-WINDOW);
    }
    const plateau = previous !== undefined && p !== undefined && p === previous.progress;
    previous = { at: obs.at, progress: p, plateau };
  }

  return {
    /**
     * Takes an observation; returns `undefined` while the task waits in the queue, else
     * the fits that predict its finish (none, one or two).
     */
    observe(obs: PollObservation): Fit[] | undefined {
      if (isWaiting(obs.status)) {
        waitingAt = obs.at;
        fits = [];
        return undefined;
      }
      // Anything else, known or not, is treated as running: an unknown status is not an error.
      record(obs);
      // Two predictions: the whole window's, precise while the pace holds, and the latest
      // points' alone, which sees a speed-up long before the whole window does.
      fits = [fitFinish(start, points), fitFinish(undefined, points.slice(-RECENT))].filter(
        (fit): fit is Fit => fit !== undefined,
      );
      return fits;
    },
    /** The ETA: the whole window's fit (see bench/eta.ts for why), else the recent one. */
    prediction(): FinishPrediction | undefined {
      return fits[0];
    },
  };
}

// "Retry-After only lengthens" lives once, beside the retry rules.
export { withRetryAfter } from '../http/retry.js';

function normalize(
  caller: string,
  options: PollScheduleOptions,
): Required<Omit<PollScheduleOptions, 'random'>> {
  const o = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as Array<keyof typeof DEFAULTS>) {
    const value = options[key];
    if (value === undefined) continue;
    // A typo in an option should fail at once, not turn into a tight loop or a hang.
    checkDuration(caller, key, value);
    o[key] = value;
  }
  if (o.jitter > 1) {
    // Above 1 a delay could turn negative.
    throw new RangeError(`${caller}: jitter must be between 0 and 1, got ${o.jitter}`);
  }
  // Every duration sits at or above the floor, so the floor only ever catches jitter.
  for (const key of [
    'firstDelayMs',
    'waitingMaxDelayMs',
    'noProgressMaxDelayMs',
    'maxDelayMs',
    'finishStepMs',
  ] as const) {
    o[key] = Math.max(o[key], o.minDelayMs);
  }
  return o;
}

function checkDuration(caller: string, name: string, value: number): void {
  const problem = numberProblem(value, 'nonNegative');
  if (problem) throw new RangeError(`${caller}: ${name} ${problem}, got ${value}`);
}

function usableProgress(progress: number | null | undefined): number | undefined {
  return typeof progress === 'number' && Number.isFinite(progress)
    ? Math.min(100, Math.max(0, progress))
    : undefined;
}

/**
 * Theil–Sen line through the progress points (median of pairwise slopes): robust to noisy
 * values and to a jump, which a least-squares fit would follow. Its error at the finish is
 * the usual one for a fitted line, from the robust spread of the residuals plus the known
 * uncertainty of each point (when its value changed, whole-percent rounding).
 */
function fitFinish(start: Point | undefined, recent: Point[]): Fit | undefined {
  if (recent.length === 0) return undefined;
  const all = start !== undefined && recent.length < WINDOW ? [start, ...recent] : recent;
  const slopes: number[] = [];
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i]!;
      const b = all[j]!;
      if (b.t > a.t) slopes.push((b.p - a.p) / (b.t - a.t));
    }
  }
  if (slopes.length === 0) return undefined;
  const slope = median(slopes);
  // No forward pace, no prediction: the caller falls back to the no-progress rule.
  if (!(slope > 0)) return undefined;
  const intercept = median(all.map((q) => q.p - slope * q.t));
  const finishAt = (100 - intercept) / slope;

  const n = all.length;
  const meanT = all.reduce((s, q) => s + q.t, 0) / n;
  const sxx = all.reduce((s, q) => s + (q.t - meanT) ** 2, 0);
  const residualSd = 1.4826 * median(all.map((q) => Math.abs(q.p - intercept - slope * q.t)));
  const timeVar = all.reduce((s, q) => s + q.sd ** 2, 0) / n;
  const pointVar = residualSd ** 2 + QUANTUM_SD ** 2 + slope ** 2 * timeVar;
  const leverage = 1 / n + (sxx > 0 ? (finishAt - meanT) ** 2 / sxx : 1);
  return { finishAt, sigma: Math.sqrt(pointVar * leverage) / slope };
}

function median(values: number[]): number {
  // Quickselect rather than a sort: the fit runs at every poll, over up to 465 slopes.
  const a = Float64Array.from(values);
  const mid = a.length >> 1;
  const upper = select(a, mid);
  if (a.length % 2 === 1) return upper;
  // After select, everything left of `mid` is ≤ a[mid]: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) lower = Math.max(lower, a[i]!);
  return (lower + upper) / 2;
}

/** The k-th smallest value of `a` (Hoare's quickselect, in place). */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (left < right) {
    const pivot = a[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k]!;
}
