/**
 * Every example in examples/ runs, as a user runs it (`node scripts/run-ts.mjs
 * examples/<file>.ts`, key and base URL from the environment), against one sandbox,
 * and does what its header says. Each run bundles with esbuild (about 1 s of CPU), then
 * mostly sleeps until the SDK's first poll (about 1 s), so runs go three at a time to
 * keep two cores busy; each test's timeout covers its wait in that queue.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, type ExpectStatic, test } from 'vitest';
import { FAILURE_REASON, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { clientOn, TEST_KEY } from '../helpers/omni.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUN_TS = join(ROOT, 'scripts/run-ts.mjs');
// Queued runs wait for a slot: the timeout covers the queue as well as the run.
const TIMEOUT = 40_000;

const sample = await readFile(join(ROOT, 'src/sandbox/assets/sample.mp4'));
let sandbox: Sandbox;
let tmp: string;

beforeAll(async () => {
  // Only TEST_KEY is accepted: an example that did not send the key from the env fails.
  sandbox = await startSandbox({ timeScale: 0.01, jitter: 0, apiKeys: [TEST_KEY] });
  tmp = await mkdtemp(join(tmpdir(), 'omni-examples-'));
});
afterAll(async () => {
  await sandbox?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Three runs at a time (see the header). */
const slots = { free: 3, waiting: [] as (() => void)[] };
async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  try {
    return await fn();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The working directory it ran in (a fresh temp folder): default outputs land here. */
  cwd: string;
}

/** Runs `examples/<name>.ts` with the sandbox's URL and TEST_KEY in its environment. */
async function runExample(
  name: string,
  args: string[] = [],
  env: Record<string, string | undefined> = {
    JIMMYAI_API_KEY: TEST_KEY,
    JIMMYAI_BASE_URL: sandbox.url,
  },
): Promise<Run> {
  const cwd = await mkdtemp(join(tmp, `${name}-`));
  const childEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  const example = join(ROOT, 'examples', `${name}.ts`);
  return withSlot(
    () =>
      new Promise<Run>((resolve, reject) => {
        const child = spawn(process.execPath, [RUN_TS, example, ...args], { cwd, env: childEnv });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.once('error', reject);
        child.once('close', (code) => resolve({ code, stdout, stderr, cwd }));
      }),
  );
}

/** What every run must satisfy: exit 0, nothing on stderr, the key never printed. */
function expectClean(expect: ExpectStatic, run: Run) {
  expect(run.stderr, run.stdout).toBe('');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout + run.stderr).not.toContain(TEST_KEY);
}

/** The task the run printed (`created task <id>`), as the sandbox holds it. */
function createdTask(expect: ExpectStatic, run: Run) {
  const id = /created task (task_\w+)/.exec(run.stdout)?.[1];
  expect(id, run.stdout).toBeDefined();
  const task = sandbox.task(id!);
  expect(task, `the sandbox holds ${id}`).toBeDefined();
  expect(task!.state.status).toBe('completed');
  return task!;
}

/** The `saved N bytes to <path>` line: the file is the sandbox's sample video. */
async function expectSavedVideo(expect: ExpectStatic, run: Run, path: string) {
  expect(run.stdout).toContain(`saved ${sample.length} bytes to ${path}`);
  expect((await readFile(path)).equals(sample)).toBe(true);
}

