/**
 * Promise: an API answer (not a video) larger than 1 MiB is refused with a typed error
 * naming the task, without being read whole: at once when its Content-Length says so,
 * else as soon as 1 MiB has arrived, and its connection is released.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, test } from 'vitest';
import {
  CreateUncertainError,
  MalformedResponseError,
  TaskTimeoutError,
} from '../../../src/index.js';
import { hostileApi, TASK_ID } from '../../helpers/hostile-api.js';
import { virtualClock } from '../../helpers/virtual-clock.js';

const MiB = 1024 * 1024;
const HUGE = 64 * MiB;

/**
 * Streams a valid task answer of `total` bytes (a long unknown field), honouring
 * backpressure and stopping when the client goes away; resolves to the bytes written.
 */
function streamAnswer(res: ServerResponse, total: number, announce: boolean): Promise<number> {
  const head = `{"code":"20000","msg":"ok","data":{"task_id":"${TASK_ID}","status":"processing","pad":"`;
  const tail = '"}}';
  const chunk = 'x'.repeat(64 * 1024);
  res.writeHead(200, {
    'content-type': 'application/json',
    ...(announce ? { 'content-length': String(total) } : {}),
  });
  return new Promise((resolve) => {
    let written = 0;
    let closed = false;
    res.on('close', () => {
      closed = true;
      resolve(written);
    });
    const pump = () => {
      if (written === 0) {
        res.write(head);
        written += head.length;
      }
      while (!closed && written + chunk.length + tail.length <= total) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!closed) {
        res.end('x'.repeat(total - written - tail.length) + tail);
        written = total;
      }
    };
    pump();
  });
}

describe.each([
  ['announced by Content-Length', true],
  ['sent without a length', false],
])('a 64 MiB task answer %s', (_, announce) => {
  test('retrieve refuses it with MalformedResponseError, reading at most a little over 1 MiB', async () => {
    const sent: Promise<number>[] = [];
    await using api = await hostileApi((_, res) => {
      sent.push(streamAnswer(res, HUGE, announce));
    });
    const error = await api.omni.videos.retrieve(TASK_ID, { maxRetries: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.taskId).toBe(TASK_ID);
    expect(error.message).toMatch(/1048576 bytes/);
    // Released: the server sees the connection close long before it sent everything.
    expect(await sent[0]).toBeLessThan(16 * MiB);
  });

  test('wait goes on polling and ends at its deadline, the refusal as the cause', async () => {
    await using api = await hostileApi(
      (_, res) => {
        void streamAnswer(res, 2 * MiB, announce);
      },
      { clock: virtualClock() },
    );
    const error = await api.omni.videos.wait(TASK_ID, { timeoutMs: 10_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect(error.cause).toBeInstanceOf(MalformedResponseError);
  });
});

test('a create answered with 2 MiB is uncertain, sent once', async () => {
  await using api = await hostileApi((_, res) => {
    void streamAnswer(res, 2 * MiB, false);
  });
  const error = await api.omni.videos
    .create({ model: 'Gemini-Omini', prompt: 'a fox' })
    .catch((e) => e);
  expect(error).toBeInstanceOf(CreateUncertainError);
  expect(error.cause).toBeInstanceOf(MalformedResponseError);
  expect(api.server.count('POST')).toBe(1);
});
