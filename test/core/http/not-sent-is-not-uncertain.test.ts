/**
 * Promise: an error raised before a byte left is "not sent": a plain typed error, never
 * retried, never a CreateUncertainError, and never a wait that polls to its deadline.
 * A TypeError from building the request (what Deno's fetch throws for hey-api's
 * `client` option, what Headers throws for an invalid value) is not sent; undici's
 * `TypeError: fetch failed` after a connection was made may have been received.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { ConnectionError, CreateUncertainError, ValidationError } from '../../../src/index.js';
import { type HostileServer, hostileServer, sendJson } from '../../helpers/hostile-server.js';
import { virtualClock } from '../../helpers/virtual-clock.js';
import { clientOf, completed, created, PARAMS } from '../../helpers/hostile-api.js';

let server: HostileServer | undefined;
afterEach(() => server?.close());

/** Custom fetches that refuse the request before sending it, as real runtimes do. */
const REFUSING_FETCHES: [string, typeof fetch][] = [
  [
    "Deno's fetch refusing the client option (thrown synchronously, as new Request does)",
    () => {
      throw new TypeError("Argument 2 'client' must be a Deno.HttpClient");
    },
  ],
  [
    'a wrapper adding a header value with a line break',
    (input) => {
      (input as Request).headers.set('x-trace', 'abc\r\ndef');
      return fetch(input);
    },
  ],
  [
    'a wrapper building a Request with a bad header',
    (input) => fetch(new Request(input as Request, { headers: { 'x-bad\u0000': '1' } })),
  ],
];

describe('a request that could not be built', () => {
  test.each(REFUSING_FETCHES)('%s: create is a ValidationError, sent 0 times', async (_, f) => {
    server = await hostileServer((_req, res) => sendJson(res, 200, created()));
    const error = await clientOf(server, { fetch: f, maxRetries: 5 })
      .videos.create(PARAMS)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).not.toBeInstanceOf(CreateUncertainError);
    expect(error.message).toMatch(/nothing was sent/);
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(server.requests).toHaveLength(0);
  });

  test.each(REFUSING_FETCHES)('%s: a wait ends at once, not at its deadline', async (_, f) => {
    server = await hostileServer((_req, res) => sendJson(res, 200, completed()));
    const clock = virtualClock();
    const started = clock.now();
    const error = await clientOf(server, { fetch: f, clock })
      .videos.wait('task_h1', { timeoutMs: 20 * 60_000 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.taskId).toBe('task_h1');
    expect(clock.now() - started).toBeLessThan(60_000);
    expect(server.requests).toHaveLength(0);
  });
});

test('undici\'s "fetch failed" after the request left stays uncertain (the control)', async () => {
  server = await hostileServer((_req, res) => {
    res.socket?.resetAndDestroy();
  });
  const error = await clientOf(server, { maxRetries: 5 })
    .videos.create(PARAMS)
    .catch((e) => e);
  expect(error).toBeInstanceOf(CreateUncertainError);
  expect(error.cause).toBeInstanceOf(ConnectionError);
  expect(server.count('POST')).toBe(1);
});
