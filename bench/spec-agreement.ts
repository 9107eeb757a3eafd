/**
 * The SDK and the spec agree, at scale: runs the property test of
 * test/core/request/spec-agreement.test.ts (prepare accepts exactly what the spec's JSON Schema
 * accepts, and what it sends is valid) at 10,000 generated bodies instead of CI's 3,000.
 * Exits non-zero when the property fails.
 *
 *   node scripts/run-ts.mjs bench/spec-agreement.ts [--runs 10000]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEST = 'test/core/request/spec-agreement.test.ts';

const i = process.argv.indexOf('--runs');
const runs = i >= 0 && Number(process.argv[i + 1]) > 0 ? Number(process.argv[i + 1]) : 10_000;

const started = performance.now();
const run = spawnSync(
  process.execPath,
  [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', TEST, '--reporter=verbose'],
  {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SPEC_AGREEMENT_RUNS: String(runs), NO_COLOR: '1', FORCE_COLOR: '0' },
  },
);
const seconds = (performance.now() - started) / 1000;
const output = `${run.stdout}${run.stderr}`;
const passed = run.status === 0;

console.log(`Spec agreement: ${TEST} at ${runs} cases (SPEC_AGREEMENT_RUNS)\n`);
// The test's own line (with its duration) and vitest's summary.
for (const line of output.split('\n'))
  if (/✓|×|✗|FAIL|Tests |Duration /.test(line)) console.log(`    ${line.trim()}`);
if (!passed) console.log(`\n${output.slice(-4000)}`);
console.log(
  `\nResult: ${passed ? 'passed' : 'FAILED'} in ${seconds.toFixed(1)} s (vitest start-up included).`,
);
if (!passed) process.exitCode = 1;
