/**
 * Promise: every call settles within its deadline. A server that hangs (before
 * answering, after the headers, in the middle of the body) cannot hold `wait`,
 * `generate` or `waitMany` past their deadline: it bounds the request in flight. And
 * the TaskTimeoutError says what was seen: the last snapshot, and, when the polls were
 * failing, the last error as its `cause`.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, test } from 'vitest';
import { InternalServerError, RequestTimeoutError, TaskTimeoutError } from '../../../src/index.js';
import { hostileApi, running, sendTask, TASK_ID } from '../../helpers/hostile-api.js';
import { sendJson } from '../../helpers/hostile-server.js';
import { virtualClock } from '../../helpers/virtual-clock.js';

/** Ways a server hangs on a poll. */
const HANGS: [string, (res: ServerResponse) => void][] = [
  ['never answers', () => undefined],
  [
    'sends the headers, then nothing',
    (res) => res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders(),
  ],
  [
    'sends half a body, then nothing',
    (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
      res.write('{"code":"20000","msg":"ok","data":{"task_id":');
    },
  ],
];

const DEADLINE_MS = 300;
// Well under the client's per-request timeout (5 s) and the 1 s that a poll used to be
// given whatever was left: only the deadline can end the call this early. The tests run
// one after the other, since a loaded event loop delays every timer.
const SLACK_MS = 650;

async function timed<T>(run: () => Promise<T>) {
  const start = performance.now();
  const result: { value?: T; error?: unknown } = await run().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { ...result, ms: performance.now() - start };
}

describe.each(HANGS)('a server that %s', (_, hang) => {
  test('wait ends at its deadline, the timed-out poll as the cause', async () => {
    await using api = await hostileApi((_, res) => hang(res));
    const { error, ms } = await timed(() =>
      api.omni.videos.wait(TASK_ID, { timeoutMs: DEADLINE_MS }),
    );
    expect(error).toBeInstanceOf(TaskTimeoutError);
    // The first poll goes out at once, reaches the hanging server, and is the one the
    // deadline cut short: always, not only when it happened to arrive.
    expect(api.server.requests.length).toBeGreaterThan(0);
    expect((error as Error).cause).toBeInstanceOf(RequestTimeoutError);
    expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
  });

  test('generate ends at its deadline, naming the task', async () => {
    await using api = await hostileApi((req, res) =>
      req.method === 'POST' ? sendTask(res, { task_id: TASK_ID, status: 'queued' }) : hang(res),
    );
    // The deadline counts from the created task: the create's own time is not part of it.
    let createdAt = 0;
    const { error } = await timed(() =>
      api.omni.videos.generate(
        { model: 'Gemini-Omini', prompt: 'a fox' },
        {
          timeoutMs: DEADLINE_MS,
          pollIntervalMs: 10,
          onTaskCreated: () => void (createdAt = performance.now()),
        },
      ),
    );
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect((error as TaskTimeoutError).taskId).toBe(TASK_ID);
    expect(performance.now() - createdAt).toBeLessThan(DEADLINE_MS + SLACK_MS);
  });

  test('waitMany ends each task at its deadline', async () => {
    await using api = await hostileApi((_, res) => hang(res));
    const { value, ms } = await timed(() =>
      api.omni.videos.waitMany(['task_a', 'task_b'], { timeoutMs: DEADLINE_MS }),
    );
    expect(value?.map((o) => o.status)).toEqual(['timed_out', 'timed_out']);
    expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
  });
});

describe('TaskTimeoutError says what was seen (virtual time)', () => {
  const fail503 = (res: ServerResponse) => sendJson(res, 503, { code: '50300', msg: 'busy' });
  test.each<[string, (index: number, res: ServerResponse) => void, boolean, boolean]>([
    [
      'running, then failing polls',
      (i, res) => (i === 0 ? sendTask(res, running()) : fail503(res)),
      true,
      true,
    ],
    ['failing polls only', (_, res) => fail503(res), false, true],
    [
      'failing, then running',
      (i, res) => (i < 3 ? fail503(res) : sendTask(res, running())),
      true,
      false,
    ],
    ['running throughout', (_, res) => sendTask(res, running()), true, false],
  ])('%s', async (_, answer, hasSnapshot, hasCause) => {
    for (const many of [false, true]) {
      await using api = await hostileApi((req, res) => answer(req.index, res), {
        clock: virtualClock(),
      });
      const error = many
        ? (
            (await api.omni.videos.waitMany([TASK_ID], { timeoutMs: 60_000 }))[0] as {
              error: unknown;
            }
          ).error
        : await api.omni.videos.wait(TASK_ID, { timeoutMs: 60_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TaskTimeoutError);
      const timeout = error as TaskTimeoutError;
      expect(timeout.lastTask?.status).toBe(hasSnapshot ? 'processing' : undefined);
      if (hasCause) {
        expect(timeout.cause).toBeInstanceOf(InternalServerError);
        expect(timeout.message).toContain('the last poll failed');
      } else expect(timeout.cause).toBeUndefined();
    }
  });
});

test('the deadline in the message is the one given: 700 ms, not "1 s"', async () => {
  await using api = await hostileApi((_, res) => sendTask(res, running()), {
    clock: virtualClock(),
  });
  const error = await api.omni.videos.wait(TASK_ID, { timeoutMs: 700 }).catch((e: unknown) => e);
  expect((error as Error).message).toContain('did not finish within 700 ms');
  const later = await api.omni.videos.wait(TASK_ID, { timeoutMs: 90_000 }).catch((e: unknown) => e);
  expect((later as Error).message).toContain('did not finish within 90 s');
});
