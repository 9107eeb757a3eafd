/** Every error class, raised by the situation it names, and safe to log. */
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import * as sdk from '../../src/index.js';
import {
  AbortError,
  ApiError,
  AuthenticationError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  OmniError,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
  ValidationError,
} from '../../src/index.js';
import { sandboxClient, TEST_KEY } from '../helpers/omni.js';
import { refusedPort, scriptedServer } from '../helpers/hostile-server.js';
import { virtualClock } from '../helpers/virtual-clock.js';

const { sandbox, client } = await sandboxClient({ apiKeys: [TEST_KEY] });
const params = { model: 'Gemini-Omini', prompt: 'a fox' } as const;

describe('the hierarchy', () => {
  test('every exported error class has its own name and extends OmniError', () => {
    const classes = Object.entries(sdk).filter(([name]) => name.endsWith('Error')) as [
      string,
      typeof OmniError,
    ][];
    expect(classes.length).toBeGreaterThanOrEqual(16);
    for (const [name, Class] of classes) {
      expect(Class.prototype.name).toBe(name);
      expect(Class === OmniError || Class.prototype instanceof OmniError).toBe(true);
    }
    expect(new ValidationError([])).not.toBeInstanceOf(ApiError);
    for (const Http of [
      AuthenticationError,
      PermissionDeniedError,
      NotFoundError,
      RateLimitError,
      InternalServerError,
    ])
      expect(Http.prototype).toBeInstanceOf(ApiError);
  });

  test('optional fields are absent, not undefined, so logs stay clean', () => {
    const error = new NotFoundError('x', { status: 404 });
    expect(Object.keys(error)).not.toContain('taskId');
    expect(Object.keys(error)).not.toContain('code');
    expect(inspect(error)).not.toContain('undefined');
    expect(new ConnectionError('y', { taskId: 't1' }).taskId).toBe('t1');
  });

  test('the stack starts with the class name', () => {
    expect(new NotFoundError('x', { status: 404 }).stack).toMatch(/^NotFoundError: x/);
  });
});

describe('raised by the situation it names', () => {
  test('401: AuthenticationError, saying what to check', async () => {
    const error = await client({ apiKey: 'sk_wrong' })
      .videos.create(params)
      .catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401 });
    expect(error.message).toContain('JIMMYAI_API_KEY');
  });

  test('403: PermissionDeniedError', async () => {
    const server = await scriptedServer([
      // '40300': illustrative; the provider documents no code for a 403.
      { status: 403, body: { code: '40300', msg: 'model not enabled for this key' } },
    ]);
    const omni = new sdk.Omni({ apiKey: TEST_KEY, baseUrl: server.url });
    await expect(omni.videos.retrieve('t1')).rejects.toMatchObject({
      name: 'PermissionDeniedError',
      status: 403,
      code: '40300',
    });
    await server.close();
  });

  test('404: NotFoundError naming the task', async () => {
    const error = await client()
      .videos.retrieve('task_missing')
      .catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, taskId: 'task_missing' });
  });

  test('429: RateLimitError with retryAfterMs', async () => {
    sandbox.injectFault({ kind: 'rate-limit', route: 'create', retryAfter: 2 });
    const error = await client({ maxRetries: 0 })
      .videos.create(params)
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 2000 });
  });

  test.each([
    ['server-error', 500],
    ['bad-gateway', 502],
    ['unavailable', 503],
  ] as const)('%s: InternalServerError %i', async (kind, status) => {
    const { task_id } = await client().videos.create(params);
    sandbox.injectFault({ kind, route: 'retrieve', retryAfter: 0 });
    const error = await client({ maxRetries: 0 })
      .videos.retrieve(task_id)
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status, taskId: task_id });
  });

  test('refused connection: ConnectionError', async () => {
    const omni = client({
      baseUrl: `http://127.0.0.1:${await refusedPort()}`,
      clock: virtualClock(),
    });
    await expect(omni.videos.retrieve('t1')).rejects.toBeInstanceOf(ConnectionError);
  });

  test('no answer in time: RequestTimeoutError', async () => {
    const { task_id } = await client().videos.create(params);
    sandbox.injectFault({ kind: 'hang', route: 'retrieve' });
    const error = await client({ maxRetries: 0, timeoutMs: 50 })
      .videos.retrieve(task_id)
      .catch((e) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.message).toContain('50 ms');
  });

  test('the caller aborts: AbortError, named as the platform names aborts', async () => {
    const error = await client()
      .videos.retrieve('t1', { signal: AbortSignal.abort() })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error.name).toBe('AbortError');
  });
});

describe('the API key never shows', () => {
  test('in any error: message, stack, JSON, util.inspect', async () => {
    const key = 'sk_live_SECRET_0123456789';
    const omni = new sdk.Omni({ apiKey: key, baseUrl: sandbox.url, maxRetries: 0, timeoutMs: 50 });
    const { task_id } = await client().videos.create(params);
    sandbox.injectFault({ kind: 'hang', route: 'retrieve' });
    const errors = [
      await omni.videos.create(params).catch((e) => e), // 401: key not accepted
      await omni.videos.retrieve(task_id).catch((e) => e), // timeout
      await new sdk.Omni({
        apiKey: key,
        baseUrl: `http://127.0.0.1:${await refusedPort()}`,
        maxRetries: 0,
      }).videos
        .retrieve('t')
        .catch((e) => e),
      await omni.videos.create({ ...params, duration: 5 as never }).catch((e) => e),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(OmniError);
      const views = [
        error.message,
        error.stack,
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
        String(error.cause),
      ];
      for (const view of views) expect(view).not.toContain(key);
    }
  });

  test('in the client itself', () => {
    const key = 'sk_live_SECRET_abcdef';
    const omni = new sdk.Omni({ apiKey: key });
    expect(inspect(omni, { depth: 10, showHidden: true })).not.toContain(key);
    expect(JSON.stringify(omni)).not.toContain(key);
  });
});
