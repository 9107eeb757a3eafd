/**
 * Promise: the key goes to the API's origin only, and a read follows a redirect only
 * there, a bounded number of times. (A create never follows one: one-billed-create.)
 */
import { expect, test } from 'vitest';
import { ApiError } from '../../../src/index.js';
import { type HostileServer, sendJson } from '../../helpers/hostile-server.js';
import { clientOf, completed, serversPerTest, POLL_PATH } from '../../helpers/hostile-api.js';
import { TEST_KEY } from '../../helpers/omni.js';

const serve = serversPerTest();

test.each([301, 302, 303, 307, 308])(
  'a same-origin %d is followed, with the key, and the task read',
  async (status) => {
    const server = await serve((req, res) => {
      if (req.url.startsWith('/moved/')) sendJson(res, 200, completed());
      else res.writeHead(status, { location: `/moved${req.url}` }).end();
    });
    const task = await clientOf(server).videos.retrieve('task_h1');
    expect(task.status).toBe('completed');
    expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['GET', `${POLL_PATH}task_h1`, `Bearer ${TEST_KEY}`],
      ['GET', `/moved${POLL_PATH}task_h1`, `Bearer ${TEST_KEY}`],
    ]);
  },
);

test('a same-origin redirect loop stops after 5 hops with an ApiError', async () => {
  const server = await serve((req, res) => {
    res.writeHead(307, { location: req.url }).end();
  });
  const error = await clientOf(server, { maxRetries: 0 })
    .videos.retrieve('task_h1')
    .catch((e) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ status: 307, taskId: 'task_h1' });
  expect(server.requests).toHaveLength(6);
});

test.each([
  ['another port', (other: HostileServer) => `${other.url}/x`],
  [
    'another host name',
    (other: HostileServer) => `${other.url.replace('127.0.0.1', 'localhost')}/x`,
  ],
  ['another scheme', (other: HostileServer) => `${other.url.replace('http:', 'https:')}/x`],
])('a redirect to %s is not followed and the key never goes there', async (_, target) => {
  const other = await serve((_req, res) => sendJson(res, 200, completed()));
  const server = await serve((_req, res) => {
    res.writeHead(302, { location: target(other) }).end();
  });
  const error = await clientOf(server, { maxRetries: 0 })
    .videos.retrieve('task_h1')
    .catch((e) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error.status).toBe(302);
  expect(error.message).toMatch(/not followed/);
  expect(other.requests).toHaveLength(0);
});
