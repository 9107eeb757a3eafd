/**
 * Promise: the API key never leaves in an error. A server that echoes the request's
 * headers (debug pages, misconfigured gateways) must not put the key into any error's
 * message, stack, JSON or util.inspect; and a key that cannot be sent in a header is
 * refused before sending, without being quoted.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { Omni, OmniError, ValidationError } from '../../src/index.js';
import { type HostileServer, hostileServer } from '../helpers/hostile-server.js';
import { clientOf, PARAMS } from '../helpers/hostile-api.js';
import { TEST_KEY } from '../helpers/omni.js';
import { ok } from '../helpers/envelope.js';

let server: HostileServer | undefined;
afterEach(() => server?.close());

/** Everything a log could show of an error, its causes included. */
function everything(error: unknown): string {
  const parts = [inspect(error, { depth: 10, showHidden: true })];
  for (let e = error, depth = 0; e && depth < 6; e = (e as Error).cause, depth++) {
    parts.push(String((e as Error).message), String((e as Error).stack));
    try {
      parts.push(JSON.stringify(e));
    } catch {
      // a cause that cannot be stringified shows in inspect
    }
  }
  return parts.join('\n');
}

type Echo = (authorization: string) => [number, Record<string, string>, string];
const ECHOES: [string, Echo][] = [
  [
    'a 401 text page quoting the header',
    (a) => [401, { 'content-type': 'text/plain' }, `bad ${a}`],
  ],
  [
    'an HTTP 200 envelope 20001 quoting the key in msg',
    (a) => [
      200,
      { 'content-type': 'application/json' },
      JSON.stringify({ code: 20001, msg: `key ${a.slice(7)} refused`, data: null }),
    ],
  ],
  [
    'a 400 envelope echoing every header in data',
    (a) => [
      400,
      { 'content-type': 'application/json' },
      JSON.stringify({ code: '20002', msg: 'bad', data: { headers: { authorization: a } } }),
    ],
  ],
  [
    'a 500 HTML debug page',
    (a) => [500, { 'content-type': 'text/html' }, `<pre>Authorization: ${a}</pre>`],
  ],
  [
    'a 200 body that is not JSON (the parser quotes it)',
    (a) => [200, { 'content-type': 'application/json' }, `{"code":"20000","echo":${a}}`],
  ],
  [
    'a 200 success whose task fails quoting the key',
    (a) => [
      200,
      { 'content-type': 'application/json' },
      JSON.stringify(ok({ task_id: 'task_h1', status: 'failed', error_message: `auth ${a}` })),
    ],
  ],
  [
    'a 302 whose Location carries the key',
    (a) => [302, { location: `https://elsewhere.example/?k=${a.slice(7)}` }, ''],
  ],
];

describe('a server echoing the Authorization header', () => {
  test.each(ECHOES)('%s: the key is in no error', async (_, echo) => {
    server = await hostileServer((req, res) => {
      const [status, headers, body] = echo(String(req.headers.authorization));
      res.writeHead(status, headers).end(body);
    });
    const omni = clientOf(server, { maxRetries: 0 });
    // Each call ends in an error, or (a failed task) returns what the service said.
    const outcomes = [
      await omni.videos.create(PARAMS).catch((e) => e),
      await omni.videos.retrieve('task_h1').catch((e) => e),
      await omni.videos.wait('task_h1', { timeoutMs: 5_000, pollIntervalMs: 1000 }).catch((e) => e),
    ];
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(outcomes[2]).toBeInstanceOf(OmniError);
    for (const outcome of outcomes) expect(everything(outcome)).not.toContain(TEST_KEY);
  });
});

describe('a key that cannot be sent in a header', () => {
  test.each([
    ['a trailing line break', `${TEST_KEY}\n`],
    ['a carriage return inside', `sk_ab\rcd`],
    ['a space', 'sk_ab cd'],
    ['a tab', 'sk_ab\tcd'],
    ['a NUL', 'sk_ab\u0000cd'],
    ['a non-ASCII letter', 'sk_abécd'],
    ['an emoji', 'sk_ab🔑'],
  ])('%s: ValidationError on apiKey before sending, the key not quoted', async (_, apiKey) => {
    server = await hostileServer((_req, res) => {
      res.writeHead(500).end();
    });
    const omni = new Omni({ apiKey, baseUrl: server.url });
    for (const call of [() => omni.videos.create(PARAMS), () => omni.videos.retrieve('task_h1')]) {
      const error = await call().catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.issues).toEqual([{ path: 'apiKey', message: expect.any(String) }]);
      expect(everything(error)).not.toContain(apiKey);
      expect(everything(error)).not.toContain(apiKey.trim());
    }
    expect(server.requests).toHaveLength(0);
  });
});
