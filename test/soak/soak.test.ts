/**
 * A small fault-injection soak (bench/soak.ts runs it large): generate() under random
 * faults of every kind settles every call, fails only with typed errors, never creates a
 * task twice and never loses one.
 */
import { expect, test } from 'vitest';
import { formatSoak, runSoak } from '../../bench/soak-run.js';

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
