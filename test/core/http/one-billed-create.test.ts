/**
 * Promise: a billed create is sent at most once, and an answer that does not say the
 * request was refused never says that no task exists. Against servers that redirect,
 * loop, and answer with the provider's (or unknown) codes over HTTP 200.
 */
import { describe, expect, test } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  CreateUncertainError,
  InternalServerError,
} from '../../../src/index.js';
import { sendJson } from '../../helpers/hostile-server.js';
import {
  CREATE_PATH,
  clientOf,
  created,
  PARAMS,
  serversPerTest,
} from '../../helpers/hostile-api.js';

const serve = serversPerTest();

describe('a create answered with a redirect is sent once and reported as uncertain', () => {
  test.each([
    ['a 307 loop to itself', 307, 'self'],
    ['a 308 loop to itself', 308, 'self'],
    ['a 301 to a page that answers GET with a task', 301, 'get-task'],
    ['a 302 to a page that answers GET with a task', 302, 'get-task'],
    ['a 303 to a page that answers GET with a task', 303, 'get-task'],
    ['a 307 to another origin', 307, 'elsewhere'],
  ] as const)('%s', async (_, status, target) => {
    const other = await serve((_req, res) => sendJson(res, 200, created('task_other')));
    const server = await serve((req, res) => {
      if (req.method === 'GET') return sendJson(res, 200, created('task_from_get'));
      const location =
        target === 'self'
          ? req.url
          : target === 'get-task'
            ? '/somewhere/else'
            : `${other.url.replace('127.0.0.1', 'localhost')}${CREATE_PATH}`;
      res.writeHead(status, { location, 'content-type': 'text/plain' }).end('moved');
    });
    const error = await clientOf(server, { maxRetries: 5 })
      .videos.create(PARAMS)
      .catch((e) => e);
    expect(error).toBeInstanceOf(CreateUncertainError);
    expect(error.taskId).toBeUndefined();
    expect(error.message).toMatch(/may or may not have made a task/);
    expect(error.cause.status).toBe(status);
    expect(server.count('POST')).toBe(1);
    expect(server.count('GET')).toBe(0);
    expect(other.requests).toHaveLength(0);
  });
});

describe("HTTP 200 envelopes with the provider's codes", () => {
  test.each([
    ['20001 (string): authentication failed', '20001', AuthenticationError, 'refused'],
    ['20001 (integer)', 20001, AuthenticationError, 'refused'],
    ['20002 (string): bad parameters', '20002', BadRequestError, 'refused'],
    ['20002 (integer)', 20002, BadRequestError, 'refused'],
    ['-1 (string): server error', '-1', InternalServerError, 'uncertain'],
    ['-1 (integer)', -1, InternalServerError, 'uncertain'],
    ['an undocumented code 40001', '40001', undefined, 'uncertain'],
    ['an undocumented code 0', 0, undefined, 'uncertain'],
  ] as const)('%s', async (_, code, errorClass, verdict) => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, { code, msg: 'said the service', data: null }),
    );
    const error = await clientOf(server, { maxRetries: 5 })
      .videos.create(PARAMS)
      .catch((e) => e);
    expect(server.count('POST')).toBe(1);
    if (verdict === 'refused') {
      // Only a code that means "refused" may say that no task exists.
      expect(error).toBeInstanceOf(errorClass);
      expect(error).toMatchObject({ status: 200, code: String(code), msg: 'said the service' });
    } else {
      expect(error).toBeInstanceOf(CreateUncertainError);
      expect(error.cause).toMatchObject({ status: 200, code: String(code) });
      if (errorClass) expect(error.cause).toBeInstanceOf(errorClass);
    }
  });
});

describe("a browser's opaque redirect (redirect: 'manual' hides the 3xx)", () => {
  // What a browser's fetch hands back for any redirect under redirect: 'manual'.
  class OpaqueRedirect extends Response {
    override get type(): ResponseType {
      return 'opaqueredirect';
    }
    override get status() {
      return 0;
    }
    override get ok() {
      return false;
    }
  }
  test('create: one request, CreateUncertainError; retrieve: an ApiError, not followed', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, created()));
    const seen: string[] = [];
    const browserFetch = (async (input: Request) => {
      seen.push(`${input.method} ${input.redirect}`);
      return new OpaqueRedirect(null);
    }) as typeof fetch;
    const omni = clientOf(server, { fetch: browserFetch, maxRetries: 3 });
    const create = await omni.videos.create(PARAMS).catch((e) => e);
    expect(create).toBeInstanceOf(CreateUncertainError);
    const read = await omni.videos.retrieve('task_h1', { maxRetries: 0 }).catch((e) => e);
    expect(read.name).toBe('ApiError');
    expect(read.message).toMatch(/redirect, which is not followed/);
    expect(seen).toEqual(['POST manual', 'GET manual']);
  });
});