describe.concurrent('examples against the sandbox', () => {
  test(
    'text-to-video: prints the task id, saves to the default out/ path, and the expiry',
    async ({ expect }) => {
      const run = await runExample('text-to-video');
      expectClean(expect, run);
      const task = createdTask(expect, run);
      expect(task.request.prompt).toMatch(/fox/);
      expect(run.stdout).toMatch(/^ {2}completed 100%$/m);
      // The default output path is relative to where it runs; its folder is created.
      const path = join(run.cwd, 'out/text-to-video.mp4');
      expect(run.stdout).toContain(`saved ${sample.length} bytes to out/text-to-video.mp4`);
      expect((await readFile(path)).equals(sample)).toBe(true);
      const until = /valid until (\S+)/.exec(run.stdout)?.[1];
      const left = Date.parse(until ?? '') - Date.now();
      expect(left).toBeGreaterThan(2.9 * 24 * 3600_000);
      expect(left).toBeLessThan(3.1 * 24 * 3600_000);
    },
    TIMEOUT,
  );

  test(
    'text-to-video: without a key, reports the ValidationError and sends nothing',
    async ({ expect }) => {
      const run = await runExample('text-to-video', [join(tmp, 'never.mp4')], {
        JIMMYAI_API_KEY: undefined,
        JIMMYAI_BASE_URL: sandbox.url,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^invalid apiKey: is missing: set JIMMYAI_API_KEY/m);
      // The other runs send TEST_KEY: a 401 could only come from a request sent without it.
      expect(sandbox.requests.filter((r) => r.status === 401)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'first-frame: sends frame mode with one image, into a folder it creates',
    async ({ expect }) => {
      const path = join(tmp, 'nested/frame/first-frame.mp4');
      const run = await runExample('first-frame', [path]);
      expectClean(expect, run);
      const { request } = createdTask(expect, run);
      expect(request.generation_type).toBe('frame');
      expect(request.image_urls).toHaveLength(1);
      expect(request.image_urls![0]).toMatch(/^https:\/\//);
      await expectSavedVideo(expect, run, path);
    },
    TIMEOUT,
  );

  test(
    'local-image: uploads the file, then sends frame mode with its URL',
    async ({ expect }) => {
      const image = join(tmp, 'local.png');
      await writeFile(image, 'a picture, as far as its name says');
      const path = join(tmp, 'local-image.mp4');
      const run = await runExample('local-image', [image, path]);
      expectClean(expect, run);
      expect(run.stdout).toMatch(/^ {2}uploaded 100%$/m);
      expect(run.stdout).toContain('uploaded local.png (34 bytes, image/png)');
      const { request } = createdTask(expect, run);
      expect(request.generation_type).toBe('frame');
      const stored = sandbox.uploads.find((u) => request.image_urls?.[0]?.includes(u.name));
      expect(stored?.filename).toBe('local.png');
      await expectSavedVideo(expect, run, path);
    },
    TIMEOUT,
  );

  test(
    'reference-images: prints effective and warnings, sends 3 images without the dropped field',
    async ({ expect }) => {
      const path = join(tmp, 'reference-images.mp4');
      const run = await runExample('reference-images', [path]);
      expectClean(expect, run);
      const effective = /effective request: (\{[\s\S]*?\n\})/.exec(run.stdout)?.[1];
      expect(JSON.parse(effective ?? 'null')).toMatchObject({
        model: 'Gemini-Omini',
        duration: 6,
        resolution: '720p',
        aspect_ratio: '9:16',
        generation_type: 'reference',
      });
      expect(run.stdout).toMatch(/^warning: orientation not sent/m);
      const { request } = createdTask(expect, run);
      expect(request.model).toBe('Gemini-Omini');
      expect(request.image_urls).toHaveLength(3);
      expect(request).not.toHaveProperty('orientation');
      await expectSavedVideo(expect, run, path);
    },
    TIMEOUT,
  );

  test(
    'reference-video: sends one video and no duration',
    async ({ expect }) => {
      const path = join(tmp, 'reference-video.mp4');
      const run = await runExample('reference-video', [path]);
      expectClean(expect, run);
      const { request } = createdTask(expect, run);
      expect(request.video_urls).toHaveLength(1);
      expect(request).not.toHaveProperty('duration');
      await expectSavedVideo(expect, run, path);
    },
    TIMEOUT,
  );

  test(
    'omni-10s: warns about duration and resolution, sends 7 references and neither field',
    async ({ expect }) => {
      const path = join(tmp, 'omni-10s.mp4');
      const run = await runExample('omni-10s', [path]);
      expectClean(expect, run);
      expect(run.stdout).toMatch(/^warning: duration not sent/m);
      expect(run.stdout).toMatch(/^warning: resolution not sent/m);
      expect(run.stdout).toContain('effective: 10 s, 720p, 7 references');
      const { request } = createdTask(expect, run);
      expect(request.model).toBe('omni-10s');
      expect(request.image_urls).toHaveLength(7);
      expect(request.image_urls!.some((url) => url.endsWith('.mp4'))).toBe(true);
      expect(request).not.toHaveProperty('duration');
      expect(request).not.toHaveProperty('resolution');
      await expectSavedVideo(expect, run, path);
    },
    TIMEOUT,
  );

  test(
    'resume-by-id: waits for a task created elsewhere and downloads it, creating nothing',
    async ({ expect }) => {
      const omni = clientOn(sandbox.url);
      const task = await omni.videos.create({
        model: 'Gemini-Omini',
        prompt: 'created before a crash',
      });
      const path = join(tmp, 'resumed.mp4');
      const tasksBefore = sandbox.tasks.length;
      const run = await runExample('resume-by-id', [task.task_id, path]);
      expectClean(expect, run);
      expect(run.stdout).toContain(`task ${task.task_id}: saved ${sample.length} bytes to ${path}`);
      expect((await readFile(path)).equals(sample)).toBe(true);
      const polls = sandbox.requests.filter(
        (r) => r.route === 'retrieve' && r.path.endsWith(`/${task.task_id}`),
      );
      expect(polls.length).toBeGreaterThan(0);
      // Other examples run meanwhile and create tasks, but none with this prompt.
      expect(sandbox.tasks.slice(tasksBefore).map((t) => t.request.prompt)).not.toContain(
        'created before a crash',
      );
    },
    TIMEOUT,
  );

  test(
    'resume-by-id: without an id, prints the usage and exits 2',
    async ({ expect }) => {
      const run = await runExample('resume-by-id');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^usage: resume-by-id\.ts <task-id>/);
    },
    TIMEOUT,
  );

  test(
    'many-tasks: lists every outcome in input order, a failed one with its reason',
    async ({ expect }) => {
      const prompts = ['a paper boat', 'a paper boat [fail]', 'clouds over a ridge'];
      const run = await runExample('many-tasks', prompts);
      // One task failed: the run says so in its exit code, not only in its output.
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      expect(run.stdout).not.toContain(TEST_KEY);
      const created = [...run.stdout.matchAll(/^created task (task_\w+): (.*)$/gm)];
      expect(created.map((m) => m[2])).toEqual(prompts);
      const outcomes = [...run.stdout.matchAll(/^(\d+)\. (task_\w+): (\w+)(.*)$/gm)];
      expect(outcomes.map((m) => [m[1], m[2], m[3]])).toEqual([
        ['1', created[0]![1], 'completed'],
        ['2', created[1]![1], 'failed'],
        ['3', created[2]![1], 'completed'],
      ]);
      expect(outcomes[1]![4]).toBe(` (${FAILURE_REASON})`);
      expect(outcomes[0]![4]).toMatch(/^, video valid until \d{4}-/);
      expect(run.stdout).toMatch(/^2 of 3 completed$/m);
    },
    TIMEOUT,
  );

  test(
    'many-tasks: exits 0 when every task completed',
    async ({ expect }) => {
      const run = await runExample('many-tasks', ['a paper boat', 'clouds over a ridge']);
      expectClean(expect, run);
      expect(run.stdout).toMatch(/^2 of 2 completed$/m);
    },
    TIMEOUT,
  );

  test(
    'sandbox-in-your-tests: self-contained, its assertions pass with no env',
    async ({ expect }) => {
      const run = await runExample('sandbox-in-your-tests', [], {
        JIMMYAI_API_KEY: undefined,
        JIMMYAI_BASE_URL: undefined,
      });
      expectClean(expect, run);
      expect(run.stdout).toContain('ok: completed despite a 503');
      expect(run.stdout).toMatch(/^ok: TaskFailedError for task_\w+: /m);
      expect(run.stdout).toContain(`: ${FAILURE_REASON}\n`);
      expect(run.stdout).toMatch(/all assertions passed\n$/);
    },
    TIMEOUT,
  );
});
