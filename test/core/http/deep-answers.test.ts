/**
 * Promise: no answer is too deep or too odd to read. A task answer nesting about 5,000
 * levels (10 kB) in any field, and an error answer nesting as deep, end in the task or a
 * typed error that names the task, never a raw `RangeError`: one poll must not lose a
 * billed task. A completion time no Date can hold (`1e300`, past year 275760) or one that
 * is not positive (`-0`) is read as absent, so `expiresAt` is a valid date counted from
 * when the task was seen, and the CLI reports the completed task.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, test } from 'vitest';
import { TaskFailedError, type VideoTask } from '../../../src/index.js';
import { hostileApi, sendTask, TASK_ID } from '../../helpers/hostile-api.js';
import { runCli } from '../../helpers/cli.js';
import { TEST_KEY } from '../../helpers/omni.js';
import { virtualClock } from '../../helpers/virtual-clock.js';

const DEPTH = 5000;
// JSON text, written by hand: JSON.stringify itself overflows at this depth.
const deepArray = () => '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const deepObject = () => '{"a":'.repeat(DEPTH) + '"why"' + '}'.repeat(DEPTH);

const failedWith = (reason: string) =>
  `{"task_id":"${TASK_ID}","status":"failed","progress":0,"error_message":${reason}}`;

/** Sends `text` as the answer, with HTTP `status`. */
const sendText = (res: ServerResponse, text: string, status = 200): void =>
  void res.writeHead(status, { 'content-type': 'application/json' }).end(text);
const envelope = (data: string) => `{"code":"20000","msg":"ok","data":${data}}`;

describe.each([
  ['an array', deepArray],
  ['an object', deepObject],
])('error_message nested %s 5,000 levels deep', (_, deep) => {
  test('retrieve hands back the task, the reason as bounded text', async () => {
    await using api = await hostileApi((_, res) => sendText(res, envelope(failedWith(deep()))));
    const task = await api.omni.videos.retrieve(TASK_ID);
    expect(task.task_id).toBe(TASK_ID);
    expect(typeof task.error_message).toBe('string');
    expect((task.error_message as string).length).toBeLessThanOrEqual(501);
  });

  test('wait and generate end with TaskFailedError naming the task', async () => {
    await using api = await hostileApi((req, res) =>
      req.method === 'POST'
        ? sendTask(res, { task_id: TASK_ID, status: 'queued' })
        : sendText(res, envelope(failedWith(deep()))),
    );
    const waited = await api.omni.videos.wait(TASK_ID, { timeoutMs: 5000 }).catch((e) => e);
    const generated = await api.omni.videos
      .generate({ model: 'Gemini-Omini', prompt: 'a fox' }, { timeoutMs: 5000, pollIntervalMs: 1 })
      .catch((e) => e);
    for (const error of [waited, generated]) {
      expect(error).toBeInstanceOf(TaskFailedError);
      expect((error as TaskFailedError).taskId).toBe(TASK_ID);
    }
  });
});

const done = (completedAt: unknown): VideoTask =>
  ({
    task_id: TASK_ID,
    status: 'completed',
    progress: 100,
    completed_at: completedAt,
    result: { video_url: 'https://cdn.example.com/v.mp4' },
  }) as VideoTask;

describe('a completion time no Date can hold, or not positive', () => {
  test.each([1e300, 9e15, '1e300', -0, 0])(
    'completed_at %s: expiresAt is 3 days after the task was seen',
    async (completedAt) => {
      const clock = virtualClock();
      const seen = clock.now();
      await using api = await hostileApi(
        (_, res) =>
          // JSON.stringify writes -0 as 0: the -0 is put in by hand.
          sendText(
            res,
            envelope(
              JSON.stringify(done(completedAt)).replace(
                '"completed_at":0',
                `"completed_at":${Object.is(completedAt, -0) ? '-0' : '0'}`,
              ),
            ),
          ),
        { clock },
      );
      const task = await api.omni.videos.wait(TASK_ID);
      expect(task.completed_at ?? null).toBeNull();
      expect(Number.isNaN(task.expiresAt.getTime())).toBe(false);
      expect(task.expiresAt.getTime()).toBe(seen + 3 * 24 * 3600 * 1000);
    },
  );

  test('omni wait reports the completed task (exit 0)', async () => {
    await using api = await hostileApi((_, res) =>
      sendText(res, envelope(JSON.stringify(done(1e300)))),
    );
    const run = await runCli(['wait', TASK_ID, '--json'], {
      env: { JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: api.server.url },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
