// The runtime flow of scripts/runtimes.mjs: the packed package, installed in a scratch
// project, used as a program would on Node, Bun and Deno. Prints one JSON line of
// what happened; exits 1 (after printing it) when anything differs from the expected.
// Plain JavaScript so that each runtime runs it as it is.
import {
  Omni,
  AbortError,
  AuthenticationError,
  CreateUncertainError,
  TaskFailedError,
  TRACE_CHANNELS,
} from 'jimmyai-omni';
import { startSandbox } from 'jimmyai-omni/sandbox';
import { tracingChannel } from 'node:diagnostics_channel';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const checks = [];
const check = (name, ok, detail) =>
  checks.push({ name, ok: Boolean(ok), ...(ok ? {} : { detail }) });
const failure = async (promise) =>
  promise.then(
    () => undefined,
    (error) => error,
  );

const sandbox = await startSandbox({ timeScale: 0.01, jitter: 0, apiKeys: ['sk_right'] });
const dir = mkdtempSync(join(tmpdir(), 'omni-flow-'));
try {
  const omni = new Omni({ apiKey: 'sk_right', baseUrl: sandbox.url });
  const poll = { pollIntervalMs: 10 };

  // create → watch → wait → download
  const task = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'a fox on ' + runtime() });
  const seen = [];
  for await (const snapshot of omni.videos.watch(task, poll)) seen.push(snapshot.status);
  const done = await omni.videos.wait(task.task_id, poll);
  const path = join(dir, 'fox.mp4');
  const saved = await omni.videos.download(done, path);
  const bytes = readFileSync(path);
  check('create → watch → wait', seen.at(-1) === 'completed' && done.status === 'completed', {
    seen,
  });
  check(
    'download: the whole MP4',
    saved.bytes === bytes.length &&
      bytes.length > 1000 &&
      bytes.subarray(4, 8).toString('latin1') === 'ftyp',
    { saved },
  );

  // The main error paths.
  const wrongKey = await failure(
    new Omni({ apiKey: 'sk_wrong', baseUrl: sandbox.url }).videos.retrieve(task.task_id),
  );
  check(
    'a wrong key: AuthenticationError',
    wrongKey instanceof AuthenticationError,
    String(wrongKey),
  );

  const failed = await failure(
    omni.videos.generate({ model: 'Gemini-Omini', prompt: 'a fox [fail]' }, poll),
  );
  check(
    'a failed task: TaskFailedError with its id',
    failed instanceof TaskFailedError && typeof failed.taskId === 'string',
    String(failed),
  );

  sandbox.injectFault({ kind: 'reset-after', route: 'create' });
  const before = sandbox.tasks.length;
  const reset = await failure(omni.videos.create({ model: 'Gemini-Omini', prompt: 'reset' }));
  const creates = sandbox.requests.filter(
    (r) => r.route === 'create' && r.fault === 'reset-after',
  ).length;
  check(
    'a reset on create: CreateUncertainError, never resent',
    reset instanceof CreateUncertainError && creates === 1 && sandbox.tasks.length === before + 1,
    String(reset),
  );

  // Logs and traces: the tracing channel (node:diagnostics_channel) and a logger's line.
  const traced = [];
  const channel = tracingChannel(TRACE_CHANNELS.create);
  const onEnd = (call) => traced.push(`${call.taskId} ${call.status} ${call.attempt}`);
  channel.asyncEnd.subscribe(onEnd);
  const lines = [];
  const logger = { debug: () => {}, info: (line) => lines.push(line), warn() {}, error() {} };
  const logged = new Omni({ apiKey: 'sk_right', baseUrl: sandbox.url, logger });
  const made = await logged.videos.create({ model: 'Gemini-Omini', prompt: 'traced' });
  channel.asyncEnd.unsubscribe(onEnd);
  check(
    'a traced and logged create',
    traced.join() === `${made.task_id} 200 1` &&
      lines.length === 1 &&
      /^jimmyai-omni: POST \S+ 200 in \d+ ms, attempt 1$/.test(lines[0]),
    { traced, lines },
  );

  const controller = new AbortController();
  sandbox.injectFault({ kind: 'hang', route: 'retrieve' });
  setTimeout(() => controller.abort(), 50);
  const aborted = await failure(omni.videos.retrieve(task.task_id, { signal: controller.signal }));
  check('an abort: AbortError', aborted instanceof AbortError, String(aborted));
} finally {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
}

const ok = checks.every((c) => c.ok) && !existsSync(dir);
console.log(JSON.stringify({ runtime: runtime(), ok, checks }));
process.exitCode = ok ? 0 : 1;

function runtime() {
  if (globalThis.Deno) return `deno ${globalThis.Deno.version.deno}`;
  if (globalThis.Bun) return `bun ${globalThis.Bun.version}`;
  return `node ${process.version}`;
}
