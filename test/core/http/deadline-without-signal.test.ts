/**
 * Promise: every call settles by its deadline, even through a custom fetch that drops
 * the AbortSignal (a common wrapper forwards only the method and headers). The SDK
 * enforces `timeoutMs`, the wait's deadline and the caller's abort itself, and an answer
 * that comes after the call settled is released, not left holding its connection.
 */
import { describe, expect, test } from 'vitest';
import {
  AbortError,
  CreateUncertainError,
  RequestTimeoutError,
  TaskTimeoutError,
} from '../../../src/index.js';
import { hostileApi, sendTask, TASK_ID } from '../../helpers/hostile-api.js';

/** A fetch wrapper that forwards the method, headers and body, but not the signal. */
const signalDropping: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const body = request.method === 'GET' ? undefined : await request.text();
  return fetch(request.url, { method: request.method, headers: request.headers, body });
};

const SLACK_MS = 650;

async function timed<T>(run: () => Promise<T>) {
  const start = performance.now();
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - start };
}

describe('against a server that never answers, through a fetch that drops the signal', () => {
  test('retrieve ends at its timeoutMs', async () => {
    await using api = await hostileApi(() => undefined, { fetch: signalDropping });
    const { error, ms } = await timed(() =>
      api.omni.videos.retrieve(TASK_ID, { timeoutMs: 200, maxRetries: 0 }),
    );
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).taskId).toBe(TASK_ID);
    expect(ms).toBeLessThan(200 + SLACK_MS);
  });

  test('wait ends at its deadline', async () => {
    await using api = await hostileApi(() => undefined, { fetch: signalDropping });
    const { error, ms } = await timed(() => api.omni.videos.wait(TASK_ID, { timeoutMs: 300 }));
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect(ms).toBeLessThan(300 + SLACK_MS);
  });

  test("retrieve ends at the caller's abort", async () => {
    await using api = await hostileApi(() => undefined, { fetch: signalDropping });
    const { error, ms } = await timed(() =>
      api.omni.videos.retrieve(TASK_ID, { signal: AbortSignal.timeout(150) }),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(ms).toBeLessThan(150 + SLACK_MS);
  });

  test("generate ends at the caller's abort while polling, naming the task", async () => {
    await using api = await hostileApi(
      (req, res) =>
        req.method === 'POST' ? sendTask(res, { task_id: TASK_ID, status: 'queued' }) : undefined,
      { fetch: signalDropping },
    );
    const { error, ms } = await timed(() =>
      api.omni.videos.generate(
        { model: 'Gemini-Omini', prompt: 'a fox' },
        { signal: AbortSignal.timeout(400), pollIntervalMs: 1 },
      ),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).taskId).toBe(TASK_ID);
    expect(ms).toBeLessThan(400 + SLACK_MS);
  });

  test("a create that hangs ends at the caller's abort, sent once", async () => {
    await using api = await hostileApi(() => undefined, { fetch: signalDropping });
    const { error, ms } = await timed(() =>
      api.omni.videos.create(
        { model: 'Gemini-Omini', prompt: 'a fox' },
        { signal: AbortSignal.timeout(150) },
      ),
    );
    expect(error).toBeInstanceOf(CreateUncertainError);
    expect(ms).toBeLessThan(150 + SLACK_MS);
    expect(api.server.count('POST')).toBe(1);
  });
});

test('a body that trickles past the deadline is released: its connection closes', async () => {
  let closed = false;
  await using api = await hostileApi(
    (_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"code":"20000","msg":"ok","data":{"task_id":"');
      const timer = setInterval(() => res.write('x'), 20);
      res.on('close', () => {
        closed = true;
        clearInterval(timer);
      });
    },
    { fetch: signalDropping },
  );
  const { error } = await timed(() =>
    api.omni.videos.retrieve(TASK_ID, { timeoutMs: 200, maxRetries: 0 }),
  );
  expect(error).toBeInstanceOf(RequestTimeoutError);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(closed).toBe(true);
});
