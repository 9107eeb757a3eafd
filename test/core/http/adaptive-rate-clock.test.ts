/**
 * Promise: adaptive pacing waits in whole milliseconds, so a clock of the caller's
 * (`new Omni({ clock })`) that keeps epoch milliseconds in a float cannot make it spin.
 * At 1.8e12 ms, adding a sleep of a few hundredths of a millisecond leaves the reading
 * unchanged (the float's precision there is about 2e-4 ms): the drain used to sleep such
 * fractions again and again, and on a virtual clock nothing else moved time on.
 */
import { expect, test } from 'vitest';
import { AdaptiveRate } from '../../../src/core/http/adaptive-rate.js';
import type { Clock } from '../../../src/core/clock.js';

/** A virtual clock at today's epoch that adds each sleep as it is, in float. */
function floatEpochClock() {
  let now = 1.8e12;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      // A way out for the old behaviour, so the test fails instead of hanging.
      now += sleeps.length > 10_000 ? 1 : ms;
    },
  };
  return { clock, sleeps };
}

test('paced requests take a bounded number of sleeps on a float epoch clock', async () => {
  const { clock, sleeps } = floatEpochClock();
  const rate = new AdaptiveRate(clock);
  // Many requests, then throttling answers: pacing turns on at a measured rate.
  for (let i = 0; i < 200; i++) await rate.acquire();
  for (let i = 0; i < 3; i++) rate.answered(true);
  for (let i = 0; i < 20; i++) await rate.acquire();
  expect(rate.rate).toBeLessThan(Number.POSITIVE_INFINITY);
  expect(sleeps.length).toBeGreaterThan(0);
  expect(sleeps.length).toBeLessThan(200);
  for (const ms of sleeps) expect(ms).toBeGreaterThanOrEqual(1);
});
