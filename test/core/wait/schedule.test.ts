/**
 * The poll schedule, in virtual time: each test feeds observations with made-up clock
 * values and checks the delays the schedule answers. No timers, no sleeps.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  adaptiveSchedule,
  fixedSchedule,
  withRetryAfter,
  type PollSchedule,
  type PollScheduleOptions,
} from '../../../src/core/wait/schedule.js';
import { STRATEGIES, makeTasks, mulberry32, simulate } from '../../../bench/polling-sim.js';

const noJitter: PollScheduleOptions = { jitter: 0 };

/** Feeds `count` observations of one status, each at the time the previous delay ended. */
function delaysFor(
  schedule: PollSchedule,
  count: number,
  status: string,
  progress?: number | null,
): number[] {
  const delays: number[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const delay = schedule.next({ at, status, progress });
    delays.push(delay);
    at += delay;
  }
  return delays;
}

/**
 * Polls a task that runs from `startAt` to `readyAt` (ms) and reports exact linear progress,
 * with the schedule deciding when; returns the poll times.
 */
function pollLinearTask(schedule: PollSchedule, startAt: number, readyAt: number): number[] {
  const polls: number[] = [];
  let observation = { at: 0, status: 'queued', progress: null as number | null };
  for (;;) {
    const t = observation.at + schedule.next(observation);
    polls.push(t);
    if (t >= readyAt) return polls;
    if (t < startAt) {
      observation = { at: t, status: 'queued', progress: 0 };
    } else {
      const progress = Math.max(1, Math.floor((100 * (t - startAt)) / (readyAt - startAt)));
      observation = { at: t, status: 'processing', progress };
    }
  }
}

