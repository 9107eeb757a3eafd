/**
 * The fault-injection soak, shared by bench/soak.ts (large) and test/core/soak.test.ts
 * (small): N `omni.videos.generate()` calls, a few at a time, against a sandbox that
 * injects a random fault (every kind, `hang` included) into a share of the requests.
 *
 * What must hold, whatever the faults:
 * - every call settles (a watchdog stops the run and names the calls still pending);
 * - every failure is an OmniError, and no promise rejection goes unhandled;
 * - no task is created twice for one call (each prompt carries a marker, `soak#17`);
 * - every task created is returned, or named by the call's error (`err.taskId`), unless
 *   the call ended in CreateUncertainError (the SDK says it cannot know: counted apart);
 * - a returned task is the call's own.
 *
 * Time: the client and the sandbox share a clock that runs `speed` times faster than
 * real time, so backoffs, Retry-After waits and the adaptive schedule play out in full,
 * quickly. Request timeouts (a `hang`) and the `slow` fault's delay are real time.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { type Clock, CreateUncertainError, Omni, OmniError } from '../src/index.js';
import {
  FAULT_KINDS,
  type FaultKind,
  type FaultRoute,
  PROMPT_MARKERS,
  startSandbox,
} from '../src/sandbox/index.js';
import { mulberry32 } from '../src/sandbox/random.js';
import { systemClock } from '../src/core/clock.js';
import { table } from './table.js';

/** Options of {@link runSoak}. */
export interface SoakOptions {
  /** How many `generate()` calls. */
  calls: number;
  /** The share of requests (create and retrieve) hit by a random fault, 0..1. */
  faultRate: number;
  /** Seeds the sandbox (faults, ids, timings) and the client's jitter. */
  seed: number;
  /** Calls in flight at once. @default 8 */
  concurrency?: number;
  /** Virtual ms per real ms of the shared clock. @default 50 */
  speed?: number;
  /** The client's per-request timeout, real ms: how long a `hang` lasts. @default 500 */
  requestTimeoutMs?: number;
  /** Every n-th call asks for a task that fails (`[fail]`). @default 10 */
  failEvery?: number;
  /** Real ms after which the run is stopped and pending calls are reported. @default 60000 */
  watchdogMs?: number;
  /** The fault kinds drawn from. @default every kind (`reply` needs a script, so it never strikes) */
  kinds?: FaultKind[];
  /** The routes faults hit. @default ['create', 'retrieve'] */
  routes?: FaultRoute[];
  /**
   * Download each finished video into a temporary folder (each download cut off after
   * 3 s of real time), to count the files a failure leaves behind. @default false
   */
  download?: boolean;
}

/** How one call ended. */
export interface CallOutcome {
  index: number;
  prompt: string;
  taskId?: string;
  error?: unknown;
}

/** The soak's tally. */
export interface SoakResult {
  calls: number;
  settled: number;
  succeeded: number;
  /** Failures by error class (`err.name`; untyped ones as `untyped <constructor>`). */
  failedByClass: Record<string, number>;
  /** Failures that are not OmniError, described. */
  untyped: string[];
  /** Calls the watchdog found still pending (they hung). */
  pending: number[];
  unhandledRejections: number;
  tasksCreated: number;
  /** Prompts with more than one task. */
  duplicates: string[];
  /** Tasks named nowhere (not returned, not in an error), outside CreateUncertainError calls. */
  orphans: string[];
  /** Calls whose returned task is not the one created for them. */
  mismatched: number[];
  /** CreateUncertainError calls whose task exists / does not. */
  uncertainWithTask: number;
  uncertainWithoutTask: number;
  requests: number;
  /** The most requests the sandbox received within one second of the shared clock. */
  peakRequestsPerSecond: number;
  /** Requests a fault hit, by kind. */
  faults: Record<string, number>;
  /** Videos saved, when `download` is on. */
  downloaded: number;
  /** Files in the download folder that are not a finished download (partial files). */
  filesLeft: string[];
  /** Errors whose message, stack, JSON or util.inspect holds the API key. */
  keyLeaks: number;
  /** Uncaught exceptions while the soak ran. */
  uncaughtExceptions: number;
  elapsedMs: number;
}

