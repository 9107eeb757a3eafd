/**
 * ETA benchmark: how far the SDK's prediction of a task's finish (what every progress
 * report carries as `eta`) is from the real finish, on the simulated workloads of
 * bench/polling-sim.ts, against a naive linear extrapolation in the same run.
 *
 * Each task is polled on the SDK's adaptive schedule in virtual time. At the first poll
 * whose reported progress reaches 25 %, 50 % and 75 %, two predictions of the finish are
 * compared with the moment the task really was done:
 * - the SDK's: `schedule.predict()` after that observation (what `onProgress` reports);
 * - naive: elapsed since creation ÷ progress, the extrapolation a caller can make alone
 *   from `created_at` and `progress`.
 * The error is |predicted − real| in seconds; the tables give its median and p90. The
 * no-progress workload reports no progress, so neither predicts anything there.
 *
 *   node scripts/run-ts.mjs bench/eta.ts [--tasks 10000] [--seed 20261127] [--noise 2]
 */
import { adaptiveSchedule, type PollObservation } from '../src/core/wait/schedule.js';
import { makeTasks, mulberry32, observe, type WorkloadKind } from './polling-sim.js';
import { quantile, table, verdict } from './table.js';
import { numberArgument } from './args.js';

/** The progress marks at which predictions are scored. */
const MARKS = [25, 50, 75] as const;

interface MarkErrors {
  sdk: number[];
  naive: number[];
  /** Polls that reached the mark without any SDK prediction yet. */
  sdkNone: number;
}

/** Errors (ms) of both predictions at each mark, over one workload's tasks. */
export function etaErrors(
  kind: WorkloadKind,
  options: { tasks: number; seed: number; noise: number },
): Map<number, MarkErrors> {
  const tasks = makeTasks({ kind, tasks: options.tasks, seed: options.seed });
  const jitter = mulberry32(options.seed + 100);
  const errors = new Map<number, MarkErrors>(
    MARKS.map((m) => [m, { sdk: [], naive: [], sdkNone: 0 }]),
  );
  for (const task of tasks) {
    const schedule = adaptiveSchedule({ random: jitter });
    const noise = mulberry32(task.noiseSeed);
    // The create response is the first observation: it arrives at t = 0, queued.
    let observation: PollObservation = { at: 0, status: task.waitingStatus, progress: null };
    let mark = 0;
    for (let n = 1; n < 100_000; n++) {
      // As the wait loop does: each answer goes to the schedule, then the report reads
      // the prediction that includes it.
      const delay = schedule.next(observation);
      const p = observation.progress ?? 0;
      for (; mark < MARKS.length && p >= MARKS[mark]!; mark++) {
        const scored = errors.get(MARKS[mark]!)!;
        const prediction = schedule.predict();
        if (prediction === undefined) scored.sdkNone++;
        else scored.sdk.push(Math.abs(prediction.finishAt - task.readyAt));
        scored.naive.push(Math.abs((observation.at * 100) / p - task.readyAt));
      }
      observation = observe(task, kind, observation.at + delay, options.noise, noise);
      if (observation.status === 'completed') break;
    }
  }
  return errors;
}

const tasks = numberArgument('tasks') ?? 10_000;
const seed = numberArgument('seed') ?? 20261127;
const noise = numberArgument('noise') ?? 2;
const started = performance.now();
const s = (ms: number) => (ms / 1000).toFixed(1);
const kinds: WorkloadKind[] = ['linear', 'steps', 'no-progress'];
const targets: string[] = [];

console.log(
  `ETA benchmark: ${tasks} tasks per workload, seed ${seed}, linear noise ${noise} points, ` +
    'virtual time, the adaptive schedule. Error = |predicted finish − real finish|.\n',
);
for (const [i, kind] of kinds.entries()) {
  // The same tasks as bench/polling.ts for the same seed (its seed + workload index).
  const errors = etaErrors(kind, { tasks, seed: seed + i, noise });
  console.log(`### ${kind}\n`);
  const rows = [...errors].map(([mark, e]) => {
    const ratio = quantile(e.sdk, 0.5) / quantile(e.naive, 0.5);
    return [
      `${mark} %`,
      String(e.naive.length),
      s(quantile(e.sdk, 0.5)),
      s(quantile(e.sdk, 0.9)),
      s(quantile(e.naive, 0.5)),
      s(quantile(e.naive, 0.9)),
      Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a',
      String(e.sdkNone),
    ];
  });
  if (rows.every((r) => r[1] === '0')) {
    console.log(
      'No task reports progress: neither the SDK nor the naive rule predicts (eta undefined).\n',
    );
    continue;
  }
  console.log(
    table(
      [
        'progress',
        'tasks',
        'SDK median s',
        'SDK p90 s',
        'naive median s',
        'naive p90 s',
        'median SDK ÷ naive',
        'SDK: none yet',
      ],
      rows,
    ) + '\n',
  );
  for (const [mark, e] of errors)
    targets.push(
      `${kind} at ${mark} %: SDK median and p90 below naive: ` +
        verdict(
          quantile(e.sdk, 0.5) < quantile(e.naive, 0.5) &&
            quantile(e.sdk, 0.9) < quantile(e.naive, 0.9),
        ),
    );
}
console.log('Targets:');
for (const t of targets) console.log(`- ${t}`);
console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s of real time)`);
