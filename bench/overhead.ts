/**
 * SDK overhead per call: one task GET done four ways, measured interleaved (each round
 * runs every variant once, in a rotating order), after a warm-up, as per-call medians.
 *
 * 1. On the loopback sandbox (a completed task), so the numbers include a real HTTP
 *    round trip and the sandbox's own work (in this process: the same for every variant).
 * 2. Against an in-memory fetch that answers the same bytes at once (it still builds the
 *    `Request`, as the real fetch does): only the client-side cost remains, so the gaps
 *    between the variants show undiluted.
 *
 * Variants: plain `fetch` + `JSON.parse`; the generated `getVideoTask` on a hey-api client
 * (as generated: no validators since issue 18); the same with validation off, and with the AbortSignal
 * a timeout needs (configuration choices a caller of the generated layer has);
 * `omni.videos.retrieve()`; and building a `Request` alone.
 *
 * 3. Where retrieve's time goes: the steps of src/core/http/send.ts and src/core/videos.ts added one
 *    at a time to the generated call (in-memory fetch), and one proposed change.
 * 4. Logs and traces: retrieve with the observer bypassed, with nobody listening, with a
 *    subscriber on its tracing channel, and with a logger (loopback and in-memory); and
 *    the hook alone, in ns.
 *
 *   node scripts/run-ts.mjs bench/overhead.ts [--rounds 3000] [--memory-rounds 400]
 */
import { tracingChannel } from 'node:diagnostics_channel';
import { loadavg } from 'node:os';
import { systemClock } from '../src/core/clock.js';
import { Omni, TRACE_CHANNELS } from '../src/index.js';
import { createClient, createConfig, getVideoTask } from '../src/core/generated.js';
import { pathToFileURL } from 'node:url';
import { createApiClient } from '../src/core/http/api-client.js';
import { send } from '../src/core/http/send.js';
import { checkAnswer, TASK_ANSWER } from '../src/core/schemas.js';
import { BEFORE_COMMIT, beforeTree } from './before.js';
import { CREATE_PATH, TASK_PATH_PREFIX, startSandbox } from '../src/sandbox/index.js';
import { median, quantile, table, verdict } from './table.js';

const KEY = 'sk_bench_overhead_0123456789';
/** Issue 18's target: retrieve costs at most this many times plain fetch + JSON.parse. */
const TARGET = 1.25;

/** The build before issue 18's pipeline (its dist/index.js), measured in the same run. */
const before = await beforeTree(BEFORE_COMMIT);
const { Omni: OmniBefore } = (await import(pathToFileURL(before.distIndex).href)) as {
  Omni: typeof Omni;
};

function argument(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

interface Variant {
  name: string;
  run: () => Promise<unknown>;
  /** Throws when the variant did not get the completed task (checked once, before timing). */
  check: (result: unknown) => void;
  /** Runs before each of the variant's samples, outside the timing (subscribes a tracer). */
  enter?: () => void;
  /** Runs after each of the variant's samples, outside the timing. */
  leave?: () => void;
}

interface MeasureOptions {
  /** Untimed rounds first. */
  warmup: number;
  rounds: number;
  /**
   * Calls per sample (a sample is their mean). Calls without I/O take tens of µs and a
   * minor GC lands on some of them only: one call per sample gives a two-humped
   * distribution whose median jumps between the humps; a batch shares the GC out fairly.
   */
  batch?: number;
  /** Runs every 500 rounds, outside the timing. */
  between?: () => void;
}

/**
 * Per-call times in µs, by variant: `rounds` interleaved rounds after `warmup` untimed
 * ones; each round times every variant once (over `batch` calls).
 */
async function measure(
  variants: readonly Variant[],
  { warmup, rounds, batch = 1, between = () => {} }: MeasureOptions,
): Promise<number[][]> {
  const once = async (v: Variant) => {
    v.enter?.();
    try {
      return await v.run();
    } finally {
      v.leave?.();
    }
  };
  for (const v of variants) v.check(await once(v));
  for (let r = 0; r < warmup; r++) for (const v of variants) await once(v);
  const samples = variants.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    if (r % 500 === 0) between();
    for (let k = 0; k < variants.length; k++) {
      // A rotating order: no variant always runs first (cold) or after the same one.
      const i = (r + k) % variants.length;
      const { run, enter, leave } = variants[i]!;
      enter?.();
      const t0 = performance.now();
      for (let b = 0; b < batch; b++) await run();
      samples[i]!.push(((performance.now() - t0) * 1000) / batch);
      leave?.();
    }
  }
  return samples;
}

