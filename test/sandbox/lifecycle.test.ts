/** A task's life, computed from the sandbox clock: queued → processing → completed or failed. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  FAILURE_REASON,
  JUMP_PROGRESS,
  PROMPT_MARKERS,
  SANDBOX_DEFAULTS,
  startSandbox,
  type Sandbox,
} from '../../src/sandbox/index.js';
import { specValidator } from '../../src/sandbox/spec-validator.js';
import { BODY, T0, create, createTaskId, retrieve } from '../helpers/sandbox.js';

const getResponse = specValidator('GetVideoTaskResponse');
const createResponse = specValidator('CreateVideoResponse');

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ now: () => T0, jitter: 0, queueMs: 1000, runMs: 5000, seed: 1 });
});
afterAll(() => sandbox.close());

/** Polls the task after moving the clock to `atMs` after `createdAtMs`. */
async function stateAt(id: string, atMs: number) {
  const task = sandbox.task(id)!;
  sandbox.advance(task.createdAtMs + atMs - sandbox.now());
  const answer = await retrieve(sandbox, id);
  expect(answer.status).toBe(200);
  expect(getResponse.validate(answer.body)).toEqual({ valid: true });
  return answer.body.data;
}

describe('create', () => {
  test('answers the envelope with task_id, status queued, model and created_at in seconds', async () => {
    const answer = await create(sandbox);
    expect(answer.status).toBe(200);
    expect(createResponse.validate(answer.body)).toEqual({ valid: true });
    expect(answer.body).toEqual({
      code: '20000',
      msg: 'ok',
      data: {
        task_id: expect.stringMatching(/^task_[0-9A-HJKMNP-TV-Z]{13}$/),
        status: 'queued',
        model: 'Gemini-Omini',
        created_at: Math.floor(sandbox.now() / 1000),
      },
    });
  });

  test.each([
    ['Omni-Flash-Ext', 'Gemini-Omini'],
    ['gemini-omni', 'Gemini-Omini'],
    ['Gemini-Omini', 'Gemini-Omini'],
    ['omni-10s', 'omni-10s'],
  ])('normalises model %s to %s', async (model, normalised) => {
    const answer = await create(sandbox, { ...BODY, model });
    expect(answer.body.data.model).toBe(normalised);
    expect((await retrieve(sandbox, answer.body.data.task_id)).body.data.model).toBe(normalised);
  });
});

describe('default lifecycle', () => {
  test('queued (0) → processing (rising 1..99) → completed (100, completed_at, result)', async () => {
    const id = await createTaskId(sandbox);
    const createdAt = Math.floor(sandbox.task(id)!.createdAtMs / 1000);
    expect(await stateAt(id, 0)).toEqual({
      task_id: id,
      status: 'queued',
      progress: 0,
      model: 'Gemini-Omini',
      created_at: createdAt,
      completed_at: null,
      result: null,
      error_message: null,
    });
    expect((await stateAt(id, 999)).status).toBe('queued');

    const seen: number[] = [];
    for (const at of [1000, 2000, 3500, 5000, 5999]) {
      const state = await stateAt(id, at);
      expect(state.status).toBe('processing');
      expect(state.completed_at).toBeNull();
      expect(state.result).toBeNull();
      seen.push(state.progress);
    }
    expect(seen[0]).toBe(1);
    expect(seen.at(-1)).toBe(99);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);

    const done = await stateAt(id, 6000);
    expect(done).toEqual({
      task_id: id,
      status: 'completed',
      progress: 100,
      model: 'Gemini-Omini',
      created_at: createdAt,
      completed_at: Math.floor((sandbox.task(id)!.createdAtMs + 6000) / 1000),
      result: {
        video_url: expect.stringMatching(
          new RegExp(`^${sandbox.url}/media/${id}\\.mp4\\?expires=\\d+&sig=[0-9a-f]+$`),
        ),
        image_url: null,
      },
      error_message: null,
    });
    expect(await stateAt(id, 60_000)).toEqual(done);
  });

  test('sandbox.task(id).state and sandbox.tasks are the snapshot the API reports', async () => {
    const id = await createTaskId(sandbox);
    const reported = await stateAt(id, 2500);
    expect(sandbox.task(id)!.state).toEqual(reported);
    expect(sandbox.tasks.find((t) => t.id === id)?.state).toEqual(reported);
    expect(sandbox.task(id)!.request).toEqual(BODY);
    expect(sandbox.task('task_unknown')).toBeUndefined();
  });

  test('time stands still with a fixed clock until advanced', async () => {
    const id = await createTaskId(sandbox);
    expect((await retrieve(sandbox, id)).body.data.status).toBe('queued');
    expect((await retrieve(sandbox, id)).body.data.status).toBe('queued');
    sandbox.advance(1500);
    expect((await retrieve(sandbox, id)).body.data.status).toBe('processing');
  });
});

