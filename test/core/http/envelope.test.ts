/** The envelope: success only with code "20000" (or 20000); anything else is a typed error. */
import { afterEach, describe, expect, test } from 'vitest';
import {
  ApiError,
  CreateUncertainError,
  InternalServerError,
  MalformedResponseError,
} from '../../../src/index.js';
import { clientOn, sandboxClient } from '../../helpers/omni.js';
import {
  type ScriptedAnswer,
  scriptedServer,
  type HostileServer,
} from '../../helpers/hostile-server.js';

const { sandbox, client } = await sandboxClient();
const task = { task_id: 't1', status: 'processing', progress: 40 };

let server: HostileServer | undefined;
afterEach(() => server?.close());
async function answering(...answers: ScriptedAnswer[]) {
  server = await scriptedServer(answers);
  return clientOn(server.url, { maxRetries: 0 });
}

describe('success', () => {
  test('create and retrieve return the task as on the wire, unknown fields kept', async () => {
    const omni = client();
    const created = await omni.videos.create({ model: 'gemini-omni', prompt: 'a fox' });
    expect(created).toMatchObject({ status: 'queued', model: 'Gemini-Omini' });
    expect(created.task_id).toMatch(/\S/);
    expect(sandbox.task(created.task_id)).toBeDefined();
    const fetched = await omni.videos.retrieve(created.task_id);
    expect(fetched).toMatchObject({ task_id: created.task_id, model: 'Gemini-Omini' });
  });

  test('a numeric code 20000 is tolerated, and extra fields pass through', async () => {
    const omni = await answering({
      body: { code: 20000, msg: 'ok', data: { ...task, new_field: 1 } },
    });
    expect(await omni.videos.retrieve('t1')).toEqual({ ...task, new_field: 1 });
  });
});

describe('errors', () => {
  test('HTTP 200 with an error envelope is an ApiError with code and msg', async () => {
    sandbox.injectFault({
      kind: 'error-envelope-200',
      route: 'create',
      code: '20002',
      msg: 'duration must be one of 4, 6, 8, 10',
    });
    const error = await client()
      .videos.create({ model: 'Gemini-Omini', prompt: 'x' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      name: 'BadRequestError',
      status: 200,
      code: '20002',
      msg: 'duration must be one of 4, 6, 8, 10',
    });
    expect(error.message).toContain('duration must be one of 4, 6, 8, 10');
  });

  test('an error envelope with a data object is still read as the error it is', async () => {
    // '40300': an illustrative code the provider does not document.
    const omni = await answering({ body: { code: '40300', msg: 'model not enabled', data: {} } });
    await expect(omni.videos.retrieve('t1')).rejects.toMatchObject({
      name: 'ApiError',
      code: '40300',
      msg: 'model not enabled',
    });
  });

  test('a request id header is kept', async () => {
    const omni = await answering({
      status: 400,
      headers: { 'x-request-id': 'req_123' },
      body: { code: '20002', msg: 'bad' },
    });
    await expect(omni.videos.retrieve('t1')).rejects.toMatchObject({
      requestId: 'req_123',
      status: 400,
    });
  });

  test.each<[string, ScriptedAnswer, RegExp]>([
    ['success without data', { body: { code: '20000', msg: 'ok', data: null } }, /carries no data/],
    [
      'not an envelope',
      { body: { hello: 'world' } },
      /does not match the API spec|not an envelope/,
    ],
    [
      'a task missing task_id',
      { body: { code: '20000', msg: 'ok', data: { status: 'queued' } } },
      /does not match the API spec/,
    ],
    ['an HTML page with 200', { body: '<html>maintenance</html>' }, /not valid JSON/],
  ])('%s is a MalformedResponseError', async (_, answer, message) => {
    const omni = await answering(answer);
    const error = await omni.videos.retrieve('t1').catch((e) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toMatch(message);
    expect(error.taskId).toBe('t1');
  });

  test('malformed JSON from the sandbox is a MalformedResponseError, never a SyntaxError', async () => {
    const { task_id } = await client().videos.create({ model: 'Gemini-Omini', prompt: 'x' });
    sandbox.injectFault({ kind: 'malformed-json', route: 'retrieve', times: 3 });
    const error = await client({ maxRetries: 0 })
      .videos.retrieve(task_id)
      .catch((e) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    sandbox.clearFaults();
  });

  test('an HTML 502 from a proxy is an InternalServerError with the start of the page', async () => {
    const omni = await answering({ status: 502, body: '<html>bad gateway</html>' });
    const error = await omni.videos.retrieve('t1').catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, msg: '<html>bad gateway</html>' });
    expect(error.code).toBeUndefined();
  });
});

describe('answers found by the response fuzz', () => {
  test('a broken create answer that names its task keeps the id on the error', async () => {
    const omni = await answering({
      body: { code: '20000', msg: 'ok', data: { task_id: 'task_made', status: 5 } },
    });
    const error = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(CreateUncertainError);
    expect(error.taskId).toBe('task_made');
    expect(error.message).toContain('task_made');
  });

  test('an answer about another task is malformed', async () => {
    const omni = await answering({
      body: { code: '20000', msg: 'ok', data: { ...task, task_id: 'other' } },
    });
    const error = await omni.videos.retrieve('t1').catch((e) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.taskId).toBe('t1');
  });

  test('a whole answer in a content type that is not JSON is malformed, not a dropped connection', async () => {
    const omni = await answering({
      headers: { 'content-type': 'multipart/form-data' },
      body: 'not a form',
    });
    await expect(omni.videos.retrieve('t1')).rejects.toBeInstanceOf(MalformedResponseError);
  });

  test('an error answer nested too deep to print is still a typed error', async () => {
    const deep = `{"code":"50000","msg":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const omni = await answering({
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: deep,
    });
    const error = await omni.videos.retrieve('t1').catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
  });
});
