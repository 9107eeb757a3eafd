/** A virtual clock: sleeping advances time at once, and every sleep is recorded. */
import type { Clock } from '../../src/index.js';

export interface VirtualClock extends Clock {
  /** Every sleep requested, in ms, in order. */
  readonly sleeps: number[];
  advance(ms: number): void;
}

export function virtualClock(start = Date.UTC(2026, 10, 27)): VirtualClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      // A positive wait shorter than a millisecond lasts one, as Node's timers do. Adding
      // it as is could leave `now` unchanged (1.8e12 + 3e-5 rounds back to 1.8e12): a
      // loop sleeping until a moment just ahead would then spin forever in virtual time.
      now += ms > 0 && ms < 1 ? 1 : ms;
      // Let I/O in flight make progress, as a real sleep would.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw signal.reason;
    },
  };
}
