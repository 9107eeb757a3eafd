/**
 * Promise: every error says whether it is final and whether the request was processed,
 * and the retries follow exactly that: a read (GET) is resent iff the error is not
 * final; a billed create iff it is not final and provably not processed.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, test } from 'vitest';
import { OmniError } from '../../src/index.js';
import { CREATE_PATH, hostileApi, POLL_PATH, TASK_ID } from '../helpers/hostile-api.js';
import { sendJson } from '../helpers/hostile-server.js';
import { virtualClock } from '../helpers/virtual-clock.js';

type Answer = (res: ServerResponse) => void;
const envelope =
  (status: number, code: string | number, headers: Record<string, string> = {}): Answer =>
  (res) =>
    sendJson(res, status, { code, msg: 'no' }, { 'content-type': 'application/json', ...headers });

// [what the server answers, error name, final, processed]
const CASES: [string, Answer, string, boolean, 'no' | 'maybe'][] = [
  ['HTTP 400', envelope(400, 400), 'BadRequestError', true, 'no'],
  ['HTTP 401', envelope(401, 401), 'AuthenticationError', true, 'no'],
  ['HTTP 403', envelope(403, 403), 'PermissionDeniedError', true, 'no'],
  ['HTTP 404', envelope(404, 404), 'NotFoundError', true, 'no'],
  ['HTTP 408', envelope(408, 408), 'ApiError', false, 'maybe'],
  ['HTTP 409', envelope(409, 409), 'ApiError', true, 'no'],
  ['HTTP 429', envelope(429, 429, { 'retry-after': '1' }), 'RateLimitError', false, 'no'],
  ['HTTP 500', envelope(500, -1), 'InternalServerError', false, 'maybe'],
  ['HTTP 500 with code 20002', envelope(500, '20002'), 'InternalServerError', true, 'maybe'],
  ['HTTP 200, code 20001', envelope(200, '20001'), 'AuthenticationError', true, 'no'],
  ['HTTP 200, code 20002', envelope(200, 20002), 'BadRequestError', true, 'no'],
  ['HTTP 200, code -1', envelope(200, '-1'), 'InternalServerError', false, 'maybe'],
  ['HTTP 200, an unknown code', envelope(200, '30001'), 'ApiError', false, 'maybe'],
  [
    'HTTP 200, not JSON',
    (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>'),
    'MalformedResponseError',
    false,
    'maybe',
  ],
  ['a reset connection', (res) => res.socket?.resetAndDestroy(), 'ConnectionError', false, 'maybe'],
];

describe.each(CASES)('%s', (_, answer, name, final, processed) => {
  const MAX_RETRIES = 2;
  const attempts = (retried: boolean) => (retried ? MAX_RETRIES + 1 : 1);

  test(`is a ${name}, final ${final}, processed '${processed}'; a read is resent iff not final`, async () => {
    await using api = await hostileApi((_, res) => answer(res), {
      maxRetries: MAX_RETRIES,
      clock: virtualClock(),
    });
    const error = await api.omni.videos.retrieve(TASK_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmniError);
    expect((error as OmniError).name).toBe(name);
    expect(error).toMatchObject({ final, processed, taskId: TASK_ID });
    expect(api.server.count('GET', POLL_PATH)).toBe(attempts(!final));
  });

  test('a billed create is resent iff not final and not processed', async () => {
    await using api = await hostileApi((_, res) => answer(res), {
      maxRetries: MAX_RETRIES,
      clock: virtualClock(),
    });
    const error = await api.omni.videos
      .create({ model: 'Gemini-Omini', prompt: 'a fox' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmniError);
    // A create that may have been processed is reported as uncertain, never resent.
    expect((error as OmniError).name).toBe(processed === 'maybe' ? 'CreateUncertainError' : name);
    expect(api.server.count('POST', CREATE_PATH)).toBe(attempts(!final && processed === 'no'));
  });
});

test('a refused connection: nothing left this machine, so not final and not processed', async () => {
  await using api = await hostileApi(() => undefined, {
    maxRetries: 1,
    clock: virtualClock(),
  });
  await api.server.close();
  const error = await api.omni.videos
    .create({ model: 'Gemini-Omini', prompt: 'a fox' })
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'ConnectionError', final: false, processed: 'no' });
});
