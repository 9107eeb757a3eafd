/** waitMany: one scheduler for many tasks, evenly spaced under a rate cap, outcomes in input order. */
import { expect, test } from 'vitest';
import {
  AbortError,
  NotFoundError,
  TaskFailedError,
  TaskTimeoutError,
} from '../../../src/index.js';
import { PROMPT_MARKERS, startSandbox } from '../../../src/sandbox/index.js';
import { waitForMany } from '../../../src/core/wait/wait-many.js';
import { clientOn } from '../../helpers/omni.js';
import { virtualClock } from '../../helpers/virtual-clock.js';
import { systemClock } from '../../../src/core/clock.js';
import { virtualSandbox } from '../../helpers/virtual-sandbox.js';

async function setup() {
  // When each poll starts, on the client's clock (a wrapper over the real fetch).
  const pollStarts: number[] = [];
  const timed: typeof fetch = (input, init) => {
    const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
    if (method === 'GET') pollStarts.push(env.clock.now());
    return fetch(input, init);
  };
  const env = await virtualSandbox(
    { seed: 11, jitter: 0.5, queueMs: 5000, runMs: 60_000 },
    { fetch: timed },
  );
  return Object.assign(env, { pollStarts });
}

test('resolves each outcome in input order: completed, failed, timed out, error', async () => {
  await using env = await setup();
  const create = (prompt: string) =>
    env.omni.videos.create({ model: 'Gemini-Omini', prompt }).then((t) => t.task_id);
  const done = await create('a fox');
  const failed = await create(`x ${PROMPT_MARKERS.fail}`);
  const outcomes = await env.omni.videos.waitMany([failed, 'task_missing', done], {
    maxRequestsPerSecond: 10,
  });
  expect(outcomes.map((o) => [o.taskId, o.status])).toEqual([
    [failed, 'failed'],
    ['task_missing', 'error'],
    [done, 'completed'],
  ]);
  expect(outcomes[0]).toMatchObject({ error: expect.any(TaskFailedError) });
  expect(outcomes[1]).toMatchObject({ error: expect.any(NotFoundError) });
  expect(outcomes[2]).toMatchObject({
    task: { result: { video_url: expect.any(String) }, expiresAt: expect.any(Date) },
  });

  const slow = await startSandbox({ now: env.clock.now, queueMs: 3_600_000 });
  try {
    const omni = clientOn(slow.url, { clock: env.clock });
    const { task_id } = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'x' });
    const [late] = await omni.videos.waitMany([task_id], { timeoutMs: 120_000 });
    expect(late).toMatchObject({
      taskId: task_id,
      status: 'timed_out',
      error: expect.any(TaskTimeoutError),
    });
  } finally {
    await slow.close();
  }
});

test('every task completes, with far fewer polls than a fixed 2 s poll', async () => {
  await using env = await setup();
  const ids: string[] = [];
  for (let i = 0; i < 40; i++)
    ids.push(
      (await env.omni.videos.create({ model: 'Gemini-Omini', prompt: `task ${i}` })).task_id,
    );
  const outcomes = await env.omni.videos.waitMany(ids, { maxRequestsPerSecond: 5 });
  expect(outcomes.map((o) => o.status)).toEqual(ids.map(() => 'completed'));
  expect(env.pollStarts.length).toBeLessThan(40 * 10);
});

test('the scheduler starts polls evenly spaced under the cap, serving the most due task first', async () => {
  // The scheduler alone, on simulated tasks in virtual time: the sandbox's clock would
  // record arrivals, not the moment each poll was started.
  const clock = virtualClock(0);
  const starts: number[] = [];
  const readyAt = new Map(Array.from({ length: 30 }, (_, i) => [`t${i}`, 20_000 + i * 3_000]));
  const outcomes = await waitForMany(
    [...readyAt.keys()],
    {
      clock,
      random: () => 0.5,
      requestTimeoutMs: 1000,
      poll: async (taskId) => {
        starts.push(clock.now());
        const ready = readyAt.get(taskId)!;
        const done = clock.now() >= ready;
        const progress = Math.min(99, Math.floor((clock.now() / ready) * 100));
        const task = done
          ? {
              task_id: taskId,
              status: 'completed',
              progress: 100,
              result: { video_url: 'https://cdn.example/v.mp4' },
            }
          : { task_id: taskId, status: 'processing', progress };
        return { task };
      },
    },
    { maxRequestsPerSecond: 4 },
  );
  expect(outcomes.every((o) => o.status === 'completed')).toBe(true);
  const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
});

test('an abort rejects at once', async () => {
  await using env = await setup();
  const { task_id } = await env.omni.videos.create({ model: 'Gemini-Omini', prompt: 'x' });
  const controller = new AbortController();
  controller.abort();
  await expect(
    env.omni.videos.waitMany([task_id], { signal: controller.signal }),
  ).rejects.toBeInstanceOf(AbortError);
});

test('an abort leaves no timer behind: the shared pacer wakes and stops', async () => {
  // A real clock: the pacer's sleep is what is tested. One task far from due, then abort.
  const controller = new AbortController();
  const outcome = waitForMany(
    ['t0'],
    {
      clock: systemClock,
      random: () => 0.5,
      requestTimeoutMs: 1000,
      poll: async (taskId) => ({ task: { task_id: taskId, status: 'queued', progress: 0 } }),
    },
    { signal: controller.signal, pollIntervalMs: 60_000 },
  ).catch((e: unknown) => e);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  controller.abort();
  expect(await outcome).toBeInstanceOf(AbortError);
  await new Promise((resolve) => setImmediate(resolve));
  const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  expect(timersAfter).toBe(timersBefore - 1);
});
