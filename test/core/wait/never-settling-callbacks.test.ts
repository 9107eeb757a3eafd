/**
 * Promise: every call settles by its deadline and at the caller's abort, whatever its
 * callbacks do (issue 19). An `onProgress` (or `onTaskCreated`) awaiting something that
 * never comes does not hold `wait`, `generate` or `waitMany`: the call settles with a
 * TaskTimeoutError or an AbortError naming the task, the other tasks of a `waitMany` go
 * on, and a callback that settles late (even by rejecting) is dropped without an
 * unhandled rejection. Real time: the deadline's timer is what is tested.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { AbortError, type Omni, TaskTimeoutError } from '../../../src/index.js';
import { hostileApi, polledId, sendTask } from '../../helpers/hostile-api.js';
import { timed } from '../../helpers/timed.js';

const DEADLINE_MS = 300;
// Far below a callback that never settles (forever); well above a loaded event loop's delay.
const SLACK_MS = 700;
const never = () => new Promise<never>(() => undefined);
const params = { model: 'Gemini-Omini', prompt: 'a fox' } as const;

/** Every process-level error while a test runs: there must be none. */
const stray: unknown[] = [];
const collect = (error: unknown) => stray.push(error);
beforeEach(() => {
  stray.length = 0;
  process.on('uncaughtException', collect);
  process.on('unhandledRejection', collect);
});
afterEach(() => {
  process.off('uncaughtException', collect);
  process.off('unhandledRejection', collect);
  expect(stray).toEqual([]);
});

/** A service whose tasks run (progress 40) until `task_done*` ones complete. */
const service = () =>
  hostileApi((req, res) => {
    if (req.method === 'POST') return sendTask(res, { task_id: 'task_new', status: 'queued' });
    const id = polledId(req.url);
    sendTask(
      res,
      id.startsWith('task_done')
        ? {
            task_id: id,
            status: 'completed',
            progress: 100,
            result: { video_url: 'https://cdn.example.com/v.mp4' },
          }
        : { task_id: id, status: 'processing', progress: 40 },
    );
  });

type Callback = () => Promise<never>;

/** Each call that takes a callback, given one that never settles, and the task it names. */
const CALLS: [
  string,
  (omni: Omni, cb: Callback, timeoutMs: number, signal?: AbortSignal) => Promise<unknown>,
  string,
][] = [
  [
    "wait's onProgress",
    (omni, cb, timeoutMs, signal) =>
      omni.videos.wait('task_w', { timeoutMs, signal, onProgress: cb }),
    'task_w',
  ],
  [
    "generate's onProgress",
    (omni, cb, timeoutMs, signal) =>
      omni.videos.generate(params, { timeoutMs, signal, onProgress: cb }),
    'task_new',
  ],
  [
    "generate's onTaskCreated",
    (omni, cb, timeoutMs, signal) =>
      omni.videos.generate(params, { timeoutMs, signal, onTaskCreated: cb }),
    'task_new',
  ],
];

describe.each(CALLS)('%s never settles', (_, call, taskId) => {
  test('the call ends at its deadline with a TaskTimeoutError naming the task', async () => {
    await using api = await service();
    const { error, ms } = await timed(() => call(api.omni, never, DEADLINE_MS));
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect((error as TaskTimeoutError).taskId).toBe(taskId);
    expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
  });

  test("the call ends at the caller's abort with an AbortError naming the task", async () => {
    await using api = await service();
    const controller = new AbortController();
    let calledAt = 0;
    // The caller gives up while the callback hangs, long before the deadline.
    const hang = () => {
      calledAt = performance.now();
      setTimeout(() => controller.abort(), 20);
      return never();
    };
    const error = await call(api.omni, hang, 60_000, controller.signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).taskId).toBe(taskId);
    expect(performance.now() - calledAt).toBeLessThan(DEADLINE_MS);
  });
});

describe("waitMany's onProgress never settles for one task", () => {
  test('that task times out at its deadline, the others complete', async () => {
    await using api = await service();
    const { value, ms } = await timed(() =>
      api.omni.videos.waitMany(['task_stuck', 'task_done'], {
        timeoutMs: DEADLINE_MS,
        onProgress: (task) => (task.task_id === 'task_stuck' ? never() : undefined),
      }),
    );
    expect(value?.map((o) => [o.taskId, o.status])).toEqual([
      ['task_stuck', 'timed_out'],
      ['task_done', 'completed'],
    ]);
    expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
  });

  test("the call ends at the caller's abort", async () => {
    await using api = await service();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error, ms } = await timed(() =>
      api.omni.videos.waitMany(['task_stuck'], {
        timeoutMs: 60_000,
        signal: controller.signal,
        onProgress: never,
      }),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
  });
});

test('a callback that rejects after the deadline is dropped, never an unhandled rejection', async () => {
  await using api = await service();
  let rejectLate: ((error: Error) => void) | undefined;
  const error = await api.omni.videos
    .wait('task_w', {
      timeoutMs: DEADLINE_MS,
      onProgress: () => new Promise((_, reject) => (rejectLate = reject)),
    })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TaskTimeoutError);
  expect(rejectLate).toBeTypeOf('function');
  rejectLate?.(new Error('too late'));
  // Give an unhandled rejection the time to surface (afterEach checks there was none).
  await new Promise((resolve) => setTimeout(resolve, 50));
});

test('the TaskTimeoutError carries the snapshot the callback was given', async () => {
  await using api = await service();
  const error = await api.omni.videos
    .wait('task_w', { timeoutMs: DEADLINE_MS, onProgress: never })
    .catch((e: unknown) => e);
  expect((error as TaskTimeoutError).lastTask).toMatchObject({
    task_id: 'task_w',
    status: 'processing',
    progress: 40,
  });
});
