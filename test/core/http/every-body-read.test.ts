/**
 * Promise: every answer's body is read or cancelled, on every path. A body left unread
 * holds its connection: each new request then opens another socket, and they pile up
 * (with large bodies they never drain). Checked by counting the server's open sockets
 * after a run of sequential calls: a client that releases each answer reuses its
 * keep-alive connections, so the count stays small whatever the number of calls.
 */
import { afterEach, expect, test } from 'vitest';
import { type HostileServer, hostileServer } from '../../helpers/hostile-server.js';
import { clientOf, completed } from '../../helpers/hostile-api.js';

let server: HostileServer | undefined;
afterEach(() => server?.close());

const PAD = ' '.repeat(1_000_000); // JSON allows trailing white space
const CALLS = 6;

const BEHAVIOURS: [string, (url: string, n: number) => [number, Record<string, string>, string]][] =
  [
    ['a success envelope without Content-Type', () => [200, {}, JSON.stringify(completed()) + PAD]],
    [
      'a success envelope as octet-stream',
      () => [
        200,
        { 'content-type': 'application/octet-stream' },
        JSON.stringify(completed()) + PAD,
      ],
    ],
    [
      'an HTTP 200 error envelope (code 20002) as text/plain',
      () => [
        200,
        { 'content-type': 'text/plain' },
        JSON.stringify({ code: '20002', msg: 'bad', data: null }) + PAD,
      ],
    ],
    ['a 500 HTML page', () => [500, { 'content-type': 'text/html' }, `<html>${PAD}</html>`]],
    [
      'a same-origin redirect with a body, then the task',
      (_url, n) =>
        n % 2 === 0
          ? [307, { location: '/api/open-api/v1/videos/task_h1?hop=1' }, PAD]
          : [200, {}, JSON.stringify(completed()) + PAD],
    ],
    [
      'a redirect to another origin, not followed',
      (url) => [302, { location: `${url.replace('127.0.0.1', 'localhost')}/x` }, PAD],
    ],
  ];

test.each(BEHAVIOURS)('%s: sockets do not pile up', async (_, behave) => {
  server = await hostileServer((req, res) => {
    const [status, headers, body] = behave(server!.url, req.index);
    res.writeHead(status, headers).end(body);
  });
  const omni = clientOf(server, { maxRetries: 0 });
  for (let i = 0; i < CALLS; i++) await omni.videos.retrieve('task_h1').catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(server.requests.length).toBeGreaterThanOrEqual(CALLS);
  expect(server.openSockets()).toBeLessThanOrEqual(2);
});
