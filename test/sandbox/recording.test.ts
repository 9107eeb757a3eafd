/** Every request is recorded (method, path, redacted headers, body, fault, task, status). */
import { afterEach, beforeEach, expect, test } from 'vitest';
import {
  CREATE_PATH,
  TASK_PATH_PREFIX,
  startSandbox,
  type Sandbox,
} from '../../src/sandbox/index.js';
import { BODY, T0, createTaskId, getTask, postCreate } from '../helpers/sandbox.js';
import { TEST_KEY } from '../helpers/omni.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ now: () => T0, timeScale: 0 });
});
afterEach(() => sandbox.close());

test('records a create: method, path, route, body, task made and status sent', async () => {
  const id = await createTaskId(sandbox);
  expect(sandbox.requests).toEqual([
    {
      seq: 0,
      time: T0,
      method: 'POST',
      path: CREATE_PATH,
      url: CREATE_PATH,
      route: 'create',
      headers: expect.objectContaining({
        authorization: 'Bearer ***',
        'content-type': 'application/json',
      }),
      body: BODY,
      fault: null,
      taskId: id,
      status: 200,
    },
  ]);
});

test('never keeps a key, wherever it was sent', async () => {
  const id = await createTaskId(sandbox);
  await postCreate(sandbox, BODY, { headers: { 'x-api-key': TEST_KEY } });
  await postCreate(sandbox, BODY, { key: null, headers: { authorization: TEST_KEY } });
  await getTask(sandbox, id);
  expect(JSON.stringify(sandbox.requests)).not.toContain(TEST_KEY);
  expect(sandbox.requests.map((r) => r.headers.authorization)).toEqual([
    'Bearer ***',
    'Bearer ***',
    '***',
    'Bearer ***',
  ]);
  expect(sandbox.requests[1]!.headers['x-api-key']).toBe('***');
});

test('records retrieves, refused requests and unknown routes, with the status sent', async () => {
  const id = await createTaskId(sandbox);
  await getTask(sandbox, id);
  await getTask(sandbox, 'task_missing', { key: null });
  await postCreate(sandbox, 'not json');
  await fetch(`${sandbox.url}/nope?x=1`);
  expect(sandbox.requests.slice(1)).toMatchObject([
    {
      method: 'GET',
      path: TASK_PATH_PREFIX + id,
      route: 'retrieve',
      body: null,
      status: 200,
      taskId: null,
    },
    {
      route: 'retrieve',
      status: 401,
      headers: expect.not.objectContaining({ authorization: expect.anything() }),
    },
    { route: 'create', body: 'not json', status: 400, taskId: null },
    { method: 'GET', path: '/nope', url: '/nope?x=1', route: null, status: 404 },
  ]);
});

test('records media requests and their headers, so tests can see no key was sent there', async () => {
  const id = await createTaskId(sandbox);
  const url: string = sandbox.task(id)!.state.result!.video_url!;
  await fetch(url);
  await fetch(url, { headers: { authorization: `Bearer ${TEST_KEY}` } });
  const media = sandbox.requests.filter((r) => r.route === 'media');
  expect(media).toHaveLength(2);
  expect(media[0]!.headers).not.toHaveProperty('authorization');
  expect(media[0]!.url).toBe(url.slice(sandbox.url.length));
  expect(media[1]!.headers.authorization).toBe('Bearer ***');
  expect(media.map((r) => r.status)).toEqual([200, 200]);
});

test('shows that no task was made twice, and the clock time of each request', async () => {
  sandbox.injectFault({ kind: 'reset-before', route: 'create' });
  await postCreate(sandbox).catch(() => null);
  sandbox.advance(1500);
  await postCreate(sandbox);
  const creates = sandbox.requests.filter((r) => r.route === 'create');
  expect(creates.map((r) => [r.fault, r.taskId !== null, r.time])).toEqual([
    ['reset-before', false, T0],
    [null, true, T0 + 1500],
  ]);
  expect(creates.filter((r) => r.taskId)).toHaveLength(sandbox.tasks.length);
});

test('clearRequests() forgets what was recorded', async () => {
  await createTaskId(sandbox);
  sandbox.clearRequests();
  expect(sandbox.requests).toEqual([]);
  await createTaskId(sandbox);
  expect(sandbox.requests).toHaveLength(1);
});
