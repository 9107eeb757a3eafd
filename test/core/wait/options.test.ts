/** Wait options are checked before anything is sent; a Retry-After on a 200 poll answer is honoured. */
import { afterEach, expect, test } from 'vitest';
import { ValidationError } from '../../../src/index.js';
import { clientOn, sandboxClient } from '../../helpers/omni.js';
import { scriptedServer, type HostileServer } from '../../helpers/hostile-server.js';
import { virtualClock } from '../../helpers/virtual-clock.js';
import { ok } from '../../helpers/envelope.js';

const { sandbox, client } = await sandboxClient();

test.each<[string, Record<string, number>]>([
  ['timeoutMs', { timeoutMs: -1 }],
  ['pollIntervalMs', { pollIntervalMs: 0 }],
  ['pollIntervalMs', { pollIntervalMs: Number.NaN }],
  ['maxRequestsPerSecond', { maxRequestsPerSecond: 0 }],
])('a bad %s is a ValidationError, and generate creates no task', async (path, options) => {
  sandbox.clearRequests();
  const error = await client()
    .videos.generate({ model: 'Gemini-Omini', prompt: 'x' }, options)
    .catch((e) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect(error.issues).toEqual([{ path, message: expect.stringContaining('positive number') }]);
  expect(sandbox.requests).toHaveLength(0);
  await expect(client().videos.waitMany(['t1'], options)).rejects.toBeInstanceOf(ValidationError);
});

let server: HostileServer | undefined;
afterEach(() => server?.close());

test('a Retry-After on a successful poll answer delays the next poll', async () => {
  const running = { task_id: 't1', status: 'processing', progress: 10 };
  const done = {
    task_id: 't1',
    status: 'completed',
    progress: 100,
    result: { video_url: 'https://cdn.example/v.mp4' },
  };
  server = await scriptedServer([
    { headers: { 'retry-after': '42' }, body: ok(running) },
    { body: ok(done) },
  ]);
  const clock = virtualClock();
  const omni = clientOn(server.url, { clock });
  await omni.videos.wait('t1');
  expect(clock.sleeps.filter((ms) => ms > 0)).toEqual([42_000]);
});

test('an explicit pollIntervalMs is honoured, even below the adaptive floor', async () => {
  const clock = virtualClock();
  const omni = client({ clock });
  const task = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'x' });
  const controller = new AbortController();
  let polls = 0;
  await omni.videos
    .wait(task, {
      pollIntervalMs: 50,
      signal: controller.signal,
      onProgress: () => ++polls > 3 && controller.abort(),
    })
    .catch(() => undefined);
  const sleeps = clock.sleeps.filter((ms) => ms > 0);
  expect(sleeps.length).toBeGreaterThan(0);
  for (const ms of sleeps)
    (expect(ms).toBeGreaterThanOrEqual(45), expect(ms).toBeLessThanOrEqual(55));
});