const KEY = 'sk_soak_0123456789';
const MARKER = /soak#(\d+)(?!\d)/;

/** A clock `speed` times faster than real time, shared by the client and the sandbox. */
export function fastClock(speed: number, start = Date.UTC(2026, 10, 27)): Clock {
  const origin = performance.now();
  return {
    now: () => start + Math.floor((performance.now() - origin) * speed),
    sleep: (ms, signal) => systemClock.sleep(ms / speed, signal),
  };
}

const describe = (error: unknown) =>
  error instanceof Error ? `${error.constructor.name}: ${error.message}` : JSON.stringify(error);

/** Runs the soak; never throws for what the SDK does (the tally says it). */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const { calls, faultRate, seed } = options;
  const concurrency = options.concurrency ?? 8;
  const speed = options.speed ?? 50;
  const failEvery = options.failEvery ?? 10;
  const started = performance.now();

  let unhandledRejections = 0;
  const onUnhandled = () => void unhandledRejections++;
  process.on('unhandledRejection', onUnhandled);
  let uncaughtExceptions = 0;
  const onUncaught = () => void uncaughtExceptions++;
  process.on('uncaughtException', onUncaught);
  const dir = options.download ? await mkdtemp(join(tmpdir(), 'omni-soak-')) : undefined;
  const saved = new Set<string>();

  const clock = fastClock(speed);
  const sandbox = await startSandbox({
    now: clock.now,
    seed,
    jitter: 0.3,
    queueMs: 1000,
    runMs: 5000,
    faults: {
      rate: faultRate,
      kinds: [...(options.kinds ?? FAULT_KINDS)],
      routes: options.routes ?? ['create', 'retrieve'],
      // Real ms: below the request timeout, so `slow` answers arrive (`hang` covers the rest).
      delayMs: 100,
    },
  });
  const omni = new Omni({
    apiKey: KEY,
    baseUrl: sandbox.url,
    clock,
    random: mulberry32(seed),
    timeoutMs: options.requestTimeoutMs ?? 500,
    maxRetries: 2,
  });

  const outcomes: (CallOutcome | undefined)[] = Array.from({ length: calls }, () => undefined);
  const stop = new AbortController();
  let next = 0;
  const worker = async () => {
    while (next < calls && !stop.signal.aborted) {
      const index = next++;
      const prompt = `soak#${index} a red fox in fresh snow${index % failEvery === failEvery - 1 ? ` ${PROMPT_MARKERS.fail}` : ''}`;
      try {
        const task = await omni.videos.generate(
          { model: 'Gemini-Omini', prompt },
          { signal: stop.signal },
        );
        outcomes[index] = { index, prompt, taskId: task.task_id };
        if (dir) {
          const path = join(dir, `soak-${index}.mp4`);
          const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(3000)]);
          await omni.videos.download(task, path, { signal }).then(
            () => saved.add(`soak-${index}.mp4`),
            (error: unknown) => {
              outcomes[index] = { index, prompt, taskId: task.task_id, error };
            },
          );
        }
      } catch (error) {
        outcomes[index] = { index, prompt, error };
      }
    }
  };
  const workers = Promise.all(Array.from({ length: concurrency }, worker));
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.watchdogMs ?? 60_000);
  });
  const hung = (await Promise.race([workers, watchdog])) === 'timeout';
  clearTimeout(timer);
  // Calls pending now hung; the ones a started worker holds are named, then released.
  const pending = hung ? outcomes.flatMap((o, i) => (o === undefined && i < next ? [i] : [])) : [];
  if (hung) {
    stop.abort();
    await Promise.race([workers, new Promise((resolve) => setTimeout(resolve, 2000))]);
  }
  const tasks = sandbox.tasks.map((t) => ({ id: t.id, prompt: t.request.prompt }));
  const requests = [...sandbox.requests];
  await sandbox.close();
  // Let rejections of abandoned promises surface before the count is read.
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUncaught);
  const filesLeft = dir ? (await readdir(dir)).filter((name) => !saved.has(name)) : [];
  if (dir) await rm(dir, { recursive: true, force: true });

  const settled = outcomes.filter((o): o is CallOutcome => o !== undefined);
  const failedByClass: Record<string, number> = {};
  const untyped: string[] = [];
  for (const o of settled) {
    if (!('error' in o)) continue;
    const name =
      o.error instanceof OmniError
        ? o.error.name
        : `untyped ${(o.error as Error)?.constructor?.name ?? typeof o.error}`;
    failedByClass[name] = (failedByClass[name] ?? 0) + 1;
    if (!(o.error instanceof OmniError)) untyped.push(`soak#${o.index}: ${describe(o.error)}`);
  }

  const tasksOf = new Map<number, string[]>();
  for (const t of tasks) {
    const index = Number(MARKER.exec(t.prompt)?.[1]);
    tasksOf.set(index, [...(tasksOf.get(index) ?? []), t.id]);
  }
  const duplicates = [...tasksOf.entries()]
    .filter(([, ids]) => ids.length > 1)
    .map(([index, ids]) => `soak#${index}: ${ids.join(', ')}`);
  const named = new Set<string>();
  const uncertain = new Set<number>();
  const mismatched: number[] = [];
  for (const o of settled) {
    if (o.taskId !== undefined) {
      named.add(o.taskId);
      if (!(tasksOf.get(o.index) ?? []).includes(o.taskId)) mismatched.push(o.index);
    }
    if (o.error instanceof CreateUncertainError) uncertain.add(o.index);
    const errorTaskId = (o.error as { taskId?: unknown } | undefined)?.taskId;
    if (typeof errorTaskId === 'string') named.add(errorTaskId);
  }
  const orphans = tasks
    .filter((t) => !named.has(t.id) && !uncertain.has(Number(MARKER.exec(t.prompt)?.[1])))
    .map((t) => `${t.id} (${MARKER.exec(t.prompt)?.[0]})`);
  const uncertainWithTask = [...uncertain].filter((i) => tasksOf.has(i)).length;

  const faults: Record<string, number> = {};
  for (const r of requests) if (r.fault) faults[r.fault] = (faults[r.fault] ?? 0) + 1;
  const keyLeaks = settled.filter(
    (o) => o.error !== undefined && inspect(o.error, { depth: 10 }).includes(KEY),
  ).length;

  return {
    calls,
    settled: settled.length,
    succeeded: settled.filter((o) => o.taskId !== undefined).length,
    failedByClass,
    untyped,
    pending,
    unhandledRejections,
    tasksCreated: tasks.length,
    duplicates,
    orphans,
    mismatched,
    uncertainWithTask,
    uncertainWithoutTask: uncertain.size - uncertainWithTask,
    requests: requests.length,
    peakRequestsPerSecond: peakPerSecond(requests.map((r) => r.time)),
    faults,
    downloaded: saved.size,
    filesLeft,
    keyLeaks,
    uncaughtExceptions,
    elapsedMs: performance.now() - started,
  };
}

