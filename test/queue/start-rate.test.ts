/**
 * The rate at the start: four worker processes start at once, each taking many jobs,
 * under one shared rate. A turn granted while a process is still cold (its first fetch,
 * its first claim) can reach the API late; counted only from its grant, it lands in the
 * same second as the next window's turns. Counted until its request is answered, it
 * cannot: the densest sliding second AT THE API stays within the limit.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RunReport, runQueue } from './harness.js';
import { arrivals, densestWindow, duplicates, grants } from './metrics.js';

const RATE = 50;
const SEED = Number(process.env.QUEUE_SEED ?? 20261207);
let report: RunReport;

beforeAll(async () => {
  report = await runQueue({
    jobs: 120,
    workers: 4,
    concurrency: 15,
    requestsPerSecond: RATE,
    faultRate: 0,
    timeScale: 0.1,
    kills: false,
    seed: SEED,
    failEvery: 0,
    deadlineMs: 90_000,
  });
}, 100_000);
afterAll(async () => report?.cleanup());

test('the densest sliding second at the API stays within the limit, start-up included', () => {
  const seen = arrivals(report);
  const first = Math.min(...seen);
  const startUp = seen.filter((t) => t < first + 3000);
  console.log(
    `seed ${SEED}: ${report.requests.length} requests in ${(report.durationMs / 1000).toFixed(1)} s; ` +
      `densest second: ${densestWindow(grants(report))} turns, ${densestWindow(seen)} arrivals ` +
      `(first 3 s: ${densestWindow(startUp)}); limit ${RATE}`,
  );
  expect(report.jobs.every((j) => j.outcome === 'completed')).toBe(true);
  expect(duplicates(report.requests)).toBe(0);
  // The limit binds (the rate, not the jobs, sets the pace)...
  expect(densestWindow(seen)).toBeGreaterThanOrEqual(RATE * 0.8);
  // ...and no sliding second at the API holds more than the limit: not at start-up,
  // not later. (The sandbox stamps arrivals in this process; the limiter's 100 ms
  // margin covers its event loop's delays in stamping them.)
  expect(densestWindow(startUp)).toBeLessThanOrEqual(RATE);
  expect(densestWindow(seen)).toBeLessThanOrEqual(RATE);
});
