/**
 * Promise: the key never leaves in an error text, and redaction never changes data.
 * A failure reason that echoes the key as an object key, or nested deeper than 8
 * levels, or cut off where the SDK shortens it, reaches no `TaskFailedError.message`,
 * `.reason` or log of it. And whatever the key (the sandbox takes any, `x` and `T`
 * included), the ids, links and task data handed back are exactly what the service
 * sent: redaction is for error texts only.
 */
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { Omni, TaskFailedError } from '../../src/index.js';
import { hostileApi, sendTask, TASK_ID } from '../helpers/hostile-api.js';
import { TEST_KEY } from '../helpers/omni.js';
import { virtualClock } from '../helpers/virtual-clock.js';

/** Every piece of the key at least 6 characters long: none may show anywhere. */
const pieces = (key: string) => [key, key.slice(0, 6), key.slice(-6)];

const nestedIn = (depth: number, inner: unknown): unknown =>
  depth === 0 ? inner : { level: nestedIn(depth - 1, inner) };

const REASONS: [string, unknown][] = [
  ['the key as an object key', { [`Bearer ${TEST_KEY}`]: 'refused' }],
  ['the key nested 12 levels deep', nestedIn(12, `Authorization: Bearer ${TEST_KEY}`)],
  ['the key as an object key 12 levels deep', nestedIn(12, { [TEST_KEY]: true })],
  [
    'the key where the reason is cut (500 characters)',
    { [`${'x'.repeat(485)}${TEST_KEY}`]: 1, pad: 'y'.repeat(600) },
  ],
];

describe.each(REASONS)('a failure reason with %s', (_, reason) => {
  test('reaches no TaskFailedError message, reason or log', async () => {
    await using api = await hostileApi((_, res) =>
      sendTask(res, { task_id: TASK_ID, status: 'failed', error_message: reason }),
    );
    const error = await api.omni.videos.wait(TASK_ID, { timeoutMs: 5000 }).catch((e) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    const shown = [
      error.message,
      error.reason,
      error.stack,
      JSON.stringify(error),
      inspect(error, { depth: 20 }),
    ].join('\n');
    for (const piece of pieces(TEST_KEY)) expect(shown).not.toContain(piece);
    expect(error.taskId).toBe(TASK_ID);
  });
});

describe.each(['x', 'T', 'e', 'k_T1', '1'])('with the key %j', (apiKey) => {
  const link = 'https://cdn.example.com/v.mp4?expires=1764600000&sig=Tx1e';
  const task = {
    task_id: 'task_T1x',
    status: 'completed',
    progress: 100,
    completed_at: 1764259341,
    result: { video_url: link, note: 'expires in 3 days' },
  };

  test('retrieve and generate hand back ids, links and data as sent', async () => {
    await using api = await hostileApi(
      (req, res) =>
        sendTask(res, req.method === 'POST' ? { task_id: 'task_T1x', status: 'queued' } : task),
      { apiKey, clock: virtualClock() },
    );
    const retrieved = await api.omni.videos.retrieve('task_T1x');
    expect(retrieved.task_id).toBe('task_T1x');
    expect(retrieved.result).toEqual(task.result);
    const done = await api.omni.videos.generate({ model: 'Gemini-Omini', prompt: 'a fox' });
    expect(done.task_id).toBe('task_T1x');
    expect(done.result.video_url).toBe(link);
  });

  test('an error keeps its taskId as sent', async () => {
    await using api = await hostileApi(
      (_, res) => sendTask(res, { task_id: 'task_T1x', status: 'failed', error_message: 'nope' }),
      { apiKey, clock: virtualClock() },
    );
    const error = await api.omni.videos.wait('task_T1x').catch((e) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.taskId).toBe('task_T1x');
    expect(error.task.task_id).toBe('task_T1x');
  });
});

test('a client made without the helper behaves the same (the key from the options)', async () => {
  await using api = await hostileApi((_, res) =>
    sendTask(res, { task_id: 'task_x', status: 'processing', progress: 5, expires: 'x' }),
  );
  const omni = new Omni({ apiKey: 'x', baseUrl: api.server.url });
  const task = await omni.videos.retrieve('task_x');
  expect(task).toMatchObject({ task_id: 'task_x', expires: 'x' });
});
