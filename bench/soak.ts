/**
 * The fault-injection soak, large: `omni.videos.generate()` calls against a sandbox
 * injecting random faults of every kind (see soak-run.ts for what must hold). Exits
 * non-zero when an invariant breaks.
 *
 * Then once per fault kind alone (downloads included), as one table.
 *
 *   node scripts/run-ts.mjs bench/soak.ts [--calls 500] [--rate 0.2] [--seed 20261127]
 *     [--kind-calls 60] [--kind-rate 0.3]
 */
import { formatPerKind, formatSoak, runSoak, runSoakPerKind, soakPassed } from './soak-run.js';

function argument(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

const calls = argument('calls') ?? 500;
const faultRate = argument('rate') ?? 0.2;
const seed = argument('seed') ?? 20261127;

const result = await runSoak({ calls, faultRate, seed, watchdogMs: 120_000 });
console.log(
  `Soak: ${calls} generate() calls, 8 at a time, fault rate ${faultRate} over every kind ` +
    `(hang included), seed ${seed}; request timeout 500 ms, maxRetries 2, clock ×50\n`,
);
console.log(formatSoak(result));
const passed = soakPassed(result);
console.log(`\nInvariants: ${passed ? 'all held' : 'BROKEN'}.`);
console.log(`(${(result.elapsedMs / 1000).toFixed(1)} s of real time)`);

// Each fault kind alone, on every route it applies to, each finished video downloaded.
const perKindCalls = argument('kind-calls') ?? 60;
const perKindRate = argument('kind-rate') ?? 0.3;
const perKind = await runSoakPerKind({ calls: perKindCalls, faultRate: perKindRate, seed });
console.log(
  `\nEach fault kind alone: ${perKindCalls} generate() + download() calls per kind, fault rate ` +
    `${perKindRate} on create, retrieve and media; req/s is the sandbox's peak over any second ` +
    'of the shared clock (8 calls in flight)\n',
);
console.log(formatPerKind(perKind));
const allKindsPassed = perKind.every(({ result }) => soakPassed(result));
console.log(`\nPer kind: ${allKindsPassed ? 'all held' : 'BROKEN'}.`);
if (!passed || !allKindsPassed) process.exitCode = 1;
