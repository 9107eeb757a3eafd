#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: every benchmark in turn, each through scripts/run-ts.mjs, under a
 * header. A bench that fails (a broken invariant, a crash) does not stop the others; the
 * exit code says whether all passed. Missed performance targets are printed, not failed.
 *
 *   node scripts/bench.mjs            # all
 *   node scripts/bench.mjs soak size  # some, by name
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const BENCHES = [
  'polling',
  'eta',
  'overhead',
  'size',
  'startup',
  'wait-many',
  'soak',
  'spec-agreement',
  'response-fuzz',
  'resume',

  'storm',
];
const chosen = process.argv.length > 2 ? process.argv.slice(2) : BENCHES;
for (const name of chosen)
  if (!BENCHES.includes(name)) {
    console.error(`unknown bench "${name}"; one of: ${BENCHES.join(', ')}`);
    process.exit(2);
  }

const started = performance.now();
console.log(
  `Benchmarks, ${new Date().toISOString()}: Node ${process.version}, ${process.arch}, ` +
    `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
);
const results = [];
for (const name of chosen) {
  console.log(`\n${'='.repeat(78)}\n== bench/${name}.ts\n${'='.repeat(78)}\n`);
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [join(root, 'scripts/run-ts.mjs'), `bench/${name}.ts`], {
    cwd: root,
    stdio: 'inherit',
  });
  const seconds = (performance.now() - t0) / 1000;
  results.push({ name, status: run.status ?? 1, seconds });
}

console.log(`\n${'='.repeat(78)}\n== Summary\n${'='.repeat(78)}\n`);
for (const { name, status, seconds } of results)
  console.log(
    `${status === 0 ? 'ok    ' : 'FAILED'}  ${name.padEnd(16)} ${seconds.toFixed(1).padStart(6)} s`,
  );
const total = (performance.now() - started) / 1000;
console.log(`\nTotal: ${total.toFixed(1)} s`);
if (results.some((r) => r.status !== 0)) process.exitCode = 1;
