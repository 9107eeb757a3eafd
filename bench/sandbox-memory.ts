/**
 * What the sandbox keeps in memory over a long session, with its bounds (the defaults)
 * against the same sandbox unbounded (the behaviour before the bounds), in the same run:
 *
 * 1. uploads: five 95 MB files, the issue's case (it reported 1 GB);
 * 2. requests: 2,000 create bodies of 100 KB each, refused by the spec's rules (an
 *    unknown model) so that no task keeps them: what is measured is the record alone,
 *    which is kept whatever the answer. (An accepted create's body stays with its task
 *    for the sandbox's life: `sandbox.tasks` is not bounded.)
 *
 * Each case runs in a process of its own (nothing of one run left in the next one's
 * figures). Memory is read after a full garbage collection: `arrayBuffers` (Buffers, the
 * uploads' bytes) and `heapUsed` (the parsed request records), each minus its value
 * before, with the sandbox still running.
 *
 *   node scripts/run-ts.mjs bench/sandbox-memory.ts [--uploads 5] [--upload-mb 95] [--requests 2000]
 */
import { execFileSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  CREATE_PATH,
  SANDBOX_DEFAULTS,
  startSandbox,
  UPLOAD_PATH,
  type SandboxOptions,
} from '../src/sandbox/index.js';
import { table } from './table.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
const UPLOADS = argument('uploads', 5);
const UPLOAD_MB = argument('upload-mb', 95);
const REQUESTS = argument('requests', 2000);
const MB = 1024 * 1024;
const KEY = { authorization: 'Bearer sk_bench_memory' };

const UNBOUNDED: SandboxOptions = {
  maxStoredUploadBytes: Number.MAX_SAFE_INTEGER,
  maxRecordedRequests: Number.MAX_SAFE_INTEGER,
  maxRecordedBodyBytes: Number.MAX_SAFE_INTEGER,
};

function memory(): { arrayBuffers: number; heapUsed: number } {
  gc();
  gc();
  const { arrayBuffers, heapUsed } = process.memoryUsage();
  return { arrayBuffers, heapUsed };
}

async function uploads(options: SandboxOptions): Promise<number> {
  const sandbox = await startSandbox({ ...options, timeScale: 0 });
  const file = new Blob([new Uint8Array(UPLOAD_MB * MB)]);
  const before = memory().arrayBuffers;
  try {
    for (let i = 0; i < UPLOADS; i++) {
      const form = new FormData();
      form.append('file', file, `clip${i}.mp4`);
      const res = await fetch(sandbox.url + UPLOAD_PATH, {
        method: 'POST',
        headers: KEY,
        body: form,
      });
      if (res.status !== 200) throw new Error(`upload ${i}: HTTP ${res.status}`);
      await res.arrayBuffer();
    }
    return memory().arrayBuffers - before;
  } finally {
    await sandbox.close();
  }
}

async function requests(options: SandboxOptions): Promise<number> {
  const sandbox = await startSandbox({ ...options, timeScale: 0 });
  const body = JSON.stringify({ model: 'no-such-model', prompt: 'x'.repeat(100 * 1024) });
  const before = memory().heapUsed;
  try {
    let next = 0;
    const worker = async () => {
      while (next++ < REQUESTS) {
        const res = await fetch(sandbox.url + CREATE_PATH, {
          method: 'POST',
          headers: { ...KEY, 'content-type': 'application/json' },
          body,
        });
        await res.arrayBuffer();
        if (res.status !== 400)
          throw new Error(`expected a refused create, got HTTP ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return memory().heapUsed - before;
  } finally {
    await sandbox.close();
  }
}

const mb = (bytes: number) => (Math.max(0, bytes) / MB).toFixed(1);
const ratio = (a: number, b: number) => `${(Math.max(0, a) / b).toFixed(3)}×`;

const CASES = {
  'uploads-unbounded': () => uploads(UNBOUNDED),
  'uploads-defaults': () => uploads({}),
  'requests-unbounded': () => requests(UNBOUNDED),
  'requests-defaults': () => requests({}),
};
type Case = keyof typeof CASES;

const at = process.argv.indexOf('--case');
if (at >= 0) {
  // A child: one case, its figure on stdout.
  console.log(await CASES[process.argv[at + 1] as Case]());
  process.exit(0);
}
const measure = (name: Case) =>
  Number(
    execFileSync(process.execPath, [process.argv[1]!, ...process.argv.slice(2), '--case', name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
const upUnbounded = measure('uploads-unbounded');
const upBounded = measure('uploads-defaults');
const reqUnbounded = measure('requests-unbounded');
const reqBounded = measure('requests-defaults');

console.log(
  `Sandbox memory after ${UPLOADS} uploads of ${UPLOAD_MB} MB and ${REQUESTS} requests of 100 KB ` +
    `(defaults: ${SANDBOX_DEFAULTS.maxStoredUploadBytes / MB} MiB of uploads, ` +
    `${SANDBOX_DEFAULTS.maxRecordedRequests} records, bodies up to ${SANDBOX_DEFAULTS.maxRecordedBodyBytes / 1024} KiB)\n`,
);
console.log(
  table(
    ['kept in memory', 'unbounded (before) MB', 'defaults MB', 'defaults vs unbounded'],
    [
      ['uploads (arrayBuffers)', mb(upUnbounded), mb(upBounded), ratio(upBounded, upUnbounded)],
      ['request records (heap)', mb(reqUnbounded), mb(reqBounded), ratio(reqBounded, reqUnbounded)],
    ],
  ),
);
