/**
 * A small fault-injection soak (bench/soak.ts runs it large): generate() under random
 * faults of every kind settles every call, fails only with typed errors, never creates a
 * task twice and never loses one.
 */
import { expect, test } from 'vitest';
import {
  formatPerKind,
  formatSoak,
  runSoak,
  runSoakPerKind,
  soakPassed,
} from '../../bench/soak-run.js';

test('generate() under random faults of every kind: settled, typed, no duplicate, no orphan', async () => {
  const r = await runSoak({ calls: 40, faultRate: 0.25, seed: 7, watchdogMs: 12_000 });
  const tally = formatSoak(r);
  expect(r.pending, tally).toEqual([]);
  expect(r.settled, tally).toBe(40);
  expect(r.untyped, tally).toEqual([]);
  expect(r.unhandledRejections, tally).toBe(0);
  expect(r.duplicates, tally).toEqual([]);
  expect(r.orphans, tally).toEqual([]);
  expect(r.mismatched, tally).toEqual([]);
  // The faults were really applied, and of several kinds.
  const faulted = Object.values(r.faults).reduce((a, b) => a + b, 0);
  expect(faulted, tally).toBeGreaterThan(10);
  expect(Object.keys(r.faults).length, tally).toBeGreaterThanOrEqual(6);
  expect(r.succeeded, tally).toBeGreaterThan(0);
}, 20_000);

test('each fault kind learned from hostile servers, alone, downloads included: every promise holds', async () => {
  const results = await runSoakPerKind(
    { calls: 16, faultRate: 0.3, seed: 11, watchdogMs: 12_000 },
    [
      'auth-error-200',
      'bad-request-200',
      'auth-echo',
      'redirect-loop',
      'wrong-content-type',
      'retry-after-bogus',
      'status-case',
    ],
  );
  const tally = formatPerKind(results);
  for (const { kind, result } of results) {
    expect(soakPassed(result), `${kind}\n${tally}\n${formatSoak(result)}`).toBe(true);
    expect(result.faults[kind] ?? 0, `${kind} never struck\n${tally}`).toBeGreaterThan(0);
    expect(result.downloaded, `${kind}: no video downloaded\n${tally}`).toBeGreaterThan(0);
  }
}, 120_000);

test('the faults of the second hostile round (a failure reason 5,000 levels deep, an answer over 1 MiB), alone: 0 lost, 0 raw errors, 0 unsettled', async () => {
  const results = await runSoakPerKind(
    { calls: 16, faultRate: 0.3, seed: 19, watchdogMs: 12_000 },
    ['deep-json', 'huge-answer'],
  );
  const tally = formatPerKind(results);
  for (const { kind, result } of results) {
    expect(result.pending, `${kind}\n${tally}`).toEqual([]);
    expect(result.untyped, `${kind}\n${tally}`).toEqual([]);
    expect(result.orphans, `${kind}\n${tally}`).toEqual([]);
    expect(soakPassed(result), `${kind}\n${tally}\n${formatSoak(result)}`).toBe(true);
    expect(result.faults[kind] ?? 0, `${kind} never struck\n${tally}`).toBeGreaterThan(0);
  }
}, 120_000);
