/**
 * Response fuzzing at scale (see response-fuzz-run.ts): many random, mostly broken
 * answers to `retrieve` and `create`; prints how each case ended, by operation, and every
 * case that broke the contract (untyped error, hang, a task the spec refuses). Exits
 * non-zero when any did.
 *
 *   node scripts/run-ts.mjs bench/response-fuzz.ts [--cases 3000] [--seed 20261127]
 */
import fc from 'fast-check';
import {
  type CaseOutcome,
  describeCase,
  type FuzzCase,
  fuzzCase,
  runCase,
  startFuzzServer,
} from './response-fuzz-run.js';
import { table } from './table.js';

function argument(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

const cases = argument('cases') ?? 3000;
const seed = argument('seed') ?? 20261127;
const started = performance.now();

const server = await startFuzzServer();
const results: Array<{ c: FuzzCase; outcome: CaseOutcome }> = [];
try {
  for (const c of fc.sample(fuzzCase, { numRuns: cases, seed }))
    results.push({ c, outcome: await runCase(server, c) });
} finally {
  await server.close();
}

const kinds = [...new Set(results.map((r) => r.outcome.kind))].sort((a, b) =>
  a === 'task' ? -1 : b === 'task' ? 1 : a.localeCompare(b),
);
const count = (op: string, kind: string) =>
  results.filter((r) => r.c.operation === op && r.outcome.kind === kind).length;
const rows = kinds.map((kind) => [
  kind === 'task' ? 'returned a task' : kind,
  String(count('retrieve', kind)),
  String(count('create', kind)),
]);
const problems = results.filter((r) => r.outcome.problem !== undefined);
const refused = results.filter((r) => r.outcome.refusedValid);
const ops = (op: string) => String(results.filter((r) => r.c.operation === op).length);

console.log(
  `Response fuzz: ${cases} cases (fast-check, seed ${seed}), maxRetries 1, answers served by the sandbox (its reply fault)\n`,
);
console.log(
  table(
    ['outcome', 'retrieve', 'create'],
    [
      ['cases', ops('retrieve'), ops('create')],
      ...rows,
      [
        'contract broken (untyped, hung, bad task)',
        String(problems.filter((r) => r.c.operation === 'retrieve').length),
        String(problems.filter((r) => r.c.operation === 'create').length),
      ],
      [
        'returned a task with another task_id than asked',
        String(results.filter((r) => r.outcome.otherTaskId).length),
        '',
      ],
      [
        'spec-valid success answer refused',
        String(refused.filter((r) => r.c.operation === 'retrieve').length),
        String(refused.filter((r) => r.c.operation === 'create').length),
      ],
    ],
  ),
);

const byProblem = new Map<string, FuzzCase>();
for (const r of problems) {
  const key = `${r.c.operation}: ${r.outcome.problem!.replace(/\d+/g, 'N').slice(0, 120)}`;
  if (!byProblem.has(key)) byProblem.set(key, r.c);
}
if (byProblem.size) {
  console.log(`\nContract broken (${problems.length} cases; one example per kind):`);
  for (const [key, c] of byProblem) console.log(`- ${key}\n  case: ${describeCase(c)}`);
}
if (refused.length) {
  // Not a broken contract (the error is typed), but a disagreement with the spec: by reason.
  const reasons = new Map<string, number>();
  for (const r of refused) {
    const why = /does not match the API spec \(([^)]*)\)/.exec(r.outcome.message ?? '')?.[1];
    const key = `${r.c.operation} → ${r.outcome.kind}: ${why ?? r.outcome.message?.slice(0, 100)}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  console.log(`\nSpec-valid success answers the SDK refused (${refused.length}), by reason:`);
  for (const [why, n] of reasons) console.log(`- ${n} × ${why}`);
}
console.log(
  `\nContract: ${problems.length === 0 ? 'held in every case' : `BROKEN in ${problems.length} cases`}.`,
);
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s of real time)`);
if (problems.length) process.exitCode = 1;