/** The most timestamps (ms) within any 1000 ms span. */
function peakPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 1000) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** The tally as Markdown tables, with each invariant's verdict. */
export function formatSoak(r: SoakResult): string {
  const ok = (good: boolean) => (good ? 'ok' : 'FAILED');
  const faulted = Object.values(r.faults).reduce((a, b) => a + b, 0);
  const main = table(
    ['measure', 'value', 'must be'],
    [
      ['calls', String(r.calls), ''],
      ['settled', String(r.settled), `${r.calls}: ${ok(r.settled === r.calls)}`],
      [
        'hung (pending at the watchdog)',
        String(r.pending.length),
        `0: ${ok(r.pending.length === 0)}`,
      ],
      ['succeeded', String(r.succeeded), ''],
      ...Object.entries(r.failedByClass)
        .sort((a, b) => b[1] - a[1])
        .map(([name, n]) => [`failed: ${name}`, String(n), '']),
      ['failures not OmniError', String(r.untyped.length), `0: ${ok(r.untyped.length === 0)}`],
      [
        'unhandled rejections',
        String(r.unhandledRejections),
        `0: ${ok(r.unhandledRejections === 0)}`,
      ],
      ['tasks created', String(r.tasksCreated), ''],
      [
        'duplicates (calls with > 1 task)',
        String(r.duplicates.length),
        `0: ${ok(r.duplicates.length === 0)}`,
      ],
      [
        'orphans (task named nowhere)',
        String(r.orphans.length),
        `0: ${ok(r.orphans.length === 0)}`,
      ],
      [
        "returned task not the call's own",
        String(r.mismatched.length),
        `0: ${ok(r.mismatched.length === 0)}`,
      ],
      ['CreateUncertainError, task exists', String(r.uncertainWithTask), ''],
      ['CreateUncertainError, no task', String(r.uncertainWithoutTask), ''],
      ['requests', String(r.requests), ''],
      ['requests per second at worst (shared clock)', String(r.peakRequestsPerSecond), ''],
      ['errors holding the API key', String(r.keyLeaks), `0: ${ok(r.keyLeaks === 0)}`],
      ['uncaught exceptions', String(r.uncaughtExceptions), `0: ${ok(r.uncaughtExceptions === 0)}`],
      ['videos downloaded', String(r.downloaded), ''],
      ['files left behind', String(r.filesLeft.length), `0: ${ok(r.filesLeft.length === 0)}`],
      [
        'requests hit by a fault',
        `${faulted} (${((100 * faulted) / r.requests).toFixed(1)} %)`,
        '',
      ],
    ],
  );
  const kinds = table(
    ['fault kind', 'requests hit'],
    FAULT_KINDS.map((k) => [k, String(r.faults[k] ?? 0)]),
  );
  const details = [
    ...r.untyped.map((u) => `untyped: ${u}`),
    ...r.duplicates.map((d) => `duplicate: ${d}`),
    ...r.orphans.map((o) => `orphan: ${o}`),
    ...r.pending.map((p) => `hung: soak#${p}`),
    ...r.filesLeft.map((f) => `left behind: ${f}`),
  ];
  return [main, '', kinds, ...(details.length ? ['', ...details] : [])].join('\n');
}

