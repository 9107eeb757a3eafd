/**
 * The request log: the `logger` and `logLevel` options and `JIMMYAI_LOG` give one line
 * per request (method, path, status, attempt, duration, request id), at the level of
 * what happened; the key never appears in a line, and server text in a line is escaped.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  InternalServerError,
  type Logger,
  type LogLevel,
  ValidationError,
} from '../../../src/index.js';
import { CREATE_PATH, TASK_PATH_PREFIX } from '../../../src/sandbox/index.js';
import { requestsTo, sandboxClient, TEST_KEY } from '../../helpers/omni.js';
import { tempDir } from '../../helpers/cli.js';
import { virtualClock } from '../../helpers/virtual-clock.js';
import { ok } from '../../helpers/envelope.js';

const { sandbox, client } = await sandboxClient();
const dir = await tempDir();
const params = { model: 'Gemini-Omini', prompt: 'a fox' } as const;

/** A logger that keeps each line with the method it was written by. */
function recorder() {
  const lines: { level: string; text: string }[] = [];
  const logger: Logger = {
    debug: (text) => lines.push({ level: 'debug', text }),
    info: (text) => lines.push({ level: 'info', text }),
    warn: (text) => lines.push({ level: 'warn', text }),
    error: (text) => lines.push({ level: 'error', text }),
  };
  return { lines, logger, texts: () => lines.map((l) => l.text) };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('one line per request', () => {
  test('create, retrieve, poll and download each write method, path, status, attempt and duration', async () => {
    const { lines, logger } = recorder();
    const omni = client({ logger });
    const done = await omni.videos.generate(params, { pollIntervalMs: 5 });
    await omni.videos.retrieve(done.task_id);
    await omni.videos.download(done, `${dir}/v.mp4`);
    const polls = requestsTo(sandbox, 'retrieve').length;
    expect(lines.every((l) => l.level === 'info')).toBe(true);
    const [create, ...rest] = lines.map((l) => l.text);
    expect(create).toMatch(
      new RegExp(`^jimmyai-omni: POST ${CREATE_PATH} 200 in \\d+ ms, attempt 1$`),
    );
    const gets = rest.filter((t) => t.includes(`GET ${TASK_PATH_PREFIX}${done.task_id} 200 in `));
    expect(gets.length).toBe(polls);
    // The download's line names the video host and path, never a query.
    expect(rest.at(-1)).toMatch(
      /^jimmyai-omni: GET http:\/\/127\.0\.0\.1:\d+\/\S+ 200 in \d+ ms, attempt 1$/,
    );
    expect(lines.length).toBe(1 + polls + 1);
  });

  test('a retried attempt is a warning naming the error and the delay; the retry that succeeds is info', async () => {
    const id = (await client().videos.create(params)).task_id;
    sandbox.injectFault({ kind: 'unavailable', route: 'retrieve', retryAfter: 0 });
    const { lines, logger } = recorder();
    await client({ logger, clock: virtualClock() }).videos.retrieve(id);
    expect(lines.map((l) => l.level)).toEqual(['warn', 'info']);
    expect(lines[0]?.text).toMatch(
      /^jimmyai-omni: GET \S+ 503 in \d+ ms, attempt 1, InternalServerError code -1, retry in \d+ ms$/,
    );
    expect(lines[1]?.text).toMatch(/ 200 in \d+ ms, attempt 2$/);
  });

  test('the failure that ends a call is an error line; no answer at all says so', async () => {
    const id = (await client().videos.create(params)).task_id;
    sandbox.injectFault({ kind: 'server-error', route: 'retrieve' });
    sandbox.injectFault({ kind: 'server-error', route: 'retrieve' });
    const { lines, logger } = recorder();
    const error = await client({ logger, clock: virtualClock(), maxRetries: 1 })
      .videos.retrieve(id)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(lines.map((l) => l.level)).toEqual(['warn', 'error']);
    expect(lines[1]?.text).toMatch(/ 500 in \d+ ms, attempt 2, InternalServerError code -1$/);

    sandbox.injectFault({ kind: 'reset-before', route: 'create' });
    const reset = recorder();
    await client({ logger: reset.logger, maxRetries: 0 })
      .videos.create(params)
      .catch(() => undefined);
    expect(reset.texts()).toEqual([
      expect.stringMatching(
        /^jimmyai-omni: POST \S+ no answer in \d+ ms, attempt 1, ConnectionError code ECONNRESET$/,
      ),
    ]);
  });

  test.each<[LogLevel, string[]]>([
    ['debug', ['warn', 'info']],
    ['info', ['warn', 'info']],
    ['warn', ['warn']],
    ['error', []],
    ['off', []],
  ])('logLevel %s keeps %j', async (logLevel, levels) => {
    const id = (await client().videos.create(params)).task_id;
    sandbox.injectFault({ kind: 'unavailable', route: 'retrieve', retryAfter: 0 });
    const { lines, logger } = recorder();
    await client({ logger, logLevel, clock: virtualClock() }).videos.retrieve(id);
    expect(lines.map((l) => l.level)).toEqual(levels);
    // debug adds the error's message to the failure's line.
    if (logLevel === 'debug') expect(lines[0]?.text).toMatch(/retry in \d+ ms, The service failed/);
    if (logLevel === 'info') expect(lines[0]?.text).not.toMatch(/The service failed/);
  });

  test('the request id of a header reaches the line, for a success and for an error', async () => {
    const id = (await client().videos.create(params)).task_id;
    const task = { task_id: id, status: 'processing', progress: 10 };
    sandbox.injectFault({
      kind: 'reply',
      route: 'retrieve',
      reply: {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-request-id': 'req_ok_1' },
        body: JSON.stringify(ok(task)),
      },
    });
    sandbox.injectFault({
      kind: 'reply',
      route: 'retrieve',
      reply: {
        status: 404,
        headers: { 'content-type': 'application/json', 'request-id': 'req_missing_2' },
        body: JSON.stringify({ code: '404', msg: 'no such task' }),
      },
    });
    const { texts, logger } = recorder();
    const omni = client({ logger });
    await omni.videos.retrieve(id);
    const error = await omni.videos.retrieve(id).catch((e: unknown) => e);
    expect((error as { requestId?: string }).requestId).toBe('req_missing_2');
    expect(texts()).toEqual([
      expect.stringMatching(/ 200 in \d+ ms, attempt 1, request-id req_ok_1$/),
      expect.stringMatching(
        / 404 in \d+ ms, attempt 1, request-id req_missing_2, NotFoundError code 404$/,
      ),
    ]);
  });
});

describe('safety', () => {
  test('the key never appears, wherever a server puts it', async () => {
    const id = (await client().videos.create(params)).task_id;
    const reply = (status: number, headers: Record<string, string>, body: unknown) =>
      sandbox.injectFault({
        kind: 'reply',
        route: 'retrieve',
        reply: {
          status,
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        },
      });
    // In the request id of a success, and in every field of an error a debug line shows.
    reply(
      200,
      { 'x-request-id': `id-${TEST_KEY}` },
      ok({ task_id: id, status: 'processing', progress: 5 }),
    );
    reply(400, { 'x-request-id': TEST_KEY }, { code: TEST_KEY, msg: `bad key ${TEST_KEY}` });
    sandbox.injectFault({ kind: 'auth-echo', route: 'retrieve' });
    const { texts, logger } = recorder();
    const omni = client({ logger, logLevel: 'debug', maxRetries: 0 });
    await omni.videos.retrieve(id);
    await omni.videos.retrieve(id).catch(() => undefined);
    await omni.videos.retrieve(id).catch(() => undefined);
    // In the path: a task id that is the key.
    await omni.videos.retrieve(TEST_KEY).catch(() => undefined);
    // In a download link's path and query.
    await omni.videos
      .download(`${sandbox.url}/media/${TEST_KEY}.mp4?sig=${TEST_KEY}`, `${dir}/x.mp4`)
      .catch(() => undefined);
    expect(texts().length).toBe(5);
    for (const text of texts()) expect(text).not.toContain(TEST_KEY);
    expect(texts().join('\n')).toContain('[redacted]');
    expect(texts().join('\n')).not.toContain('sig=');
  });

  test('server text in a line is escaped: no control character reaches a terminal', async () => {
    const id = (await client().videos.create(params)).task_id;
    sandbox.injectFault({
      kind: 'reply',
      route: 'retrieve',
      reply: {
        status: 500,
        headers: { 'content-type': 'application/json', 'x-request-id': 'r\u009b2Jx' },
        body: JSON.stringify({ code: '-1\u001b]0;pwned\u0007', msg: 'line\r\nbreak\u202e' }),
      },
    });
    const { texts, logger } = recorder();
    await client({ logger, logLevel: 'debug', maxRetries: 0 })
      .videos.retrieve(id)
      .catch(() => undefined);
    const [line] = texts();
    expect(line).toContain('request-id r\\x9b2Jx');
    expect(line).toContain('code -1\\x1b]0;pwned\\x07');
    expect(line).toContain('line\\x0d\\x0abreak\\u202e');
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  test('an async logger that rejects leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const reject = () => Promise.reject(new Error('log sink down'));
      const task = await client({
        logger: { debug: reject, info: reject, warn: reject, error: reject } as unknown as Logger,
      }).videos.create(params);
      expect(task.task_id).toMatch(/^task_/);
      // Unhandled rejections are reported after the microtasks of a turn: let one pass.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('a logger that throws does not fail the call', async () => {
    const boom = () => {
      throw new Error('logger down');
    };
    const task = await client({
      logger: { debug: boom, info: boom, warn: boom, error: boom },
    }).videos.create(params);
    expect(task.task_id).toMatch(/^task_/);
  });
});

describe('options and JIMMYAI_LOG', () => {
  test('JIMMYAI_LOG turns the log on with console, at its level', async () => {
    vi.stubEnv('JIMMYAI_LOG', 'INFO');
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    await client().videos.create(params);
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]?.[0]).toMatch(/^jimmyai-omni: POST /);
  });

  test('logLevel overrides JIMMYAI_LOG; without either, nothing is logged', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    await client().videos.create(params);
    vi.stubEnv('JIMMYAI_LOG', 'debug');
    await client({ logLevel: 'off' }).videos.create(params);
    expect(info).not.toHaveBeenCalled();
  });

  test('a level that does not exist is refused before anything is sent, naming where it came from', () => {
    const before = requestsTo(sandbox, 'create').length;
    const fromOption = (() => {
      try {
        client({ logLevel: 'verbose' as LogLevel });
      } catch (error) {
        return error;
      }
    })();
    expect(fromOption).toBeInstanceOf(ValidationError);
    expect((fromOption as ValidationError).issues).toEqual([
      expect.objectContaining({
        path: 'logLevel',
        message: expect.stringMatching(/must be one of debug, info, warn, error, off/),
        allowed: ['debug', 'info', 'warn', 'error', 'off'],
      }),
    ]);
    vi.stubEnv('JIMMYAI_LOG', 'degub');
    expect(() => client()).toThrow(
      /JIMMYAI_LOG: must be one of .*, not "degub"; did you mean debug\?/s,
    );
    expect(requestsTo(sandbox, 'create').length).toBe(before);
  });

  test('a logger without the four methods is refused, naming what it lacks', () => {
    expect(() => client({ logger: { info() {} } as unknown as Logger })).toThrow(
      /logger.*lacks debug, warn, error/s,
    );
  });
});
