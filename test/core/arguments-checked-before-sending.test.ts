/**
 * Promise: bad arguments get a ValidationError naming them, before anything is sent, and
 * what is validated is what is sent. Callers nobody scripted pass `null`, numbers where
 * tasks go, timeouts past what a timer keeps, getters and inherited fields.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { Omni, type OmniOptions, ValidationError } from '../../src/index.js';
import { type HostileServer, hostileServer, sendJson } from '../helpers/hostile-server.js';
import { clientOf, completed, created, PARAMS } from '../helpers/hostile-api.js';
import { TEST_KEY } from '../helpers/omni.js';

let server: HostileServer | undefined;
afterEach(() => server?.close());

async function echoServer() {
  server = await hostileServer((req, res) =>
    sendJson(res, 200, req.method === 'POST' ? created() : completed()),
  );
  return server;
}

const expectRefused = async (call: () => unknown, path: string) => {
  let error: unknown;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
};

describe('wrong types where an options object or a task is expected', () => {
  const CALLS: [string, (omni: Omni) => unknown, string][] = [
    ['create(params, null)', (o) => o.videos.create(PARAMS, null as never), 'options'],
    ['create(params, 42)', (o) => o.videos.create(PARAMS, 42 as never), 'options'],
    ['retrieve(42)', (o) => o.videos.retrieve(42 as never), 'taskId'],
    ['retrieve(id, null)', (o) => o.videos.retrieve('task_h1', null as never), 'options'],
    ['wait(null)', (o) => o.videos.wait(null as never), 'task'],
    ['wait({})', (o) => o.videos.wait({} as never), 'task'],
    ['wait(id, null)', (o) => o.videos.wait('task_h1', null as never), 'options'],
    ['watch(null).next()', (o) => o.videos.watch(null as never).next(), 'task'],
    ['generate(params, null)', (o) => o.videos.generate(PARAMS, null as never), 'options'],
    ['waitMany([null])', (o) => o.videos.waitMany([null as never]), 'tasks[0]'],
    ['waitMany(["a", 7])', (o) => o.videos.waitMany(['a', 7 as never]), 'tasks[1]'],
    ['waitMany(null)', (o) => o.videos.waitMany(null as never), 'tasks'],
    [
      'download(url, 42)',
      (o) => o.videos.download('https://x.example/v.mp4', 42 as never),
      'destPath',
    ],
    ['download(null, path)', (o) => o.videos.download(null as never, '/tmp/x.mp4'), 'task'],
    [
      'download(task, path, null)',
      (o) => o.videos.download('task_h1', '/tmp/x.mp4', null as never),
      'options',
    ],
    ['new Omni(null)', () => new Omni(null as never), 'options'],
  ];
  test.each(CALLS)('%s', async (_, call, path) => {
    const omni = clientOf(await echoServer());
    await expectRefused(() => call(omni), path);
    expect(server!.requests).toHaveLength(0);
  });
});

describe('a timeout a timer cannot keep (2^31 ms or more fires after 1 ms)', () => {
  const TOO_LONG = [2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER];
  test.each(TOO_LONG)('client timeoutMs %d', async (timeoutMs) => {
    await expectRefused(
      () => new Omni({ apiKey: TEST_KEY, timeoutMs } as OmniOptions),
      'timeoutMs',
    );
  });
  test.each(TOO_LONG)('create and retrieve timeoutMs %d', async (timeoutMs) => {
    const omni = clientOf(await echoServer());
    await expectRefused(() => omni.videos.create(PARAMS, { timeoutMs }), 'timeoutMs');
    await expectRefused(() => omni.videos.retrieve('task_h1', { timeoutMs }), 'timeoutMs');
    expect(server!.requests).toHaveLength(0);
  });
  test.each(TOO_LONG)('wait deadline and poll interval %d', async (ms) => {
    const omni = clientOf(await echoServer());
    await expectRefused(() => omni.videos.wait('task_h1', { timeoutMs: ms }), 'timeoutMs');
    await expectRefused(() => omni.videos.generate(PARAMS, { timeoutMs: ms }), 'timeoutMs');
    await expectRefused(() => omni.videos.waitMany(['task_h1'], { timeoutMs: ms }), 'timeoutMs');
    await expectRefused(
      () => omni.videos.wait('task_h1', { pollIntervalMs: ms }),
      'pollIntervalMs',
    );
    expect(server!.requests).toHaveLength(0);
  });
  test('the message names the limit', async () => {
    const error = await clientOf(await echoServer())
      .videos.create(PARAMS, { timeoutMs: 2 ** 31 })
      .catch((e) => e);
    expect(error.message).toMatch(/timeoutMs: must be at most 2147483647 ms/);
  });
  test('2^31 - 1 ms is accepted', () => {
    expect(() => new Omni({ apiKey: TEST_KEY, timeoutMs: 2 ** 31 - 1 })).not.toThrow();
  });
});

describe('what is validated is what is sent', () => {
  test('a getter prompt is read once, and that value is validated and sent', async () => {
    const omni = clientOf(await echoServer());
    let reads = 0;
    const params = {
      model: 'Gemini-Omini',
      get prompt() {
        reads++;
        return reads === 1 ? 'a fox from a getter' : '';
      },
    } as unknown as typeof PARAMS;
    await omni.videos.create(params);
    expect(reads).toBe(1);
    expect(JSON.parse(server!.requests[0]!.body)).toEqual({
      model: 'Gemini-Omini',
      prompt: 'a fox from a getter',
    });
  });

  test('a getter whose value would break a rule is refused (validated as read)', async () => {
    const omni = clientOf(await echoServer());
    let reads = 0;
    const params = {
      model: 'Gemini-Omini',
      get prompt() {
        return reads++ === 0 ? '   ' : 'valid later';
      },
    } as unknown as typeof PARAMS;
    await expectRefused(() => omni.videos.create(params), 'prompt');
    expect(server!.requests).toHaveLength(0);
  });

  test('an inherited prompt is not a field of the request: refused as missing', async () => {
    const omni = clientOf(await echoServer());
    const params = Object.create({ prompt: 'inherited' }) as Record<string, unknown>;
    params.model = 'Gemini-Omini';
    await expectRefused(() => omni.videos.create(params as typeof PARAMS), 'prompt');
    expect(server!.requests).toHaveLength(0);
  });

  test('a getter that throws is a ValidationError on its field', async () => {
    const omni = clientOf(await echoServer());
    const params = {
      model: 'Gemini-Omini' as const,
      get prompt(): string {
        throw new Error('boom');
      },
    };
    await expectRefused(() => omni.videos.create(params), 'prompt');
  });
});
