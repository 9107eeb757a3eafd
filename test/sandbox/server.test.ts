/** Starting, routing and closing: loopback, a free port, 404/405 envelopes, a close that never hangs. */
import { connect } from 'node:net';
import { expect, test } from 'vitest';
import { CREATE_PATH, startSandbox } from '../../src/sandbox/index.js';
import { T0, createTaskId, getTask, networkError, postCreate } from '../helpers/sandbox.js';

test('starts on 127.0.0.1 on a free port, quickly', async () => {
  const started = performance.now();
  const [a, b] = await Promise.all([startSandbox(), startSandbox()]);
  try {
    expect(performance.now() - started).toBeLessThan(1000);
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.url).toBe(`http://127.0.0.1:${a.port}`);
    expect(a.port).not.toBe(b.port);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('listens on the port asked for', async () => {
  const probe = await startSandbox();
  const { port } = probe;
  await probe.close();
  const sandbox = await startSandbox({ port });
  try {
    expect(sandbox.url).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${sandbox.url}/nope`)).status).toBe(404);
  } finally {
    await sandbox.close();
  }
});

test('unknown routes: 404 envelope; a known path with another method: 405 with Allow', async () => {
  const sandbox = await startSandbox();
  try {
    const missing = await fetch(`${sandbox.url}/api/open-api/v1/gemini/omni/images`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      code: '20002',
      msg: 'no route for GET /api/open-api/v1/gemini/omni/images',
      data: null,
    });
    const wrong = await fetch(sandbox.url + CREATE_PATH);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(await wrong.json()).toMatchObject({ code: '20002' });
    const unknownTask = await getTask(sandbox, 'task_NOPE');
    expect(unknownTask.status).toBe(404);
    expect(await unknownTask.json()).toEqual({ code: '20002', msg: 'task not found', data: null });
  } finally {
    await sandbox.close();
  }
});

test('close() does not wait for keep-alive or half-sent connections; the port is freed', async () => {
  const sandbox = await startSandbox();
  await createTaskId(sandbox); // leaves fetch's keep-alive connection open
  const idle = connect(sandbox.port, '127.0.0.1');
  await new Promise((resolve) => idle.once('connect', resolve));
  idle.write('GET /api/open-api/v1/videos/x HTTP/1.1\r\nHost: x\r\n'); // headers never finished
  const idleErrors: string[] = [];
  idle.on('error', (error: NodeJS.ErrnoException) => idleErrors.push(error.code ?? ''));
  const idleClosed = new Promise((resolve) => idle.once('close', resolve));
  const started = performance.now();
  await sandbox.close();
  await sandbox.close();
  expect(performance.now() - started).toBeLessThan(500);
  await idleClosed;
  expect(idleErrors.every((code) => code === 'ECONNRESET')).toBe(true);
  expect(await networkError(fetch(`${sandbox.url}/nope`))).toBe('ECONNREFUSED');
});

test('an unexpected error inside the sandbox answers a 500 envelope instead of hanging', async () => {
  let broken = false;
  const sandbox = await startSandbox({
    now: () => {
      if (broken) throw new Error('clock broke');
      return T0;
    },
  });
  try {
    broken = true;
    const res = await postCreate(sandbox);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: '-1', msg: 'internal error', data: null });
  } finally {
    await sandbox.close();
  }
});

test('advance() refuses to go back or to NaN', async () => {
  const sandbox = await startSandbox({ now: () => T0 });
  try {
    expect(() => sandbox.advance(-1)).toThrow(RangeError);
    expect(() => sandbox.advance(Number.NaN)).toThrow(RangeError);
    sandbox.advance(5);
    expect(sandbox.now()).toBe(T0 + 5);
  } finally {
    await sandbox.close();
  }
});