const expect = (ok: boolean, what: string) => {
  if (!ok) throw new Error(`overhead bench: ${what}`);
};
const isCompletedEnvelope = (body: unknown) =>
  (body as { data?: { status?: string } } | undefined)?.data?.status === 'completed';

/** The variants, all reading task `taskId` from `baseUrl` through `fetchFn`. */
function variants(baseUrl: string, taskId: string, fetchFn: typeof fetch): Variant[] {
  const url = baseUrl + TASK_PATH_PREFIX + encodeURIComponent(taskId);
  const headers = { authorization: `Bearer ${KEY}` };
  const client = createClient(createConfig({ baseUrl, auth: () => KEY, fetch: fetchFn }));
  const omni = new Omni({ apiKey: KEY, baseUrl, fetch: fetchFn });
  const omniBefore = new OmniBefore({ apiKey: KEY, baseUrl, fetch: fetchFn });
  const generatedOk = (r: unknown) =>
    expect(isCompletedEnvelope((r as { data?: unknown }).data), 'generated: no completed task');
  return [
    {
      name: 'plain fetch + JSON.parse',
      run: async () => JSON.parse(await (await fetchFn(url, { headers })).text()) as unknown,
      check: (r) => expect(isCompletedEnvelope(r), 'plain: no completed task'),
    },
    {
      name: 'generated getVideoTask (as generated)',
      run: () => getVideoTask({ client, path: { taskId } }),
      check: generatedOk,
    },
    {
      name: 'generated, response validation off',
      run: () => getVideoTask({ client, path: { taskId }, responseValidator: undefined }),
      check: generatedOk,
    },
    {
      name: 'generated, all validation off',
      run: () =>
        getVideoTask({
          client,
          path: { taskId },
          requestValidator: undefined,
          responseValidator: undefined,
        }),
      check: generatedOk,
    },
    {
      // The generated client has no timeout option: a caller who wants one passes a signal.
      name: 'generated + AbortSignal (for a timeout)',
      run: () => getVideoTask({ client, path: { taskId }, signal: new AbortController().signal }),
      check: generatedOk,
    },
    {
      name: 'omni.videos.retrieve()',
      run: () => omni.videos.retrieve(taskId),
      check: (r) =>
        expect((r as { status?: string }).status === 'completed', 'retrieve: not completed'),
    },
    {
      name: `omni.videos.retrieve(), before (${BEFORE_COMMIT})`,
      run: () => omniBefore.videos.retrieve(taskId),
      check: (r) =>
        expect((r as { status?: string }).status === 'completed', 'before: not completed'),
    },
    {
      name: 'new Request() alone (no I/O)',
      run: async () => new Request(url, { headers, redirect: 'follow' }),
      check: (r) => expect(r instanceof Request, 'Request: not built'),
    },
  ];
}

/**
 * retrieve's path rebuilt one step at a time on the generated call, each step adding a
 * part of the pipeline: the configured client (api-client.ts: transport, envelope
 * validator, error interceptor, transformer), the attempt loop (send.ts), then
 * retrieve() (videos.ts: the id check and the lenient task reader).
 */