describe('adaptiveSchedule', () => {
  test('the first poll comes about a second after creation', () => {
    const delay = adaptiveSchedule({ random: mulberry32(1) }).next({ at: 0, status: 'queued' });
    expect(delay).toBeGreaterThanOrEqual(900);
    expect(delay).toBeLessThanOrEqual(1100);
  });

  test('while queued the interval doubles up to its cap', () => {
    const delays = delaysFor(adaptiveSchedule(noJitter), 10, 'queued', 0);
    expect(delays).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000,
    ]);
  });

  test('while running without progress the interval grows to a lower cap', () => {
    for (const progress of [0, null, undefined]) {
      const delays = delaysFor(adaptiveSchedule(noJitter), 8, 'processing', progress);
      expect(delays).toEqual([1000, 2000, 4000, 4800, 4800, 4800, 4800, 4800]);
    }
  });

  test('a task that starts running after a long queue is polled at the running cap at once', () => {
    const schedule = adaptiveSchedule(noJitter);
    delaysFor(schedule, 8, 'queued', 0);
    expect(schedule.next({ at: 200_000, status: 'processing', progress: 0 })).toBe(4800);
  });

  test('the caps are options', () => {
    const schedule = adaptiveSchedule({ ...noJitter, waitingMaxDelayMs: 3000 });
    expect(delaysFor(schedule, 4, 'pending', 0)).toEqual([1000, 2000, 3000, 3000]);
  });

  test.each([
    [60_000, 150_000],
    [20_000, 500_000],
    [5_000, 45_000],
  ])(
    'with steady progress (start %i ms, done %i ms) the poll lands just after the finish',
    (startAt, readyAt) => {
      const polls = pollLinearTask(adaptiveSchedule(noJitter), startAt, readyAt);
      const last = polls.at(-1)!;
      // Seen done within 1.5 s of being ready: the prediction, not luck (the cap is 10 s).
      expect(last - readyAt).toBeGreaterThanOrEqual(0);
      expect(last - readyAt).toBeLessThanOrEqual(1500);
      // Without polling all the time: fewer than half the polls of a 2 s loop in the last 30 s,
      // and none further apart than 10 s while running.
      expect(polls.filter((t) => t > readyAt - 30_000 && t < readyAt).length).toBeLessThanOrEqual(
        7,
      );
      const running = polls.filter((t) => t > startAt);
      for (let i = 1; i < running.length; i++) {
        expect(running[i]! - running[i - 1]!).toBeLessThanOrEqual(10_000);
      }
    },
  );

  test('a stalled task is not polled every second: it backs off to the no-progress interval', () => {
    const schedule = adaptiveSchedule(noJitter);
    let at = 0;
    let delay = schedule.next({ at, status: 'queued' });
    // 1 % per second up to 50 %, then stuck there.
    for (let i = 0; i < 200; i++) {
      at += delay;
      delay = schedule.next({
        at,
        status: 'processing',
        progress: Math.min(50, Math.floor(at / 1000)),
      });
    }
    expect(delay).toBe(4800);
  });

  test('every delay carries jitter within ±10 %', () => {
    const schedule = adaptiveSchedule({ random: mulberry32(42) });
    const delays = delaysFor(schedule, 200, 'processing', 0).slice(5);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(4800 * 0.9);
      expect(d).toBeLessThanOrEqual(4800 * 1.1);
    }
    expect(new Set(delays).size).toBeGreaterThan(150);
    // Both halves of the range are used: the jitter is symmetric.
    expect(delays.some((d) => d < 4800 * 0.95)).toBe(true);
    expect(delays.some((d) => d > 4800 * 1.05)).toBe(true);
  });

  test('an unknown status counts as running, at the normal interval', () => {
    const unknown = delaysFor(adaptiveSchedule(noJitter), 8, 'rendering', null);
    expect(unknown).toEqual(delaysFor(adaptiveSchedule(noJitter), 8, 'processing', null));
  });

  test('no sequence of observations brings a delay below the floor or above the caps', () => {
    const observation = fc.record({
      dt: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120_000 })),
      status: fc.constantFrom('queued', 'pending', 'submitted', 'processing', 'weird', ''),
      progress: fc.oneof(
        fc.constantFrom(null, undefined, NaN, Infinity, -5, 0, 99, 100, 250),
        fc.integer({ min: 0, max: 100 }),
      ),
    });
    fc.assert(
      fc.property(
        fc.array(observation, { minLength: 1, maxLength: 60 }),
        fc.constantFrom(0, 0.5, 0.999999),
        fc.constantFrom(500, 2000),
        (observations, r, minDelayMs) => {
          const schedule = adaptiveSchedule({ random: () => r, minDelayMs });
          let at = 0;
          for (const o of observations) {
            at += o.dt;
            const delay = schedule.next({ at, status: o.status, progress: o.progress });
            expect(delay).toBeGreaterThanOrEqual(minDelayMs);
            expect(delay).toBeLessThanOrEqual(30_000 * 1.1);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  test('options that would loop or hang are refused', () => {
    expect(() => adaptiveSchedule({ minDelayMs: -1 })).toThrow(RangeError);
    expect(() => adaptiveSchedule({ maxDelayMs: NaN })).toThrow(RangeError);
    expect(() => adaptiveSchedule({ jitter: 2 })).toThrow(RangeError);
  });
});

describe('fixedSchedule', () => {
  test('polls at the interval, with ±10 % jitter', () => {
    const delays = delaysFor(fixedSchedule(2000, { random: mulberry32(7) }), 200, 'processing', 50);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(1800);
      expect(d).toBeLessThanOrEqual(2200);
    }
    expect(new Set(delays).size).toBeGreaterThan(150);
    const mean = delays.reduce((s, d) => s + d, 0) / delays.length;
    expect(Math.abs(mean - 2000)).toBeLessThan(50);
  });

  test('without jitter it is exact, and the floor still applies', () => {
    expect(delaysFor(fixedSchedule(3000, { jitter: 0 }), 3, 'queued')).toEqual([3000, 3000, 3000]);
    expect(fixedSchedule(10, { jitter: 0 }).next({ at: 0, status: 'queued' })).toBe(500);
  });

  test('an interval that is not a duration is refused', () => {
    expect(() => fixedSchedule(-1)).toThrow(RangeError);
    expect(() => fixedSchedule(NaN)).toThrow(RangeError);
  });
});

test('withRetryAfter waits for the later of the schedule and the server', () => {
  expect(withRetryAfter(1000, 30_000)).toBe(30_000);
  expect(withRetryAfter(5000, 2000)).toBe(5000);
  expect(withRetryAfter(5000, undefined)).toBe(5000);
  expect(withRetryAfter(5000, NaN)).toBe(5000);
});

test('benchmark, small run: on linear progress, mean delay ≤ 1 s with ≤ 1/3 the polls of fixed 2 s', () => {
  const tasks = makeTasks({ kind: 'linear', tasks: 150, seed: 99 });
  const byName = (name: string) => STRATEGIES.find((s) => s.name === name)!;
  const adaptive = simulate(byName('adaptive (default)'), tasks, 'linear', { seed: 5 });
  const fixed2 = simulate(byName('fixed 2 s'), tasks, 'linear', { seed: 5 });
  expect(adaptive.meanDelayMs).toBeLessThanOrEqual(1000);
  expect(adaptive.pollsPerTask).toBeLessThanOrEqual(fixed2.pollsPerTask / 3);
});

describe('predict(): the finish the schedule expects, the ETA of every progress report', () => {
  /** Feeds a task queued until 10 s, then running linearly to 100 % at `readyAt`. */
  function feed(schedule: PollSchedule, readyAt: number, until: number) {
    let at = 0;
    let observation = { at, status: 'queued', progress: 0 as number | null };
    while (at < until) {
      at += schedule.next(observation);
      const running = at >= 10_000;
      observation = {
        at,
        status: running ? 'processing' : 'queued',
        progress: running ? Math.floor((100 * (at - 10_000)) / (readyAt - 10_000)) : 0,
      };
    }
    schedule.next(observation);
    return observation;
  }

  test('none while the task is queued or reports no progress', () => {
    const schedule = adaptiveSchedule(noJitter);
    delaysFor(schedule, 4, 'queued', 0);
    expect(schedule.predict()).toBeUndefined();
    delaysFor(schedule, 4, 'processing', null);
    expect(schedule.predict()).toBeUndefined();
  });

  test.each([
    ['adaptive', () => adaptiveSchedule(noJitter)],
    ['fixed 5 s', () => fixedSchedule(5000, { jitter: 0 })],
  ])('%s: close to the real finish once progress moves', (_, make) => {
    const schedule = make();
    const readyAt = 130_000;
    const seen = feed(schedule, readyAt, 70_000);
    expect(seen.progress).toBeGreaterThan(40);
    const prediction = schedule.predict();
    expect(prediction).toBeDefined();
    expect(Math.abs(prediction!.finishAt - readyAt)).toBeLessThan(3000);
    expect(prediction!.sigma).toBeGreaterThan(0);
  });
});
