/**
 * When a wait's next poll may start. One wait sleeps on the clock until its poll is due;
 * many waits (`waitMany`) share one pacer that starts polls at most `maxRequestsPerSecond`,
 * evenly spaced (no bursts), always serving the poll that has been due longest. The pacer
 * is the only thing that sleeps on the clock for them: with a virtual clock, one sleeper
 * keeps virtual time in order, where many would each push it on.
 */
import type { Clock } from '../clock.js';

/**
 * Gates the start of each poll of a wait.
 *
 * @example
 * const pacer = sharedPacer(clock, 5); // 5 polls a second over every wait that uses it
 * await pacer.until(clock.now() + 2000, deadline, signal); // then poll
 */
export interface Pacer {
  /**
   * Resolves once a poll due at `at` may start (`at` or later), or at `deadline`, whichever
   * comes first; rejects with the signal's reason as soon as `signal` aborts. Reaching the
   * deadline takes no slot from the rate.
   */
  until(at: number, deadline: number, signal?: AbortSignal): Promise<void>;
}

/**
 * A pacer for one wait: it sleeps until the poll is due, nothing more.
 *
 * @example
 * await directPacer(systemClock).until(Date.now() + 1000, Date.now() + 60_000); // about 1 s
 */
export function directPacer(clock: Clock): Pacer {
  return {
    until: (at, deadline, signal) =>
      clock.sleep(Math.max(0, Math.min(at, deadline) - clock.now()), signal),
  };
}

interface Entry {
  at: number;
  deadline: number;
  /** Order of arrival: among polls due at the same time, the first to ask goes first. */
  seq: number;
  signal: AbortSignal | undefined;
  resolve(): void;
  reject(reason: unknown): void;
}

/**
 * A pacer shared by many waits: poll starts at least `1000 / maxRequestsPerSecond` ms
 * apart, each given to the poll that is due first. One loop sleeps on the clock for all.
 *
 * @example
 * const pacer = sharedPacer(systemClock, 10);
 * await Promise.all(ids.map((id) => waitForTask(id, { ...ctx, pacer })));
 */
export function sharedPacer(clock: Clock, maxRequestsPerSecond: number): Pacer {
  const spacingMs = 1000 / maxRequestsPerSecond;
  const queue = new Set<Entry>();
  let seq = 0;
  let nextStart = -Infinity;
  let driving = false;
  // A poll was released since the loop last let time move.
  let released = false;
  // Interrupts the loop's sleep when a poll arrives that is due sooner than the one it waits for.
  let wake: { at: number; controller: AbortController } | undefined;

  /** When `entry` would be released: at its turn, or at its deadline if that comes first. */
  const releaseAt = (entry: Entry) => Math.min(Math.max(entry.at, nextStart), entry.deadline);
  const first = () => {
    let best: Entry | undefined;
    for (const entry of queue) {
      if (best === undefined) best = entry;
      else {
        const a = releaseAt(entry);
        const b = releaseAt(best);
        // Equal release times (both wait for the same slot): the one due longest goes first.
        if (
          a < b ||
          (a === b && (entry.at < best.at || (entry.at === best.at && entry.seq < best.seq)))
        )
          best = entry;
      }
    }
    return best;
  };

  async function drive(): Promise<void> {
    driving = true;
    try {
      for (let entry = first(); entry !== undefined; entry = first()) {
        const at = releaseAt(entry);
        if (released && at > clock.now()) {
          // Let the polls just released start before time moves on: a virtual clock moves
          // at the call of sleep, and a poll would otherwise start at the next one's time.
          released = false;
          await clock.sleep(0).catch(() => undefined);
          continue;
        }
        const now = clock.now();
        if (at > now) {
          const controller = new AbortController();
          wake = { at, controller };
          await clock.sleep(at - now, controller.signal).catch(() => undefined);
          wake = undefined;
          // Woken early: look again, a sooner poll may have arrived.
          if (clock.now() < at) continue;
        }
        queue.delete(entry);
        // A poll released for its deadline takes no slot: it will not be sent.
        if (Math.max(entry.at, nextStart) <= entry.deadline)
          nextStart = Math.max(at, clock.now()) + spacingMs;
        entry.resolve();
        released = true;
      }
    } finally {
      driving = false;
    }
  }

  // One abort listener per signal, not per waiting poll: the waits of a waitMany share
  // one signal, and a thousand listeners on it would each cost and warn.
  const bySignal = new Map<AbortSignal, { entries: Set<Entry>; onAbort: () => void }>();
  const listen = (entry: Entry) => {
    const signal = entry.signal;
    if (!signal) return;
    let group = bySignal.get(signal);
    if (!group) {
      const entries = new Set<Entry>();
      const onAbort = () => {
        bySignal.delete(signal);
        for (const e of entries) {
          queue.delete(e);
          e.reject(signal.reason);
        }
        // The loop may be asleep for one of them: wake it, so that no timer outlives the waits.
        wake?.controller.abort();
      };
      group = { entries, onAbort };
      bySignal.set(signal, group);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    group.entries.add(entry);
  };
  const unlisten = (entry: Entry) => {
    const group = entry.signal && bySignal.get(entry.signal);
    if (!group || !entry.signal) return;
    group.entries.delete(entry);
    if (group.entries.size === 0) {
      entry.signal.removeEventListener('abort', group.onAbort);
      bySignal.delete(entry.signal);
    }
  };

  return {
    until(at, deadline, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const entry: Entry = {
          at,
          deadline,
          seq: seq++,
          signal,
          resolve: () => {
            unlisten(entry);
            resolve();
          },
          reject,
        };
        listen(entry);
        queue.add(entry);
        if (!driving) void drive();
        else if (wake && releaseAt(entry) < wake.at) wake.controller.abort();
      });
    },
  };
}