function steps(baseUrl: string, taskId: string, fetchFn: typeof fetch): Variant[] {
  const client = createClient(createConfig({ baseUrl, auth: () => KEY, fetch: fetchFn }));
  const configured = createApiClient({
    baseUrl,
    apiKey: () => KEY,
    fetch: fetchFn,
    now: Date.now,
    redact: (value) => value,
  });
  const omni = new Omni({ apiKey: KEY, baseUrl, fetch: fetchFn });
  const validateTask = async (body: unknown) => checkAnswer(TASK_ANSWER, body);
  const ok = (r: unknown) => {
    const data = (r as { data?: unknown }).data;
    expect(
      isCompletedEnvelope(data) || (data as { status?: string })?.status === 'completed',
      'step: no completed task',
    );
  };
  const sendOptions = {
    maxRetries: 2,
    timeoutMs: 60_000,
    clock: systemClock,
    random: Math.random,
    taskId,
  };
  const call = (init: { signal?: AbortSignal; meta?: Record<string, unknown> } = {}) =>
    getVideoTask({
      client: configured,
      path: { taskId },
      requestValidator: undefined,
      responseValidator: validateTask,
      ...init,
    });
  return [
    {
      name: '1. generated getVideoTask (as generated)',
      run: () => getVideoTask({ client, path: { taskId } }),
      check: ok,
    },
    {
      name: '2. on the configured client (api-client.ts)',
      run: () => call(),
      check: ok,
    },
    {
      name: '3. + the attempt loop (send.ts: timer, signal)',
      run: () => send(call, sendOptions),
      check: ok,
    },
    {
      name: '4. omni.videos.retrieve() (videos.ts)',
      run: async () => ({ data: await omni.videos.retrieve(taskId) }),
      check: ok,
    },
  ];
}

/**
 * The cost of logs and traces (src/core/observe/): retrieve with the observer bypassed (what
 * the SDK did before it had one), with nobody listening (the default), with a subscriber
 * on `jimmyai-omni:retrieve` (no-op handlers: the SDK's side of a tracer), and with a
 * logger at `info` (a no-op sink).
 */
function tracingVariants(baseUrl: string, taskId: string, fetchFn: typeof fetch): Variant[] {
  const plain = new Omni({ apiKey: KEY, baseUrl, fetch: fetchFn });
  const bypassed = new Omni({ apiKey: KEY, baseUrl, fetch: fetchFn });
  // The hooks' wrapper made a pass-through: every `watch?.` after it is skipped, as without it.
  (bypassed.observer as { operation: unknown }).operation = (
    _operation: string,
    _taskId: string | undefined,
    call: (watch: undefined) => Promise<unknown>,
  ) => call(undefined);
  const silent = () => {};
  const logged = new Omni({
    apiKey: KEY,
    baseUrl,
    fetch: fetchFn,
    logger: { debug: silent, info: silent, warn: silent, error: silent },
    logLevel: 'info',
  });
  const channel = tracingChannel(TRACE_CHANNELS.retrieve);
  const handlers = {
    start: silent,
    end: silent,
    asyncStart: silent,
    asyncEnd: silent,
    error: silent,
  };
  const ok = (r: unknown) =>
    expect((r as { status?: string }).status === 'completed', 'tracing: not completed');
  return [
    {
      name: 'retrieve, observer bypassed (before it)',
      run: () => bypassed.videos.retrieve(taskId),
      check: ok,
    },
    {
      name: 'retrieve, nobody listening (default)',
      run: () => plain.videos.retrieve(taskId),
      check: ok,
    },
    {
      name: 'retrieve, a subscriber on the channel',
      run: () => plain.videos.retrieve(taskId),
      check: ok,
      enter: () => channel.subscribe(handlers),
      leave: () => channel.unsubscribe(handlers),
    },
    { name: 'retrieve, logger at info', run: () => logged.videos.retrieve(taskId), check: ok },
  ];
}

