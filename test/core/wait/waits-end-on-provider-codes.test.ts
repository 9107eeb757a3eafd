/**
 * Promise: a wait ends as soon as its outcome is known. The provider's codes come with
 * HTTP 200: `20001` (the key) and `20002` (the request) will not clear by waiting and
 * end it at once, typed; `-1` (server error) is transient and the wait goes on.
 */
import { afterEach, expect, test } from 'vitest';
import { AuthenticationError, BadRequestError, InternalServerError } from '../../../src/index.js';
import { type HostileServer, hostileServer, sendJson } from '../../helpers/hostile-server.js';
import { virtualClock } from '../../helpers/virtual-clock.js';
import { clientOf, completed } from '../../helpers/hostile-api.js';

let server: HostileServer | undefined;
afterEach(() => server?.close());

test.each([
  ['20001 as a string', '20001', AuthenticationError],
  ['20001 as an integer', 20001, AuthenticationError],
  ['20002 as a string', '20002', BadRequestError],
  ['20002 as an integer', 20002, BadRequestError],
])('HTTP 200 with code %s ends the wait at once', async (_, code, errorClass) => {
  server = await hostileServer((_req, res) => sendJson(res, 200, { code, msg: 'no', data: null }));
  const clock = virtualClock();
  const error = await clientOf(server, { clock, maxRetries: 3 })
    .videos.wait('task_h1', { timeoutMs: 20 * 60_000 })
    .catch((e) => e);
  expect(error).toBeInstanceOf(errorClass);
  expect(error).toMatchObject({ status: 200, code: String(code), taskId: 'task_h1' });
  expect(server.requests).toHaveLength(1);
});

test.each([
  ['-1 as a string', '-1'],
  ['-1 as an integer', -1],
])('HTTP 200 with code %s is transient: retried, and the wait goes on', async (_, code) => {
  server = await hostileServer((req, res) =>
    req.index < 3
      ? sendJson(res, 200, { code, msg: 'server error, retry later', data: null })
      : sendJson(res, 200, completed()),
  );
  const omni = clientOf(server, { clock: virtualClock(), maxRetries: 0 });
  const first = await omni.videos.retrieve('task_h1').catch((e) => e);
  expect(first).toBeInstanceOf(InternalServerError);
  const done = await omni.videos.wait('task_h1', { timeoutMs: 20 * 60_000 });
  expect(done.status).toBe('completed');
  expect(server.requests).toHaveLength(4);
});
