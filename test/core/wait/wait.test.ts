/**
 * wait / watch / generate against the sandbox, in virtual time: the sandbox and the
 * client share one virtual clock, so a task's minutes pass in milliseconds.
 */
import { describe, expect, test } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  NotFoundError,
  Omni,
  TaskFailedError,
  TaskTimeoutError,
  type VideoTask,
} from '../../../src/index.js';
import { PROMPT_MARKERS, startSandbox, type FaultKind } from '../../../src/sandbox/index.js';
import { clientOn } from '../../helpers/omni.js';
import { virtualSandbox } from '../../helpers/virtual-sandbox.js';

const setup = (options: { queueMs?: number; runMs?: number } = {}) =>
  virtualSandbox({ seed: 3, queueMs: 2000, runMs: 30_000, ...options }, { timeoutMs: 1000 });
const params = (prompt = 'a fox') => ({ model: 'Gemini-Omini', prompt }) as const;

describe('wait', () => {
  test('returns the completed task with its video URL and when the link expires', async () => {
    await using env = await setup();
    const task = await env.omni.videos.create(params());
    const done = await env.omni.videos.wait(task);
    expect(done.status).toBe('completed');
    expect(done.result.video_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\//);
    expect(done.expiresAt.getTime()).toBe(
      (done.completed_at as number) * 1000 + 3 * 24 * 3600 * 1000,
    );
  });

  test('sees the result soon after it is ready, without polling all the time', async () => {
    await using env = await setup();
    const task = await env.omni.videos.create(params());
    const done = await env.omni.videos.wait(task);
    const readyAt = (done.completed_at as number) * 1000;
    expect(env.clock.now() - readyAt).toBeLessThan(2500);
    const polls = env.sandbox.requests.filter((r) => r.route === 'retrieve').length;
    expect(polls).toBeLessThan(32 / 2); // a 32 s task, polled fixed every 2 s, takes 16 polls
  });

  test('resumes from a plain id string', async () => {
    await using env = await setup();
    const { task_id } = await env.omni.videos.create(params());
    expect((await env.omni.videos.wait(task_id)).task_id).toBe(task_id);
  });

  test('reports every change of status or progress once, in order', async () => {
    await using env = await setup();
    const seen: VideoTask[] = [];
    await env.omni.videos.wait(await env.omni.videos.create(params()), {
      onProgress: (t) => seen.push(t),
      pollIntervalMs: 1000,
    });
    const keys = seen.map((t) => `${t.status}:${t.progress}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toBe('queued:0');
    expect(keys.at(-1)).toBe('completed:100');
    const progress = seen.filter((t) => t.status === 'processing').map((t) => t.progress as number);
    expect(progress.length).toBeGreaterThan(5);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  test('a `success` status ends the wait like `completed`', async () => {
    await using env = await setup();
    const done = await env.omni.videos.wait(
      await env.omni.videos.create(params(`x ${PROMPT_MARKERS.success}`)),
    );
    expect(done.status).toBe('success');
    expect(done.result.video_url).toBeTruthy();
  });

  test.each([
    ['error_message', PROMPT_MARKERS.fail],
    ['error_msg', PROMPT_MARKERS.failErrorMsg],
    ['reason', PROMPT_MARKERS.failReason],
  ])('a failed task raises TaskFailedError with the reason from %s', async (_, marker) => {
    await using env = await setup();
    const task = await env.omni.videos.create(params(`x ${marker}`));
    const error = await env.omni.videos.wait(task).catch((e) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.taskId).toBe(task.task_id);
    expect(error.task.status).toBe('failed');
    expect(error.reason).toMatch(/\S/);
    expect(error.message).toContain(error.reason);
  });

  test('an unknown status counts as running, is shown, and is not polled in a tight loop', async () => {
    await using env = await setup();
    const task = await env.omni.videos.create(params());
    env.sandbox.injectFault({
      kind: 'unknown-status',
      route: 'retrieve',
      status: 'rendering',
      times: 20,
    });
    const seen: string[] = [];
    const done = await env.omni.videos.wait(task, { onProgress: (t) => seen.push(t.status) });
    expect(done.status).toBe('completed');
    expect(seen).toContain('rendering');
    expect(Math.min(...env.clock.sleeps.filter((ms) => ms > 0))).toBeGreaterThanOrEqual(400);
  });

  test.each<FaultKind>([
    'server-error',
    'unavailable',
    'rate-limit',
    'reset-before',
    'truncated-body',
    'malformed-json',
    'error-envelope-200',
    'progress-backwards',
  ])('transient %s while waiting does not end the wait', async (kind) => {
    await using env = await setup();
    const task = await env.omni.videos.create(params());
    env.sandbox.injectFault({ kind, route: 'retrieve', times: 4, retryAfter: 1 });
    expect((await env.omni.videos.wait(task)).status).toBe('completed');
  });

  test('a Retry-After on a poll answer is honoured', async () => {
    await using env = await setup();
    const task = await env.omni.videos.create(params());
    env.sandbox.injectFault({ kind: 'rate-limit', route: 'retrieve', retryAfter: 45 });
    await env.omni.videos.wait(task);
    expect(env.clock.sleeps).toContain(45_000);
  });

  test('authentication and not-found errors end the wait at once', async () => {
    await using env = await setup();
    const task = await env.omni.videos.create(params());
    const wrongKey = new Omni({ apiKey: '', baseUrl: env.sandbox.url, clock: env.clock });
    await expect(wrongKey.videos.wait(task.task_id)).rejects.toMatchObject({
      issues: [{ path: 'apiKey' }],
    });
    const strict = await startSandbox({ now: env.clock.now, apiKeys: ['sk_other'] });
    try {
      const refused = clientOn(strict.url, { clock: env.clock });
      await expect(refused.videos.wait('task_x')).rejects.toBeInstanceOf(AuthenticationError);
      expect(strict.requests).toHaveLength(1);
    } finally {
      await strict.close();
    }
    const error = await env.omni.videos.wait('task_missing').catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.taskId).toBe('task_missing');
  });

  test('the deadline raises TaskTimeoutError with the id and the last snapshot', async () => {
    await using env = await setup({ runMs: 3_600_000 });
    const task = await env.omni.videos.create(params());
    const error = await env.omni.videos.wait(task, { timeoutMs: 60_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect(error.taskId).toBe(task.task_id);
    expect(error.lastTask).toMatchObject({ task_id: task.task_id, status: 'processing' });
    expect(error.message).toContain(`wait(${JSON.stringify(task.task_id)})`);
    expect(error.timeoutMs).toBe(60_000);
    // ... and the caller resumes later from the id.
    env.clock.advance(3_600_000);
    expect((await env.omni.videos.wait(task.task_id)).status).toBe('completed');
  });

  // waitMany runs the same loop per task (one task here: in virtual time a second one
  // would move the clock while this one's poll is in flight, which real time does not do).
  test.each<[string, (omni: Omni, task: VideoTask) => Promise<unknown>]>([
    ['wait', (omni, task) => omni.videos.wait(task, { timeoutMs: 60_000 })],
    ['waitMany', (omni, task) => omni.videos.waitMany([task.task_id], { timeoutMs: 60_000 })],
  ])(
    '%s: a poll due after the deadline becomes a last look just before it, then none',
    async (_, waitFor) => {
      await using env = await setup({ runMs: 3_600_000 });
      const task = await env.omni.videos.create(params());
      const start = env.clock.now();
      await waitFor(env.omni, task).catch(() => undefined);
      const polls = env.sandbox.requests
        .filter((r) => r.route === 'retrieve')
        .map((r) => r.time - start);
      // The schedule's interval is several seconds here: without the last look, the last
      // poll could come up to one interval before the deadline.
      expect(polls.at(-1)).toBeGreaterThanOrEqual(59_000);
      expect(polls.at(-1)).toBeLessThan(60_000);
      expect(env.clock.now() - start).toBe(60_000);
      expect(polls.filter((t) => t >= 59_000)).toHaveLength(1);
    },
  );

  test('an abort rejects at once, interrupting the sleep', async () => {
    await using env = await setup();
    const task = await env.omni.videos.create(params());
    const controller = new AbortController();
    const realClock = clientOn(env.sandbox.url);
    const pending = realClock.videos.wait(task, {
      signal: controller.signal,
      pollIntervalMs: 60_000,
    });
    setTimeout(() => controller.abort(), 20);
    const error = await pending.catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error.taskId).toBe(task.task_id);
  });
});

describe('watch', () => {
  test('yields snapshots as they change and ends at the terminal one', async () => {
    await using env = await setup();
    const task = await env.omni.videos.create(params(`x ${PROMPT_MARKERS.progressJump}`));
    const statuses: string[] = [];
    for await (const snapshot of env.omni.videos.watch(task))
      statuses.push(`${snapshot.status}:${snapshot.progress}`);
    expect(statuses).toEqual(['queued:0', 'processing:80', 'completed:100']);
  });

  test('yields a failed task instead of throwing', async () => {
    await using env = await setup();
    const task = await env.omni.videos.create(params(`x ${PROMPT_MARKERS.fail}`));
    let last: VideoTask | undefined;
    for await (const snapshot of env.omni.videos.watch(task.task_id)) last = snapshot;
    expect(last?.status).toBe('failed');
  });
});

describe('generate', () => {
  test('creates, reports the task as soon as it exists, then waits', async () => {
    await using env = await setup();
    let created: VideoTask | undefined;
    const done = await env.omni.videos.generate(params(), { onTaskCreated: (t) => (created = t) });
    expect(created?.status).toBe('queued');
    expect(done.task_id).toBe(created?.task_id);
    expect(env.sandbox.tasks).toHaveLength(1);
  });

  test('every error after the task exists carries its id', async () => {
    await using env = await setup();
    let created: VideoTask | undefined;
    const error = await env.omni.videos
      .generate(params(`x ${PROMPT_MARKERS.fail}`), { onTaskCreated: (t) => (created = t) })
      .catch((e) => e);
    expect(error.taskId).toBe(created?.task_id);
  });
});