function reportTracing(title: string, list: readonly Variant[], samples: number[][]): void {
  const med = samples.map(median);
  // Per-round ratios against the bypassed client: robust to drift over the run.
  const paired = (i: number) => median(samples[i]!.map((x, r) => x / samples[0]![r]!));
  const rows = list.map((v, i) => [
    v.name,
    us(med[i]!),
    `${us(quantile(samples[i]!, 0.25))}–${us(quantile(samples[i]!, 0.75))}`,
    signed(med[i]! - med[0]!),
    paired(i).toFixed(3),
  ]);
  console.log(`### ${title}\n`);
  console.log(
    table(['variant', 'median µs', 'p25–p75 µs', 'Δ µs', '÷ bypassed (paired)'], rows) + '\n',
  );
}

/**
 * The hook alone, with nobody listening and no logger: `observer.operation` around a call
 * that returns at once, against the call made directly, in ns per call (10,000 calls per
 * sample, interleaved). What the pipeline's other hooks add then is a `?.` on undefined.
 */
async function hookCost(rounds: number): Promise<void> {
  const omni = new Omni({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9' });
  const done = Promise.resolve(1);
  const call = () => done;
  const calls = 10_000;
  const ways: [string, () => Promise<unknown>][] = [
    [
      'the call alone',
      async () => {
        for (let i = 0; i < calls; i++) await call();
      },
    ],
    [
      'observer.operation(call), nobody listening',
      async () => {
        for (let i = 0; i < calls; i++) await omni.observer.operation('retrieve', 'task_1', call);
      },
    ],
  ];
  const samples = ways.map(() => [] as number[]);
  for (let r = 0; r < rounds + 20; r++)
    for (let k = 0; k < ways.length; k++) {
      const i = (r + k) % ways.length;
      const t0 = performance.now();
      await ways[i]![1]();
      if (r >= 20) samples[i]!.push(((performance.now() - t0) * 1e6) / calls);
    }
  const med = samples.map(median);
  const rows = ways.map(([name], i) => [name, med[i]!.toFixed(0), signed(med[i]! - med[0]!)]);
  console.log('### The hook alone (ns per call; nobody listening, no logger)\n');
  console.log(table(['way', 'median ns', 'Δ ns'], rows) + '\n');
}

const us = (x: number) => x.toFixed(1);
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${us(Math.abs(x))}`;

function report(title: string, list: readonly Variant[], samples: number[][]): number {
  const med = samples.map(median);
  const [plain, generated] = [med[0]!, med[1]!];
  const retrieveIndex = list.findIndex((v) => v.name.startsWith('omni'));
  const rows = list.map((v, i) => [
    v.name,
    us(med[i]!),
    `${us(quantile(samples[i]!, 0.25))}–${us(quantile(samples[i]!, 0.75))}`,
    (med[i]! / plain).toFixed(2),
    (med[i]! / generated).toFixed(2),
  ]);
  console.log(`### ${title}\n`);
  console.log(table(['variant', 'median µs', 'p25–p75 µs', '÷ plain', '÷ generated'], rows) + '\n');
  // Per-round ratios pair the two calls of one round: robust to drift over the run.
  const paired = (a: number, b: number) =>
    median(samples[a]!.map((x, r) => x / samples[b]![r]!)).toFixed(2);
  const retrieve = med[retrieveIndex]!;
  const beforeIndex = list.findIndex((v) => v.name.includes('before'));
  console.log(
    `generated/plain ${(generated / plain).toFixed(2)} (paired ${paired(1, 0)}), ` +
      `retrieve/plain ${(retrieve / plain).toFixed(2)} (paired ${paired(retrieveIndex, 0)}), ` +
      `retrieve/generated ${(retrieve / generated).toFixed(2)} (paired ${paired(retrieveIndex, 1)}), ` +
      `before/plain ${(med[beforeIndex]! / plain).toFixed(2)} (paired ${paired(beforeIndex, 0)})\n`,
  );
  return retrieve / plain;
}

function reportSteps(list: readonly Variant[], samples: number[][]): void {
  const med = samples.map(median);
  const rows = list.map((v, i) => [
    v.name,
    us(med[i]!),
    i === 0 ? '' : signed(med[i]! - med[i - 1]!),
    (med[i]! / med[0]!).toFixed(2),
  ]);
  console.log("### Where retrieve's time goes (in-memory fetch, steps added one at a time)\n");
  console.log(table(['step', 'median µs', 'step µs', '÷ generated'], rows) + '\n');
}

const rounds = argument('rounds') ?? 3000;
const memoryRounds = argument('memory-rounds') ?? 400;
/** In-memory calls per sample (see MeasureOptions.batch). */
const MEMORY_BATCH = 20;
const started = performance.now();

const sandbox = await startSandbox({ timeScale: 0, jitter: 0, seed: 1 });
let loopbackRatio: number;
let memoryRatio: number;
try {
  const created = await fetch(sandbox.url + CREATE_PATH, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'Gemini-Omini', prompt: 'overhead bench' }),
  });
  const taskId = ((await created.json()) as { data: { task_id: string } }).data.task_id;

  console.log(
    `SDK overhead: one GET of a completed task; per-call medians of ${rounds} interleaved rounds ` +
      `(loopback, 1 call per sample) and ${memoryRounds} (in-memory, ${MEMORY_BATCH} calls per sample), after warm-up. ` +
      `Load average at start: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}\n`,
  );
  const loopback = variants(sandbox.url, taskId, fetch);
  loopbackRatio = report(
    'Loopback sandbox (HTTP round trip; the sandbox runs in this process)',
    loopback,
    // The sandbox records every request: forget them now and then, outside the timing.
    await measure(loopback, { warmup: 300, rounds, between: () => sandbox.clearRequests() }),
  );

  // The exact answer the sandbox gave, replayed from memory.
  const sample = await fetch(sandbox.url + TASK_PATH_PREFIX + taskId, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  const bodyText = await sample.text();
  const responseHeaders = Object.fromEntries(sample.headers);
  const memoryFetch: typeof fetch = async (input, init) => {
    // The real fetch always builds a Request from its arguments; so does this one.
    const request = new Request(input, init);
    void request;
    return new Response(bodyText, { status: 200, headers: responseHeaders });
  };
  const memory = variants(sandbox.url, taskId, memoryFetch);
  memoryRatio = report(
    'In-memory fetch (no I/O: the client-side cost alone)',
    memory,
    await measure(memory, { warmup: 2000, rounds: memoryRounds, batch: MEMORY_BATCH }),
  );
  const stepList = steps(sandbox.url, taskId, memoryFetch);
  reportSteps(
    stepList,
    await measure(stepList, { warmup: 2000, rounds: memoryRounds, batch: MEMORY_BATCH }),
  );
  const loopbackTracing = tracingVariants(sandbox.url, taskId, fetch);
  reportTracing(
    'Logs and traces (loopback sandbox)',
    loopbackTracing,
    await measure(loopbackTracing, { warmup: 300, rounds, between: () => sandbox.clearRequests() }),
  );
  const memoryTracing = tracingVariants(sandbox.url, taskId, memoryFetch);
  reportTracing(
    'Logs and traces (in-memory fetch: the client-side cost alone)',
    memoryTracing,
    await measure(memoryTracing, { warmup: 2000, rounds: memoryRounds, batch: MEMORY_BATCH }),
  );
  await hookCost(200);
} finally {
  await sandbox.close();
  before.close();
}

console.log(
  `Target: retrieve ≤ ${TARGET.toFixed(2)} × plain fetch + JSON.parse on the loopback sandbox: ` +
    `${verdict(loopbackRatio <= TARGET)} (${loopbackRatio.toFixed(2)}×). ` +
    `Client-side cost alone (in-memory): ${memoryRatio.toFixed(2)}× (${verdict(memoryRatio <= TARGET)} at the same bar).`,
);
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s of real time)`);