describe('prompt markers', () => {
  test('[fail]: processing, then failed with progress 0, completed_at and error_message', async () => {
    const id = await createTaskId(sandbox, `a fox ${PROMPT_MARKERS.fail}`);
    expect((await stateAt(id, 3000)).status).toBe('processing');
    const failed = await stateAt(id, 6000);
    expect(failed).toMatchObject({ status: 'failed', progress: 0, result: null });
    expect(failed.error_message).toBe(FAILURE_REASON);
    expect(failed.completed_at).toBe(Math.floor(sandbox.task(id)!.endsAtMs / 1000));
  });

  test.each([
    [PROMPT_MARKERS.failErrorMsg, 'error_msg'],
    [PROMPT_MARKERS.failReason, 'reason'],
  ])('%s: fails with the reason in %s instead of error_message', async (marker, field) => {
    const id = await createTaskId(sandbox, `a fox ${marker}`);
    const running = await stateAt(id, 2000);
    expect(running).not.toHaveProperty('error_message');
    expect(running[field]).toBeNull();
    const failed = await stateAt(id, 6000);
    expect(failed.status).toBe('failed');
    expect(failed).not.toHaveProperty('error_message');
    expect(failed[field]).toBe(FAILURE_REASON);
  });

  test('[success]: completes with status success and a result', async () => {
    const id = await createTaskId(sandbox, `a fox ${PROMPT_MARKERS.success}`);
    const done = await stateAt(id, 6000);
    expect(done).toMatchObject({ status: 'success', progress: 100 });
    expect(done.result.video_url).toContain(`/media/${id}.mp4`);
  });

  test('[progress:stuck]: progress stays 0 while processing, then 100', async () => {
    const id = await createTaskId(sandbox, `${PROMPT_MARKERS.progressStuck} a fox`);
    for (const at of [1000, 3000, 5999])
      expect(await stateAt(id, at)).toMatchObject({ status: 'processing', progress: 0 });
    expect(await stateAt(id, 6000)).toMatchObject({ status: 'completed', progress: 100 });
  });

  test('[progress:jump]: 0 while queued, 80 all through processing, then 100', async () => {
    const id = await createTaskId(sandbox, `a fox ${PROMPT_MARKERS.progressJump}`);
    expect((await stateAt(id, 500)).progress).toBe(0);
    for (const at of [1000, 5999]) expect((await stateAt(id, at)).progress).toBe(JUMP_PROGRESS);
    expect((await stateAt(id, 6000)).progress).toBe(100);
  });

  test('[progress:null]: progress null while processing', async () => {
    const id = await createTaskId(sandbox, `a fox ${PROMPT_MARKERS.progressNull}`);
    expect(await stateAt(id, 3000)).toMatchObject({ status: 'processing', progress: null });
  });

  test.each([PROMPT_MARKERS.pending, PROMPT_MARKERS.submitted])(
    '%s: waits under that status, from the create answer on',
    async (marker) => {
      const answer = await create(sandbox, { ...BODY, prompt: `a fox ${marker}` });
      const status = marker.slice(1, -1);
      expect(answer.body.data.status).toBe(status);
      expect((await stateAt(answer.body.data.task_id, 500)).status).toBe(status);
    },
  );

  test('markers are case-insensitive and combine', async () => {
    const id = await createTaskId(sandbox, 'a fox [SUCCESS] [Progress:Jump]');
    expect((await stateAt(id, 2000)).progress).toBe(JUMP_PROGRESS);
    expect((await stateAt(id, 6000)).status).toBe('success');
  });
});

describe('timings', () => {
  test('timeScale scales queue and run times; tasks end on the real clock', async () => {
    const fast = await startSandbox({ timeScale: 0.001, jitter: 0 });
    try {
      const id = await createTaskId(fast);
      expect(fast.task(id)).toMatchObject({ queueMs: 1, runMs: 5 });
      let status = '';
      for (let i = 0; i < 200 && status !== 'completed'; i++) {
        await new Promise((r) => setTimeout(r, 2));
        status = (await retrieve(fast, id)).body.data.status;
      }
      expect(status).toBe('completed');
    } finally {
      await fast.close();
    }
  });

  test('the defaults take about 1 s queued and 5 s processing, with seeded ±20% jitter', async () => {
    expect(SANDBOX_DEFAULTS).toMatchObject({ queueMs: 1000, runMs: 5000, jitter: 0.2 });
    const plain = await startSandbox({ seed: 3 });
    try {
      const ids = [await createTaskId(plain), await createTaskId(plain), await createTaskId(plain)];
      const tasks = ids.map((id) => plain.task(id)!);
      for (const task of tasks) {
        expect(task.queueMs).toBeGreaterThanOrEqual(800);
        expect(task.queueMs).toBeLessThanOrEqual(1200);
        expect(task.runMs).toBeGreaterThanOrEqual(4000);
        expect(task.runMs).toBeLessThanOrEqual(6000);
      }
      expect(new Set(tasks.map((t) => t.runMs)).size).toBeGreaterThan(1);
    } finally {
      await plain.close();
    }
  });

  test('the same seed gives the same task ids and timings; another seed does not', async () => {
    const run = async (seed: number) => {
      const s = await startSandbox({ seed, now: () => T0 });
      try {
        const ids = [await createTaskId(s), await createTaskId(s)];
        return ids.map((id) => [id, s.task(id)!.queueMs, s.task(id)!.runMs, s.task(id)!.state]);
      } finally {
        await s.close();
      }
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(await run(43)).not.toEqual(first);
  });

  test('refuses nonsensical options', async () => {
    await expect(startSandbox({ timeScale: -1 })).rejects.toThrow(RangeError);
    await expect(startSandbox({ jitter: 1 })).rejects.toThrow(RangeError);
    await expect(startSandbox({ faults: { rate: 2 } })).rejects.toThrow(RangeError);
  });
});
