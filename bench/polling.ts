/**
 * Polling benchmark: prints, per workload, each strategy's detection delay and polls per
 * task, measured in virtual time (see polling-sim.ts). Run:
 *
 *   npx esbuild bench/polling.ts --bundle --platform=node --format=esm --outfile=/tmp/polling.mjs && node /tmp/polling.mjs
 *
 * Optional arguments: `--tasks N` (default 10000), `--seed S` (default 20261127) and
 * `--noise P` (standard deviation of the linear workload's progress noise, default 2 points).
 */
import { table as markdownTable } from './table.js';
import { runBenchmark, type WorkloadResult } from './polling-sim.js';
import { numberArgument } from './args.js';

const ADAPTIVE = 'adaptive (default)';
const FIXED_2 = 'fixed 2 s';
const FIXED_5 = 'fixed 5 s';

function table(workload: WorkloadResult): string {
  const fixed2 = workload.results.find((r) => r.strategy === FIXED_2)!;
  const rows = workload.results.map((r) => [
    r.strategy,
    (r.meanDelayMs / 1000).toFixed(2),
    (r.p95DelayMs / 1000).toFixed(2),
    r.pollsPerTask.toFixed(1),
    (r.pollsPerTask / fixed2.pollsPerTask).toFixed(2),
  ]);
  return markdownTable(
    ['strategy', 'mean delay s', 'p95 delay s', 'polls/task', 'polls vs fixed 2 s'],
    rows,
  );
}

function verdicts(workloads: WorkloadResult[]): string[] {
  const out: string[] = [];
  for (const w of workloads) {
    const a = w.results.find((r) => r.strategy === ADAPTIVE)!;
    const f2 = w.results.find((r) => r.strategy === FIXED_2)!;
    const f5 = w.results.find((r) => r.strategy === FIXED_5)!;
    if (w.kind === 'linear') {
      const delayOk = a.meanDelayMs <= 1000;
      const pollsOk = a.pollsPerTask <= f2.pollsPerTask / 3;
      out.push(
        `${w.kind}: mean delay ${(a.meanDelayMs / 1000).toFixed(2)} s ≤ 1 s: ${delayOk ? 'met' : 'NOT met'}; ` +
          `polls ${(a.pollsPerTask / f2.pollsPerTask).toFixed(3)} × fixed 2 s ≤ 1/3: ${pollsOk ? 'met' : 'NOT met'}`,
      );
    } else {
      const delayOk = a.meanDelayMs <= f5.meanDelayMs;
      const pollsOk = a.pollsPerTask <= f5.pollsPerTask;
      out.push(
        `${w.kind}: mean delay ${(a.meanDelayMs / 1000).toFixed(2)} s vs fixed 5 s ${(f5.meanDelayMs / 1000).toFixed(2)} s: ${delayOk ? 'met' : 'NOT met'}; ` +
          `polls ${a.pollsPerTask.toFixed(1)} vs ${f5.pollsPerTask.toFixed(1)}: ${pollsOk ? 'met' : 'NOT met'}`,
      );
    }
  }
  return out;
}

const tasks = numberArgument('tasks') ?? 10_000;
const seed = numberArgument('seed') ?? 20261127;
const noise = numberArgument('noise') ?? 2;
const started = performance.now();
const workloads = runBenchmark({ tasks, seed, noise });
const elapsed = performance.now() - started;

console.log(
  `Polling benchmark: ${tasks} tasks per workload, seed ${seed}, linear noise ${noise} points, virtual time\n`,
);
for (const w of workloads) {
  console.log(`### ${w.kind}\n`);
  console.log(table(w) + '\n');
}
console.log('Targets:');
for (const v of verdicts(workloads)) console.log(`- ${v}`);
console.log(`\n(${(elapsed / 1000).toFixed(1)} s of real time)`);
