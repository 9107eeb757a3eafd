/**
 * Promise: every operation of the spec is callable through `omni.request(operation,
 * options)`, a generated SDK function, over the same pipeline as `omni.videos`: the key,
 * the envelope, typed errors with their policy, the spec's validators, and retries by
 * the read/billed rule (a GET is retried on a transient failure, a POST only when it
 * provably never arrived).
 */
import { expect, expectTypeOf, test } from 'vitest';
import {
  AuthenticationError,
  createVideo,
  getVideoTask,
  InternalServerError,
  MalformedResponseError,
  RateLimitError,
  ValidationError,
  type VideoTask,
  type VideoTaskCreated,
} from '../../src/index.js';
import {
  CREATE_PATH,
  hostileApi,
  POLL_PATH,
  running,
  sendTask,
  TASK_ID,
} from '../helpers/hostile-api.js';
import { sendJson } from '../helpers/hostile-server.js';
import { TEST_KEY } from '../helpers/omni.js';
import { virtualClock } from '../helpers/virtual-clock.js';

const fail503 = (res: Parameters<typeof sendJson>[0]) =>
  sendJson(res, 503, { code: '-1', msg: 'busy' }, { 'content-type': 'application/json' });

test('a generated read: the envelope unwrapped, typed from the spec, with the key', async () => {
  await using api = await hostileApi((_, res) => sendTask(res, running()));
  const task = await api.omni.request(getVideoTask, { path: { taskId: TASK_ID } });
  expectTypeOf(task).toEqualTypeOf<VideoTask>();
  expect(task).toEqual(running());
  expect(api.server.requests[0]?.url).toBe(POLL_PATH + TASK_ID);
  expect(api.server.requests[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
});

test('a read (GET) is retried on a 5xx; a billed POST is not, and says it may have been processed', async () => {
  await using api = await hostileApi(
    (req, res) =>
      req.index === 0 || req.method === 'POST' ? fail503(res) : sendTask(res, running()),
    { maxRetries: 2, clock: virtualClock() },
  );
  await expect(api.omni.request(getVideoTask, { path: { taskId: TASK_ID } })).resolves.toEqual(
    running(),
  );
  expect(api.server.count('GET')).toBe(2);

  const error = await api.omni
    .request(createVideo, { body: { model: 'Gemini-Omini', prompt: 'a fox' } })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InternalServerError);
  expect(error).toMatchObject({ final: false, processed: 'maybe' });
  expect(api.server.count('POST', CREATE_PATH)).toBe(1);
});

test('a billed POST is resent when the service provably did nothing (429)', async () => {
  await using api = await hostileApi(
    (req, res) =>
      req.index === 0
        ? sendJson(res, 429, { code: '429', msg: 'slow down' }, { 'retry-after': '1' })
        : sendTask(res, { task_id: TASK_ID, status: 'queued' }),
    { maxRetries: 1, clock: virtualClock() },
  );
  const created = await api.omni.request(createVideo, {
    body: { model: 'Gemini-Omini', prompt: 'a fox' },
  });
  expectTypeOf(created).toEqualTypeOf<VideoTaskCreated>();
  expect(created.task_id).toBe(TASK_ID);
  expect(api.server.count('POST', CREATE_PATH)).toBe(2);
});

test('the policy travels on the error: final and processed, retryAfterMs typed', async () => {
  await using api = await hostileApi((req, res) =>
    req.index === 0
      ? sendJson(res, 200, { code: '20001', msg: 'bad key' })
      : sendJson(res, 429, { code: '429', msg: 'slow' }, { 'retry-after': '2' }),
  );
  const refused = await api.omni
    .request(getVideoTask, { path: { taskId: TASK_ID }, maxRetries: 0 })
    .catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(AuthenticationError);
  expect(refused).toMatchObject({ final: true, processed: 'no' });
  const limited = await api.omni
    .request(getVideoTask, { path: { taskId: TASK_ID }, maxRetries: 0 })
    .catch((e: unknown) => e);
  expect(limited).toBeInstanceOf(RateLimitError);
  expect(limited).toMatchObject({ final: false, processed: 'no', retryAfterMs: 2000 });
});

test("the operation's own request validator refuses bad arguments before anything is sent", async () => {
  await using api = await hostileApi((_, res) => sendTask(res, running()));
  const error = await api.omni
    // @ts-expect-error: duration 7 is not a VideoDuration
    .request(createVideo, { body: { model: 'Gemini-Omini', prompt: 'a fox', duration: 7 } })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).issues.map((i) => i.path)).toContain('body.duration');
  expect(api.server.requests).toHaveLength(0);
});

test("a path parameter is checked by the spec's whole schema: a task id of '..' is refused before anything is sent", async () => {
  // TaskId's `not: { enum: ['.', '..'] }`: such an id would change the request path.
  await using api = await hostileApi((_, res) => sendTask(res, running()));
  const error = await api.omni
    .request(getVideoTask, { path: { taskId: '..' } })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['path.taskId']);
  expect(api.server.requests).toHaveLength(0);
});

test("an answer that breaks the spec is a MalformedResponseError, never the server's raw text with the key", async () => {
  // Data is handed back as it came (issue 19: redaction is for error texts, never data).
  await using api = await hostileApi((_, res) =>
    sendTask(res, { task_id: TASK_ID, status: 'processing', echoed: `Bearer ${TEST_KEY}` }),
  );
  const task = await api.omni.request(getVideoTask, { path: { taskId: TASK_ID } });
  expect((task as unknown as { echoed: string }).echoed).toBe(`Bearer ${TEST_KEY}`);

  await using broken = await hostileApi((_, res) =>
    sendJson(res, 200, { code: '20000', msg: `key ${TEST_KEY}`, data: { task_id: 5.5 } }),
  );
  const error = await broken.omni
    .request(getVideoTask, { path: { taskId: TASK_ID } })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MalformedResponseError);
  expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(TEST_KEY);
});
