/**
 * waitMany under a rate cap: 1,000 sandbox tasks waited for at 10 requests/second, in
 * virtual time shared by the client and the sandbox, on real HTTP over loopback.
 *
 * The virtual clock stands still while a request is in flight: sleeping first lets every
 * request in flight be answered (and its body read), then advances. Requests so take no
 * virtual time, and the sandbox answers each poll at the very instant the client started
 * it (without that, a poll could reach the sandbox after the scheduler had already moved
 * the clock on: the skew test/core/wait/wait-many.test.ts describes). Poll start times are
 * recorded on the client side by a counting fetch wrapper, and checked against the
 * sandbox's arrival times.
 *
 * "Windows over the limit" counts aligned 1 s windows with more than the limit's polls;
 * "over a sliding limiter" counts the polls a service limiting to N per any 1 s would
 * have refused with a 429. Both should be 0.
 *
 *   node scripts/run-ts.mjs bench/wait-many.ts [--tasks 1000] [--rps 10]
 */
import { loadavg } from 'node:os';
import { type Clock, Omni } from '../src/index.js';
import { startSandbox } from '../src/sandbox/index.js';
import { quantile, table, verdict } from './table.js';
import { numberArgument } from './args.js';

const KEY = 'sk_bench_wait_many_0123456789';

/** A virtual clock that stands still while requests made through `fetch` are in flight. */
function frozenWhileInFlight(start: number) {
  let now = start;
  const inFlight = new Set<Promise<unknown>>();
  const clock: Clock = {
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      // Let every request in flight finish before time moves, and let their callers run
      // (they may abort this sleep: a task became due sooner). A poll just started reaches
      // fetch a few microtasks later: go round until a turn of the loop starts none.
      do {
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        await new Promise((resolve) => setImmediate(resolve));
      } while (inFlight.size > 0);
      if (signal?.aborted) throw signal.reason;
      now += ms;
    },
  };
  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise)).catch(() => undefined);
    return promise;
  };
  return { clock, track };
}

const tasks = numberArgument('tasks', { positive: true }) ?? 1000;
const rps = numberArgument('rps', { positive: true }) ?? 10;
const queueMs = numberArgument('queue-ms', { positive: true }) ?? 10_000;
const runMs = numberArgument('run-ms', { positive: true }) ?? 180_000;
const started = performance.now();

const T0 = Date.UTC(2026, 10, 27);
const { clock, track } = frozenWhileInFlight(T0);
const sandbox = await startSandbox({ now: clock.now, seed: 20261127, jitter: 0.5, queueMs, runMs });
try {
  const pollStarts: number[] = [];
  // Counts polls on the client's clock, and reads each answer whole before time moves on.
  const counting: typeof fetch = (input, init) => {
    const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
    if (method === 'GET') pollStarts.push(clock.now());
    return track(
      fetch(input, init).then(async (response) => {
        const body = await response.arrayBuffer();
        return new Response(body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      }),
    );
  };
  const omni = new Omni({ apiKey: KEY, baseUrl: sandbox.url, clock, fetch: counting });

  const ids: string[] = [];
  for (let i = 0; i < tasks; i++)
    ids.push((await omni.videos.create({ model: 'Gemini-Omini', prompt: `task ${i}` })).task_id);
  const seenAt = new Map<string, number>();
  const outcomes = await omni.videos.waitMany(ids, {
    maxRequestsPerSecond: rps,
    onProgress: (task) => {
      if (task.status === 'completed' && !seenAt.has(task.task_id))
        seenAt.set(task.task_id, clock.now());
    },
  });
  const elapsedVirtual = clock.now() - T0;

  // Rate: aligned windows, and a sliding limiter's refusals.
  const perWindow = new Map<number, number>();
  for (const t of pollStarts) {
    const w = Math.floor((t - T0) / 1000);
    perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
  }
  const windowsOver = [...perWindow.values()].filter((n) => n > rps).length;
  let maxSliding = 0;
  let refused = 0;
  for (let i = 0, lo = 0; i < pollStarts.length; i++) {
    while (pollStarts[lo]! <= pollStarts[i]! - 1000) lo++;
    const inWindow = i - lo + 1; // polls in (t - 1 s, t], this one included
    maxSliding = Math.max(maxSliding, inWindow);
    if (inWindow > rps) refused++;
  }
  const arrivals = sandbox.requests.filter((r) => r.route === 'retrieve').map((r) => r.time);
  const skew = Math.max(0, ...arrivals.map((t, i) => Math.abs(t - (pollStarts[i] ?? t))));

  // Detection delay: the task's end on the sandbox → the client saw it completed.
  const delays = ids.flatMap((id) => {
    const seen = seenAt.get(id);
    const task = sandbox.task(id);
    return seen === undefined || !task ? [] : [seen - task.endsAtMs];
  });
  const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
  const completed = outcomes.filter((o) => o.status === 'completed').length;
  const s = (ms: number) => (ms / 1000).toFixed(2);

  console.log(
    `waitMany: ${tasks} tasks, maxRequestsPerSecond ${rps}, sandbox queue ${queueMs / 1000} s + run ` +
      `${runMs / 1000} s (±50 %), all created at once; virtual time, real HTTP on loopback. ` +
      `Load average: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}\n`,
  );
  console.log(
    table(
      ['measure', 'value'],
      [
        ['tasks (completed)', `${tasks} (${completed})`],
        ['requests sent (polls)', String(pollStarts.length)],
        ['polls per task', (pollStarts.length / tasks).toFixed(2)],
        ['virtual time to the last outcome', `${s(elapsedVirtual)} s`],
        ['mean rate', `${((pollStarts.length / elapsedVirtual) * 1000).toFixed(2)} req/s`],
        ['max polls in any 1 s window (sliding)', String(maxSliding)],
        [`aligned 1 s windows over ${rps}`, String(windowsOver)],
        [`polls a ${rps}/s sliding limiter would refuse (429s)`, String(refused)],
        ['sandbox arrival vs client start, max skew', `${skew} ms`],
        ['detection delay, mean', `${s(mean)} s`],
        ['detection delay, p95', `${s(quantile(delays, 0.95))} s`],
        ['detection delay, max', `${s(Math.max(...delays))} s`],
      ],
    ),
  );
  console.log(
    `\nTarget: 0 windows over the limit: ${verdict(windowsOver === 0 && refused === 0)} ` +
      `(${windowsOver} aligned, ${refused} sliding). A lower bound for context: one poll of ` +
      `every task takes ${s((tasks / rps) * 1000)} s at ${rps}/s.`,
  );
} finally {
  await sandbox.close();
}
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s of real time)`);
