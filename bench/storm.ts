/**
 * The storm: many concurrent `generate()` calls from one `Omni` against a service whose
 * polls are throttled (429 with Retry-After: 1) or unavailable (503) for a while, then
 * complete. Each scenario runs twice in the same process: "before", the same build with
 * the client-wide bounds off (`retryQuota: false, adaptiveRate: false`: every wait on its
 * own, as on main up to fa82303), and "after", the defaults (a retry budget of 500 tokens
 * and adaptive pacing). The server runs in this process on loopback.
 *
 * Columns: peak requests in any 1 s (all requests, the burst of creates included, which
 * nothing throttled yet); the peak polls in any 1 s during the outage; the poll rate over
 * the last half of the outage (the steady storm); polls answered with an error while it
 * lasted (the retries spent on it); the most sockets open at once (sampled every 20 ms);
 * the event loop's worst and p99 delay (perf_hooks.monitorEventLoopDelay); and the calls
 * that lost their task, ended in a raw (non-SDK) error, or did not settle.
 *
 *   node scripts/run-ts.mjs bench/storm.ts [--calls 500] [--outage 10]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Omni, OmniError } from '../src/index.js';
import { hostileServer, sendJson } from '../test/helpers/hostile-server.js';
import { POLL_PATH, sendTask } from '../test/helpers/hostile-api.js';
import { table } from './table.js';

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const CALLS = argument('calls', 500);
const OUTAGE_MS = argument('outage', 10) * 1000;
/** A call not settled this long after the outage is counted as unsettled. */
const SETTLE_MS = 120_000;

interface Run {
  peak: number;
  peakPolls: number;
  steady: number;
  spent: number;
  sockets: number;
  loopMaxMs: number;
  loopP99Ms: number;
  lost: number;
  raw: number;
  unsettled: number;
  seconds: number;
}

async function storm(status: 429 | 503, bounded: boolean): Promise<Run> {
  let outageStart = 0;
  let spent = 0;
  const server = await hostileServer((req, res) => {
    if (req.method === 'POST')
      return sendTask(res, { task_id: `task_${req.index}`, status: 'queued' });
    outageStart ||= req.at;
    if (req.at < outageStart + OUTAGE_MS) {
      spent++;
      return sendJson(
        res,
        status,
        { code: '-1', msg: 'slow down' },
        { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '1' } : {}) },
      );
    }
    sendTask(res, {
      task_id: decodeURIComponent(req.url.slice(POLL_PATH.length)),
      status: 'completed',
      progress: 100,
      completed_at: 1764259341,
      result: { video_url: 'https://cdn.example.com/v.mp4' },
    });
  });
  const omni = new Omni({
    apiKey: 'sk_bench_storm_0123456789',
    baseUrl: server.url,
    ...(bounded ? {} : { retryQuota: false, adaptiveRate: false }),
  });
  let sockets = 0;
  const sampler = setInterval(() => (sockets = Math.max(sockets, server.openSockets())), 20);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const unsettled = Symbol('unsettled');
  const outcomes = await Promise.all(
    Array.from({ length: CALLS }, () =>
      Promise.race([
        omni.videos.generate({ model: 'Gemini-Omini', prompt: 'a fox' }).then(
          (task) => ({ task }),
          (error: unknown) => ({ error }),
        ),
        new Promise<typeof unsettled>((resolve) =>
          setTimeout(resolve, OUTAGE_MS + SETTLE_MS, unsettled).unref(),
        ),
      ]),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  loop.disable();
  clearInterval(sampler);
  const polls = server.requests.filter((r) => r.method === 'GET').map((r) => r.at);
  const half = outageStart + OUTAGE_MS / 2;
  const steady =
    (polls.filter((t) => t >= half && t < outageStart + OUTAGE_MS).length * 1000) / (OUTAGE_MS / 2);
  const outagePolls = polls.filter((t) => t < outageStart + OUTAGE_MS);
  const run: Run = {
    peak: server.peakRate(1000),
    peakPolls: peakPerSecond(outagePolls),
    steady,
    spent,
    sockets,
    loopMaxMs: loop.max / 1e6,
    loopP99Ms: loop.percentile(99) / 1e6,
    unsettled: outcomes.filter((o) => o === unsettled).length,
    raw: outcomes.filter((o) => o !== unsettled && 'error' in o && !(o.error instanceof OmniError))
      .length,
    lost: outcomes.filter(
      (o) => o !== unsettled && 'error' in o && !(o.error as OmniError | undefined)?.taskId,
    ).length,
    seconds,
  };
  await server.close();
  return run;
}

/** The most of `times` (sorted) within any 1 s. */
function peakPerSecond(times: number[]): number {
  let peak = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= 1000) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

const rows: string[][] = [];
for (const status of [503, 429] as const) {
  const before = await storm(status, false);
  const after = await storm(status, true);
  for (const [label, run] of [
    ['before', before],
    ['after', after],
  ] as const)
    rows.push([
      `${status === 429 ? '429, Retry-After: 1' : '503'}: ${label}`,
      String(run.peak),
      String(run.peakPolls),
      run.steady.toFixed(1),
      `${(run.steady / before.steady).toFixed(2)}x`,
      String(run.spent),
      String(run.sockets),
      run.loopMaxMs.toFixed(0),
      run.loopP99Ms.toFixed(0),
      `${run.lost} / ${run.raw} / ${run.unsettled}`,
      run.seconds.toFixed(1),
    ]);
}
console.log(
  `${CALLS} concurrent generate() from one Omni; polls refused for ${OUTAGE_MS / 1000} s, then completed.\n`,
);
console.log(
  table(
    [
      'scenario',
      'peak req/s',
      'peak polls/s in outage',
      'polls/s, 2nd half of outage',
      'vs before',
      'refused polls',
      'max sockets',
      'loop max ms',
      'loop p99 ms',
      'lost / raw / unsettled',
      'wall s',
    ],
    rows,
  ),
);
