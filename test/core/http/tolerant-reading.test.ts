/**
 * Promise: a created task is never lost, whatever the answer's Content-Type. A body that
 * parses as the envelope is the answer (a tolerant reader): gateways and frameworks
 * mislabel JSON all the time.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { MalformedResponseError } from '../../../src/index.js';
import { type HostileServer, hostileServer } from '../../helpers/hostile-server.js';
import { clientOf, completed, created, PARAMS } from '../../helpers/hostile-api.js';

let server: HostileServer | undefined;
afterEach(() => server?.close());

const CONTENT_TYPES: [string, Record<string, string>][] = [
  ['no Content-Type', {}],
  ['text/plain', { 'content-type': 'text/plain; charset=utf-8' }],
  ['text/html', { 'content-type': 'text/html' }],
  ['application/octet-stream', { 'content-type': 'application/octet-stream' }],
  ['an unknown type', { 'content-type': 'foo/bar' }],
  ['an empty type', { 'content-type': '' }],
  ['a vendor +json type', { 'content-type': 'application/vnd.jimmy+json' }],
];

describe('a success envelope under any Content-Type is the answer', () => {
  test.each(CONTENT_TYPES)('create, %s: the task is returned', async (_, headers) => {
    server = await hostileServer((_req, res) => {
      res.writeHead(200, headers).end(JSON.stringify(created('task_ct')));
    });
    const task = await clientOf(server).videos.create(PARAMS);
    expect(task.task_id).toBe('task_ct');
    expect(server.count('POST')).toBe(1);
  });

  test.each(CONTENT_TYPES)('retrieve, %s: the task is read', async (_, headers) => {
    server = await hostileServer((_req, res) => {
      res.writeHead(200, headers).end(JSON.stringify(completed('task_ct')));
    });
    const task = await clientOf(server).videos.retrieve('task_ct');
    expect(task).toMatchObject({ task_id: 'task_ct', status: 'completed' });
  });

  test('a body that is not JSON, under a JSON type, is still malformed (and names the task)', async () => {
    server = await hostileServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('<html>hi</html>');
    });
    const error = await clientOf(server, { maxRetries: 0 })
      .videos.retrieve('task_ct')
      .catch((e) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.taskId).toBe('task_ct');
  });
});

describe('a created task whose id cannot be polled is not lost', () => {
  test.each(['a/b', '..', '.', '../../x'])(
    'generate with task id %j says the task was created and carries its id',
    async (taskId) => {
      server = await hostileServer((_req, res) => {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(created(taskId)));
      });
      const error = await clientOf(server)
        .videos.generate(PARAMS)
        .catch((e) => e);
      expect(error).toBeInstanceOf(MalformedResponseError);
      expect(error.name).not.toBe('ValidationError');
      expect(error.taskId).toBe(taskId);
      expect(error.message).toMatch(/was created/);
      expect(error.message).not.toMatch(/nothing was sent/);
      expect(server.count('POST')).toBe(1);
      expect(server.count('GET')).toBe(0);
    },
  );
});

describe('an integer task id is the same task, read as its decimal text', () => {
  test('create answers task_id 123: the task is "123", not an uncertain create without an id', async () => {
    server = await hostileServer((_req, res) => {
      const answer = created('x');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ...answer, data: { ...answer.data, task_id: 123 } }));
    });
    const task = await clientOf(server).videos.create(PARAMS);
    expect(task.task_id).toBe('123');
    expect(server.count('POST')).toBe(1);
  });

  test('retrieve of "123" accepts the answer naming task 123', async () => {
    server = await hostileServer((_req, res) => {
      const answer = completed('x');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ...answer, data: { ...answer.data, task_id: 123 } }));
    });
    const task = await clientOf(server).videos.retrieve('123');
    expect(task).toMatchObject({ task_id: '123', status: 'completed' });
  });
});

describe("a service's message is quoted, not pasted whole", () => {
  test('a 200 KB msg: the error message holds a snippet, err.msg the whole text', async () => {
    const msg = 'y'.repeat(200_000);
    server = await hostileServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: '20002', msg }));
    });
    const error = await clientOf(server)
      .videos.create(PARAMS)
      .catch((e) => e);
    expect(error.name).toBe('BadRequestError');
    expect(error.message.length).toBeLessThan(500);
    expect(error.msg).toBe(msg);
  });
});