/** Whether every invariant held. */
export function soakPassed(r: SoakResult): boolean {
  return (
    r.settled === r.calls &&
    r.pending.length === 0 &&
    r.untyped.length === 0 &&
    r.unhandledRejections === 0 &&
    r.duplicates.length === 0 &&
    r.orphans.length === 0 &&
    r.mismatched.length === 0 &&
    r.keyLeaks === 0 &&
    r.uncaughtExceptions === 0 &&
    r.filesLeft.length === 0
  );
}

/** One line of the per-fault table: the soak under a single fault kind. */
export interface KindResult {
  kind: FaultKind;
  result: SoakResult;
}

/**
 * The soak once per fault kind (each kind alone, at `faultRate`, on every route it
 * applies to, downloads included), as a table of the promises' figures.
 */
export async function runSoakPerKind(
  options: Omit<SoakOptions, 'kinds' | 'routes' | 'download'>,
  kinds: readonly FaultKind[] = FAULT_KINDS.filter((k) => k !== 'reply'),
): Promise<KindResult[]> {
  const results: KindResult[] = [];
  for (const kind of kinds)
    results.push({
      kind,
      result: await runSoak({
        ...options,
        kinds: [kind],
        routes: ['create', 'retrieve', 'media'],
        download: true,
      }),
    });
  return results;
}

/** The per-kind results as one Markdown table. */
export function formatPerKind(results: readonly KindResult[]): string {
  return table(
    [
      'fault kind',
      'requests hit',
      'req/s at worst',
      'duplicates',
      'settled',
      'downloaded',
      'hung',
      'crashes',
      'key leaks',
      'files left',
      'verdict',
    ],
    results.map(({ kind, result: r }) => [
      kind,
      String(r.faults[kind] ?? 0),
      String(r.peakRequestsPerSecond),
      String(r.duplicates.length),
      `${r.settled}/${r.calls}`,
      String(r.downloaded),
      String(r.pending.length),
      String(r.untyped.length + r.unhandledRejections + r.uncaughtExceptions),
      String(r.keyLeaks),
      String(r.filesLeft.length),
      soakPassed(r) ? 'ok' : 'FAILED',
    ]),
  );
}
