/**
 * The queue across worker processes: the same batch with 1, 2 and 4 workers (each a
 * process with `startVideoWorker`, BullMQ on a real redis-server with AOF), on the
 * time-scaled sandbox with random faults on 20 % of requests, under one shared request
 * rate: once with the rate binding (`--rps`, default 15), once with it far above what the
 * workers ask (`--free-rps`, default 1000). Jobs per minute are compared with the
 * 1-worker run of the same mode in the same invocation.
 *
 * Needs redis-server on PATH (Debian: apt-get install -y redis-server).
 *
 *   node scripts/run-ts.mjs bench/queue.ts [--jobs 120] [--concurrency 6] [--rps 15] [--free-rps 1000]
 */
import { cpus, loadavg } from 'node:os';
import { runQueue } from '../test/queue/harness.js';
import {
  arrivals,
  densestWindow,
  duplicates,
  grants,
  outcomes,
  pollsPerTask,
} from '../test/queue/metrics.js';
import { table } from './table.js';

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const jobs = argument('jobs', 120);
const concurrency = argument('concurrency', 6);
const modes = [
  { mode: 'rate binding', requestsPerSecond: argument('rps', 15) },
  { mode: 'rate not binding', requestsPerSecond: argument('free-rps', 1000) },
];
const timeScale = 0.2; // a task takes about 1.2 s instead of 6 s

console.log(
  `${jobs} jobs per run; each worker a process with concurrency ${concurrency}; shared rate ` +
    `${modes.map((m) => `${m.requestsPerSecond} requests/s (${m.mode})`).join(' or ')}; sandbox timeScale ${timeScale}, faults on 20 % of requests; ` +
    `${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}.\n`,
);
const rows: string[][] = [];
let failed = false;
for (const { mode, requestsPerSecond } of modes) {
  let baseline = 0;
  for (const workers of [1, 2, 4]) {
    const report = await runQueue({
      jobs,
      workers,
      concurrency,
      requestsPerSecond,
      faultRate: 0.2,
      timeScale,
      kills: false,
      seed: 1400 + workers,
      failEvery: 0,
      deadlineMs: 300_000,
    });
    try {
      const perMinute = (jobs / report.durationMs) * 60_000;
      if (workers === 1) baseline = perMinute;
      const o = outcomes(report);
      const dup = duplicates(report.requests);
      const turns = densestWindow(grants(report));
      const seen = densestWindow(arrivals(report));
      if (dup > 0 || turns > requestsPerSecond || seen > requestsPerSecond) failed = true;
      rows.push([
        mode,
        String(workers),
        (report.durationMs / 1000).toFixed(1),
        perMinute.toFixed(0),
        `${(perMinute / baseline).toFixed(2)}x`,
        pollsPerTask(report).toFixed(2),
        `${turns} / ${requestsPerSecond}`,
        `${seen} / ${requestsPerSecond}`,
        String(dup),
        String(o.completed),
        String(o.uncertain),
        String(o.failed),
      ]);
    } finally {
      await report.cleanup();
    }
  }
}
console.log(
  table(
    [
      'mode',
      'workers',
      'seconds',
      'jobs/min',
      'vs 1 worker',
      'polls/task',
      'turns, densest 1 s',
      'arrivals, densest 1 s',
      'duplicates',
      'completed',
      'uncertain',
      'failed',
    ],
    rows,
  ),
);
console.log(
  '\n"turns": the most turns the shared limiter granted (Redis clock) in any sliding second, ' +
    'against the limit: every request (create, poll, download) waits for one. "arrivals": the ' +
    'most requests the sandbox received in any sliding second, against the limit (a turn ' +
    'counts until its request is answered, so arrivals are held to the limit too). ' +
    '"duplicates": tasks created beyond the first for one job (must be 0). "uncertain": jobs ' +
    'whose create may have made a task that was never confirmed (a fault after the request ' +
    'was sent): not resent, left for a person.',
);
if (failed) {
  console.error('\nFAILED: a duplicate create, or the shared rate exceeded.');
  process.exitCode = 1;
}
