/**
 * Virtual-time simulation of polling strategies against synthetic video tasks: no sleeps,
 * a seeded PRNG, so every run with the same seed prints the same numbers. The schedules
 * see only what a real client sees: the poll time, the status and the progress.
 */
import {
  adaptiveSchedule,
  fixedSchedule,
  type PollSchedule,
  type PollObservation,
} from '../src/core/wait/schedule.js';
// The same seeded generator as the sandbox's: one implementation in the project.
import { mulberry32 } from '../src/sandbox/random.js';

export { mulberry32 };

/** Standard normal draw (Box–Muller) from a uniform source. */
function gaussian(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(0) would be -Infinity
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** How a simulated task reports progress while it runs. */
export type WorkloadKind = 'linear' | 'no-progress' | 'steps';

/** One synthetic task; times in ms from its creation. */
export interface SimTask {
  /** When it leaves the queue. */
  startAt: number;
  /** When it is done: the first poll at or after this time sees `completed`. */
  readyAt: number;
  /** The waiting status it reports while queued. */
  waitingStatus: 'queued' | 'pending' | 'submitted';
  /** `steps` only: (time, progress) where the reported progress changes. */
  steps: Array<{ at: number; progress: number }>;
  /** Seed of the task's own progress-noise source. */
  noiseSeed: number;
}

/** The shape of a workload. */
export interface WorkloadOptions {
  kind: WorkloadKind;
  tasks: number;
  seed: number;
  /** Queue wait, uniform in this range (ms). @default [0, 60000] */
  queueMs?: [number, number];
  /** Run time, uniform in this range (ms). @default [30000, 600000] */
  runMs?: [number, number];
}

/** Generates a workload's tasks; the same options give the same tasks. */
export function makeTasks(options: WorkloadOptions): SimTask[] {
  const random = mulberry32(options.seed);
  const [q0, q1] = options.queueMs ?? [0, 60_000];
  const [r0, r1] = options.runMs ?? [30_000, 600_000];
  const waiting = ['queued', 'pending', 'submitted'] as const;
  const tasks: SimTask[] = [];
  for (let i = 0; i < options.tasks; i++) {
    const startAt = q0 + random() * (q1 - q0);
    const run = r0 + random() * (r1 - r0);
    const readyAt = startAt + run;
    const waitingStatus = waiting[Math.floor(random() * 3)]!;
    const steps: SimTask['steps'] = [];
    if (options.kind === 'steps') {
      // 1 to 6 updates at random moments, each reporting the true fraction done then.
      const n = 1 + Math.floor(random() * 6);
      const times = Array.from({ length: n }, () => startAt + random() * run).sort((a, b) => a - b);
      for (const at of times) {
        steps.push({ at, progress: Math.max(1, Math.floor((100 * (at - startAt)) / run)) });
      }
    }
    tasks.push({
      startAt,
      readyAt,
      waitingStatus,
      steps,
      noiseSeed: Math.floor(random() * 2 ** 32),
    });
  }
  return tasks;
}

/** What the task reports when polled at time `t`. */
export function observe(
  task: SimTask,
  kind: WorkloadKind,
  t: number,
  noise: number,
  noiseRandom: () => number,
): PollObservation {
  if (t >= task.readyAt) return { at: t, status: 'completed', progress: 100 };
  if (t < task.startAt) return { at: t, status: task.waitingStatus, progress: 0 };
  const fraction = (t - task.startAt) / (task.readyAt - task.startAt);
  let progress: number;
  if (kind === 'linear') {
    progress = Math.floor(100 * fraction + noise * gaussian(noiseRandom));
    progress = Math.min(99, Math.max(1, progress));
  } else if (kind === 'steps') {
    progress = 0;
    for (const step of task.steps) if (step.at <= t) progress = step.progress;
  } else {
    progress = 0;
  }
  return { at: t, status: 'processing', progress };
}

/** A named way to poll: makes a fresh schedule per task, drawing jitter from the run's seeded source. */
export interface Strategy {
  name: string;
  create(random: () => number): PollSchedule;
}

/** The strategies the benchmark compares. Baselines poll without jitter, as a plain loop does. */
export const STRATEGIES: Strategy[] = [
  { name: 'adaptive (default)', create: (random) => adaptiveSchedule({ random }) },
  { name: 'fixed 2 s', create: () => fixedSchedule(2000, { jitter: 0 }) },
  { name: 'fixed 5 s', create: () => fixedSchedule(5000, { jitter: 0 }) },
  { name: 'fixed 10 s', create: () => fixedSchedule(10_000, { jitter: 0 }) },
  { name: 'backoff 1 s ×2 ≤ 30 s', create: () => exponentialBackoff(1000, 2, 30_000) },
];

/** Exponential backoff without regard to status: 1 s, 2 s, 4 s, ... up to `maxMs`. */
export function exponentialBackoff(firstMs: number, factor: number, maxMs: number): PollSchedule {
  let delay = 0;
  return {
    next() {
      delay = delay === 0 ? firstMs : Math.min(maxMs, delay * factor);
      return delay;
    },
    // A plain backoff predicts nothing.
    predict: () => undefined,
  };
}

/** One strategy's figures on one workload. */
export interface StrategyResult {
  strategy: string;
  /** Mean of (first poll that sees the task done − the moment it was done), ms. */
  meanDelayMs: number;
  /** 95th percentile of the same, ms. */
  p95DelayMs: number;
  /** Mean number of GET polls per task (the create call is not counted). */
  pollsPerTask: number;
}

/** Runs one strategy over tasks in virtual time. */
export function simulate(
  strategy: Strategy,
  tasks: SimTask[],
  kind: WorkloadKind,
  options: { noise?: number; seed?: number } = {},
): StrategyResult {
  const noise = options.noise ?? 2;
  const jitterRandom = mulberry32(options.seed ?? 1);
  const delays: number[] = [];
  let polls = 0;
  for (const task of tasks) {
    const schedule = strategy.create(jitterRandom);
    const noiseRandom = mulberry32(task.noiseSeed);
    // The create response is the first observation: it arrives at t = 0, queued.
    let observation: PollObservation = { at: 0, status: task.waitingStatus, progress: null };
    for (let n = 1; ; n++) {
      const delay = schedule.next(observation);
      // A schedule bug must fail the run, not hang it.
      if (!(delay > 0) || n > 100_000) {
        throw new Error(`${strategy.name}: delay ${delay} at poll ${n} is not a positive number`);
      }
      const t = observation.at + delay;
      polls++;
      observation = observe(task, kind, t, noise, noiseRandom);
      if (observation.status === 'completed') {
        delays.push(t - task.readyAt);
        break;
      }
    }
  }
  delays.sort((a, b) => a - b);
  return {
    strategy: strategy.name,
    meanDelayMs: delays.reduce((s, d) => s + d, 0) / delays.length,
    p95DelayMs: delays[Math.min(delays.length - 1, Math.ceil(0.95 * delays.length) - 1)]!,
    pollsPerTask: polls / tasks.length,
  };
}

/** One workload's table. */
export interface WorkloadResult {
  kind: WorkloadKind;
  tasks: number;
  results: StrategyResult[];
}

/** Every strategy on every workload, on the same tasks per workload. */
export function runBenchmark(
  options: { tasks?: number; seed?: number; noise?: number; strategies?: Strategy[] } = {},
): WorkloadResult[] {
  const tasks = options.tasks ?? 2000;
  const seed = options.seed ?? 20261127;
  const kinds: WorkloadKind[] = ['linear', 'no-progress', 'steps'];
  return kinds.map((kind, i) => {
    const workload = makeTasks({ kind, tasks, seed: seed + i });
    const results = (options.strategies ?? STRATEGIES).map((s) =>
      simulate(s, workload, kind, { noise: options.noise, seed: seed + 100 + i }),
    );
    return { kind, tasks, results };
  });
}
