/**
 * Fault injection: queued per request with `injectFault`, or drawn at a seeded random
 * rate. What Node's fetch reports for each network fault is in
 * /work/shared/toolchain-notes.md.
 */
import { get } from 'node:http';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  DEFAULT_RANDOM_FAULT_KINDS,
  FAULT_KINDS,
  startSandbox,
  type RandomFaults,
  type Sandbox,
} from '../../src/sandbox/index.js';
import {
  BODY,
  T0,
  createTaskId,
  getTask,
  networkError,
  postCreate,
  retrieve,
} from '../helpers/sandbox.js';

describe('HTTP errors and the queue', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    // timeScale 0: tasks complete at once, so their media links exist.
    sandbox = await startSandbox({ now: () => T0, timeScale: 0 });
  });
  afterEach(() => sandbox.close());

  test('FAULT_KINDS lists every kind', () => {
    expect(FAULT_KINDS).toEqual([
      'rate-limit',
      'server-error',
      'bad-gateway',
      'unavailable',
      'reset-before',
      'reset-after',
      'slow',
      'hang',
      'truncated-body',
      'malformed-json',
      'error-envelope-200',
      'auth-error-200',
      'bad-request-200',
      'auth-echo',
      'redirect-loop',
      'wrong-content-type',
      'retry-after-bogus',
      'unknown-status',
      'status-case',
      'progress-backwards',
      'reply',
      'deep-json',
      'huge-answer',
    ]);
  });

  describe('reply: exactly the answer a test scripts', () => {
    test('status, headers and body as given, JSON or not; no task made', async () => {
      const before = sandbox.tasks.length;
      sandbox.injectFault({
        kind: 'reply',
        route: 'create',
        reply: {
          status: 201,
          headers: { 'content-type': 'text/plain', 'x-trace': 'a1' },
          body: 'not json',
        },
      });
      const res = await postCreate(sandbox);
      expect([res.status, res.headers.get('content-type'), res.headers.get('x-trace')]).toEqual([
        201,
        'text/plain',
        'a1',
      ]);
      expect(await res.text()).toBe('not json');
      expect(sandbox.tasks.length).toBe(before);
    });

    test('truncate: the full Content-Length, half the body, then the connection drops', async () => {
      const id = await createTaskId(sandbox);
      sandbox.injectFault({
        kind: 'reply',
        route: 'retrieve',
        reply: { status: 200, body: '{"code":"20000","msg":"ok","data":null}', truncate: true },
      });
      const res = await getTask(sandbox, id);
      expect(res.headers.get('content-length')).toBe('39');
      await expect(res.text()).rejects.toThrow('terminated');
    });

    test('a 204 is sent without a body or a length', async () => {
      const id = await createTaskId(sandbox);
      sandbox.injectFault({
        kind: 'reply',
        route: 'retrieve',
        reply: { status: 204, body: 'ignored' },
      });
      const res = await getTask(sandbox, id);
      expect([res.status, res.headers.get('content-length'), await res.text()]).toEqual([
        204,
        null,
        '',
      ]);
    });

    test('needs a reply, and is never drawn at random', () => {
      expect(() => sandbox.injectFault({ kind: 'reply' })).toThrow(/needs `reply`/);
      expect(DEFAULT_RANDOM_FAULT_KINDS).not.toContain('reply');
    });
  });

  describe('answers in place of the real one (no task made by default)', () => {
    test('rate-limit: 429 with Retry-After (default 1 s, configurable) and envelope -1', async () => {
      sandbox.injectFault({ kind: 'rate-limit', route: 'create' });
      sandbox.injectFault({ kind: 'rate-limit', route: 'create', retryAfter: 7 });
      for (const retryAfter of ['1', '7']) {
        const res = await postCreate(sandbox);
        expect(res.status).toBe(429);
        expect(res.headers.get('retry-after')).toBe(retryAfter);
        expect(await res.json()).toEqual({ code: '-1', msg: 'too many requests', data: null });
      }
      expect(sandbox.tasks).toHaveLength(0);
      expect((await postCreate(sandbox)).status).toBe(200);
    });

    test('server-error: 500 with envelope -1', async () => {
      sandbox.injectFault({ kind: 'server-error' });
      const res = await postCreate(sandbox);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ code: '-1', msg: 'internal error', data: null });
      expect(sandbox.tasks).toHaveLength(0);
    });

    test('bad-gateway: 502 with an HTML body, as a proxy sends it', async () => {
      sandbox.injectFault({ kind: 'bad-gateway' });
      const res = await postCreate(sandbox);
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toBe('text/html');
      expect(await res.text()).toContain('502 Bad Gateway');
    });

    test('unavailable: 503 with Retry-After and envelope -1', async () => {
      sandbox.injectFault({ kind: 'unavailable', retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' });
      const res = await postCreate(sandbox);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('Wed, 21 Oct 2026 07:28:00 GMT');
      expect(await res.json()).toMatchObject({ code: '-1' });
    });

    test("error-envelope-200: HTTP 200 with a non-20000 code (default the provider's -1, configurable)", async () => {
      sandbox.injectFault({ kind: 'error-envelope-200' });
      sandbox.injectFault({ kind: 'error-envelope-200', code: 20002, msg: 'invalid duration' });
      const first = await postCreate(sandbox);
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({
        code: '-1',
        msg: 'server error, please retry later',
        data: null,
      });
      expect(await (await postCreate(sandbox)).json()).toEqual({
        code: 20002,
        msg: 'invalid duration',
        data: null,
      });
      expect(sandbox.tasks).toHaveLength(0);
    });

    test("auth-error-200 and bad-request-200: HTTP 200 with the provider's 20001 (an integer) and 20002", async () => {
      sandbox.injectFault({ kind: 'auth-error-200' });
      sandbox.injectFault({ kind: 'bad-request-200' });
      const auth = await postCreate(sandbox);
      expect(auth.status).toBe(200);
      expect(await auth.json()).toEqual({ code: 20001, msg: 'authentication failed', data: null });
      expect(await (await postCreate(sandbox)).json()).toEqual({
        code: '20002',
        msg: 'bad parameters',
        data: null,
      });
      expect(sandbox.tasks).toHaveLength(0);
    });

    test('auth-echo: a 401 whose body echoes the Authorization header', async () => {
      sandbox.injectFault({ kind: 'auth-echo' });
      const res = await postCreate(sandbox);
      expect(res.status).toBe(401);
      expect(await res.text()).toMatch(/authorization: Bearer \S+/);
      expect(sandbox.tasks).toHaveLength(0);
    });

    test('redirect-loop: a 307 to the same URL, no task', async () => {
      sandbox.injectFault({ kind: 'redirect-loop', times: 2 });
      const res = await fetch(`${sandbox.url}/api/open-api/v1/gemini/omni/videos`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk_test' },
        body: JSON.stringify({ model: 'Gemini-Omini', prompt: 'x' }),
        redirect: 'manual',
      });
      expect(res.status).toBe(307);
      expect(res.headers.get('location')).toBe('/api/open-api/v1/gemini/omni/videos');
      expect(sandbox.tasks).toHaveLength(0);
    });

    test('retry-after-bogus: 429 with Retry-After 0, then -5, then a past date', async () => {
      sandbox.injectFault({ kind: 'retry-after-bogus', times: 3 });
      const seen: (string | null)[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await postCreate(sandbox);
        expect(res.status).toBe(429);
        seen.push(res.headers.get('retry-after'));
      }
      expect(seen).toEqual(['0', '-5', 'Thu, 01 Jan 1970 00:00:00 GMT']);
    });

    test('wrong-content-type: the real answer (the task is made) under another type, or none', async () => {
      sandbox.injectFault({ kind: 'wrong-content-type' });
      sandbox.injectFault({ kind: 'wrong-content-type', contentType: '' });
      const plain = await postCreate(sandbox);
      expect(plain.headers.get('content-type')).toBe('text/plain');
      expect((await plain.json()).code).toBe('20000');
      const none = await postCreate(sandbox);
      expect(none.headers.get('content-type')).toBeNull();
      expect(sandbox.tasks).toHaveLength(2);
    });

    test('process: true makes the task first, then fails the answer', async () => {
      sandbox.injectFault({ kind: 'server-error', route: 'create', process: true });
      expect((await postCreate(sandbox)).status).toBe(500);
      expect(sandbox.tasks).toHaveLength(1);
      expect(sandbox.requests.at(-1)).toMatchObject({ taskId: sandbox.tasks[0]!.id, status: 500 });
    });

    test('hits the media route too', async () => {
      const id = await createTaskId(sandbox);
      const url = (await (await getTask(sandbox, id)).json()).data.result.video_url;
      sandbox.injectFault({ kind: 'unavailable', route: 'media' });
      expect((await fetch(url)).status).toBe(503);
      expect((await fetch(url)).status).toBe(200);
    });
  });

  describe('the queue', () => {
    test('a fault with a route waits for that route; without one it hits the next request', async () => {
      sandbox.injectFault({ kind: 'server-error', route: 'retrieve' });
      const id = await createTaskId(sandbox);
      expect((await getTask(sandbox, id)).status).toBe(500);
      sandbox.injectFault({ kind: 'rate-limit' });
      expect((await getTask(sandbox, id)).status).toBe(429);
      expect((await getTask(sandbox, id)).status).toBe(200);
    });

    test('times: hits that many requests; the handle counts down and leaves the queue', async () => {
      const fault = sandbox.injectFault({ kind: 'server-error', times: 2 });
      expect(sandbox.faults).toEqual([fault]);
      expect(fault.remaining).toBe(2);
      expect((await postCreate(sandbox)).status).toBe(500);
      expect(fault.remaining).toBe(1);
      expect((await postCreate(sandbox)).status).toBe(500);
      expect(fault.remaining).toBe(0);
      expect(sandbox.faults).toEqual([]);
      expect((await postCreate(sandbox)).status).toBe(200);
    });

    test('times: Infinity hits until clearFaults()', async () => {
      sandbox.injectFault({ kind: 'bad-gateway', times: Infinity });
      for (let i = 0; i < 3; i++) expect((await postCreate(sandbox)).status).toBe(502);
      sandbox.clearFaults();
      expect((await postCreate(sandbox)).status).toBe(200);
    });

    test('faults are used in the order injected', async () => {
      sandbox.injectFault({ kind: 'rate-limit' });
      sandbox.injectFault({ kind: 'server-error' });
      expect((await postCreate(sandbox)).status).toBe(429);
      expect((await postCreate(sandbox)).status).toBe(500);
    });

    test('unknown routes are never hit; faults before processing hit unauthenticated requests', async () => {
      sandbox.injectFault({ kind: 'rate-limit' });
      expect((await fetch(`${sandbox.url}/nope`)).status).toBe(404);
      expect(sandbox.faults).toHaveLength(1);
      expect((await postCreate(sandbox, undefined, { key: null })).status).toBe(429);
    });

    test('refuses unknown kinds, kinds on routes they do not apply to, and bad times', () => {
      // @ts-expect-error: not a FaultKind
      expect(() => sandbox.injectFault({ kind: 'explode' })).toThrow(TypeError);
      expect(() => sandbox.injectFault({ kind: 'unknown-status', route: 'create' })).toThrow(
        TypeError,
      );
      expect(() => sandbox.injectFault({ kind: 'malformed-json', route: 'media' })).toThrow(
        TypeError,
      );
      expect(() => sandbox.injectFault({ kind: 'slow', times: 0 })).toThrow(RangeError);
      expect(() => sandbox.injectFault({ kind: 'slow', times: 1.5 })).toThrow(RangeError);
      expect(sandbox.faults).toEqual([]);
    });
  });
});

describe('network faults', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ now: () => T0, timeScale: 0 });
  });
  afterEach(() => sandbox.close());

  describe('resets', () => {
    test('reset-before: ECONNRESET and no task is made', async () => {
      sandbox.injectFault({ kind: 'reset-before', route: 'create' });
      expect(await networkError(postCreate(sandbox))).toBe('ECONNRESET');
      expect(sandbox.tasks).toHaveLength(0);
      expect(sandbox.requests).toMatchObject([
        { route: 'create', fault: 'reset-before', taskId: null, status: null, body: BODY },
      ]);
    });

    test('reset-after: ECONNRESET, but the task exists (the answer was lost)', async () => {
      sandbox.injectFault({ kind: 'reset-after', route: 'create' });
      expect(await networkError(postCreate(sandbox))).toBe('ECONNRESET');
      expect(sandbox.tasks).toHaveLength(1);
      expect(sandbox.requests).toMatchObject([
        { fault: 'reset-after', taskId: sandbox.tasks[0]!.id, status: null },
      ]);
    });

    test('resets hit retrieve and media too', async () => {
      const id = await createTaskId(sandbox);
      const url = (await (await getTask(sandbox, id)).json()).data.result.video_url;
      sandbox.injectFault({ kind: 'reset-before', route: 'retrieve' });
      sandbox.injectFault({ kind: 'reset-after', route: 'media' });
      expect(await networkError(getTask(sandbox, id))).toBe('ECONNRESET');
      expect(await networkError(fetch(url))).toBe('ECONNRESET');
      expect((await fetch(url)).status).toBe(200);
    });
  });

  describe('delays', () => {
    test('slow: the normal answer, after delayMs', async () => {
      sandbox.injectFault({ kind: 'slow', delayMs: 40 });
      const started = performance.now();
      const res = await postCreate(sandbox);
      expect(performance.now() - started).toBeGreaterThanOrEqual(35);
      expect(res.status).toBe(200);
      expect((await res.json()).data.task_id).toBe(sandbox.tasks[0]!.id);
      expect(sandbox.requests[0]).toMatchObject({ fault: 'slow', status: 200 });
    });

    test('hang: no answer until the client gives up; the task was made', async () => {
      sandbox.injectFault({ kind: 'hang', route: 'create' });
      const error = await networkError(
        postCreate(sandbox, BODY, { signal: AbortSignal.timeout(50) }),
      );
      expect(error).toBe('TimeoutError');
      expect(sandbox.tasks).toHaveLength(1);
      expect(sandbox.requests[0]).toMatchObject({ fault: 'hang', status: null });
    });

    test('hang with process: false makes no task', async () => {
      sandbox.injectFault({ kind: 'hang', process: false });
      await networkError(postCreate(sandbox, BODY, { signal: AbortSignal.timeout(30) }));
      expect(sandbox.tasks).toHaveLength(0);
    });

    test('close() ends hung and slow requests at once', async () => {
      sandbox.injectFault({ kind: 'hang' });
      sandbox.injectFault({ kind: 'slow', delayMs: 60_000 });
      const hung = networkError(postCreate(sandbox));
      const slow = networkError(postCreate(sandbox));
      while (sandbox.requests.length < 2) await new Promise((r) => setTimeout(r, 1));
      const started = performance.now();
      await sandbox.close();
      expect(performance.now() - started).toBeLessThan(500);
      expect(await hung).toBe('UND_ERR_SOCKET');
      expect(await slow).toBe('UND_ERR_SOCKET');
    });
  });

  describe('damaged bodies', () => {
    test('truncated-body: status and the full Content-Length, then the body stops', async () => {
      const id = await createTaskId(sandbox);
      const full = JSON.stringify({ code: '20000', msg: 'ok', data: sandbox.task(id)!.state });
      sandbox.injectFault({ kind: 'truncated-body', route: 'retrieve' });
      const res = await getTask(sandbox, id);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(full)));
      await expect(res.text()).rejects.toThrow('terminated');
      expect(sandbox.requests.at(-1)).toMatchObject({ fault: 'truncated-body', status: 200 });
    });

    test('truncated-body on media: half the MP4 arrives, then the connection drops', async () => {
      const id = await createTaskId(sandbox);
      const url: string = sandbox.task(id)!.state.result!.video_url!;
      sandbox.injectFault({ kind: 'truncated-body', route: 'media' });
      // Raw node:http, to count the bytes that arrive before the drop.
      const { length, received, aborted } = await new Promise<{
        length: number;
        received: number;
        aborted: boolean;
      }>((resolve, reject) => {
        get(url, (res) => {
          let received = 0;
          res.on('data', (chunk: Buffer) => (received += chunk.length));
          res.on('error', () => {});
          res.on('close', () =>
            resolve({
              length: Number(res.headers['content-length']),
              received,
              aborted: !res.complete,
            }),
          );
        }).on('error', reject);
      });
      expect(aborted).toBe(true);
      expect(received).toBe(Math.floor(length / 2));
      expect(length).toBeGreaterThan(1000);
    });

    test('malformed-json: 200 and a body that is not JSON; the task was made', async () => {
      sandbox.injectFault({ kind: 'malformed-json', route: 'create' });
      const res = await postCreate(sandbox);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      const text = await res.text();
      expect(text.startsWith('{"code":"20000"')).toBe(true);
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(sandbox.tasks).toHaveLength(1);
    });
  });
});

describe('task data faults', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ now: () => T0, jitter: 0, queueMs: 1000, runMs: 5000 });
  });
  afterEach(() => sandbox.close());

  const progressOf = async (id: string) => (await retrieve(sandbox, id)).body.data.progress;

  test('unknown-status: the task is reported with status rendering, then normally', async () => {
    const id = await createTaskId(sandbox);
    sandbox.injectFault({ kind: 'unknown-status' });
    const answer = await retrieve(sandbox, id);
    expect(answer.body).toMatchObject({
      code: '20000',
      data: { task_id: id, status: 'rendering' },
    });
    expect(sandbox.requests.at(-1)!.fault).toBe('unknown-status');
    expect((await retrieve(sandbox, id)).body.data.status).toBe('queued');
  });

  test('unknown-status takes a status parameter and skips creates and unknown tasks', async () => {
    sandbox.injectFault({ kind: 'unknown-status', status: 'upscaling' });
    const id = await createTaskId(sandbox);
    expect((await getTask(sandbox, 'task_missing')).status).toBe(404);
    expect(sandbox.faults).toHaveLength(1);
    expect((await retrieve(sandbox, id)).body.data.status).toBe('upscaling');
  });

  test('progress-backwards: a processing task reports less than the client last saw', async () => {
    const id = await createTaskId(sandbox);
    sandbox.advance(3500);
    const before = await progressOf(id);
    expect(before).toBe(50);
    sandbox.injectFault({ kind: 'progress-backwards' });
    sandbox.advance(500);
    const backwards = await retrieve(sandbox, id);
    expect(backwards.body.data.status).toBe('processing');
    expect(backwards.body.data.progress).toBeLessThan(before);
    expect(await progressOf(id)).toBeGreaterThanOrEqual(before);
  });

  test('progress-backwards waits for the task to be processing', async () => {
    const id = await createTaskId(sandbox);
    sandbox.injectFault({ kind: 'progress-backwards', route: 'retrieve' });
    expect(await progressOf(id)).toBe(0);
    expect(sandbox.faults).toHaveLength(1);
    sandbox.advance(2000);
    expect(await progressOf(id)).toBe(10);
    expect(sandbox.requests.at(-1)!.fault).toBe('progress-backwards');
    expect(sandbox.faults).toHaveLength(0);
  });

  test('task faults skip unauthenticated requests', async () => {
    const id = await createTaskId(sandbox);
    sandbox.injectFault({ kind: 'unknown-status' });
    expect((await getTask(sandbox, id, { key: null })).status).toBe(401);
    expect(sandbox.faults).toHaveLength(1);
  });
});

describe('random faults', () => {
  /**
   * The [fault, status] of `n` retrieves of one processing task, with random faults on
   * the retrieve route only (so the create that makes the task is never hit).
   */
  async function run(faults: Omit<RandomFaults, 'routes'>, n: number, seed = 7) {
    const sandbox = await startSandbox({
      now: () => T0,
      jitter: 0,
      seed,
      faults: { ...faults, routes: ['retrieve'] },
    });
    try {
      const id = await createTaskId(sandbox);
      sandbox.advance(3000);
      sandbox.clearRequests();
      for (let i = 0; i < n; i++)
        await getTask(sandbox, id, { signal: AbortSignal.timeout(500) })
          .then((res) => res.arrayBuffer())
          .catch(() => null);
      return sandbox.requests.map((r) => [r.fault, r.status]);
    } finally {
      await sandbox.close();
    }
  }

  test('rate 0.5 hits about half the requests, the same ones under the same seed', async () => {
    const faults = { rate: 0.5, kinds: ['server-error' as const] };
    const first = await run(faults, 20);
    const hits = first.filter(([fault]) => fault === 'server-error');
    expect(hits.length).toBeGreaterThan(4);
    expect(hits.length).toBeLessThan(16);
    expect(hits.every(([, status]) => status === 500)).toBe(true);
    expect(await run(faults, 20)).toEqual(first);
    expect(await run(faults, 20, 8)).not.toEqual(first);
  });

  test('rate 0 never hits; rate 1 always does', async () => {
    const none = await run({ rate: 0 }, 10);
    expect(none.every(([fault, status]) => fault === null && status === 200)).toBe(true);
    const all = await run({ rate: 1, kinds: ['rate-limit'] }, 10);
    expect(all.every(([fault, status]) => fault === 'rate-limit' && status === 429)).toBe(true);
  });

  test('routes limits where random faults strike', async () => {
    const sandbox = await startSandbox({
      timeScale: 0,
      faults: { rate: 1, kinds: ['server-error'], routes: ['media'] },
    });
    try {
      const id = await createTaskId(sandbox);
      const res = await getTask(sandbox, id);
      expect(res.status).toBe(200);
      expect((await fetch((await res.json()).data.result.video_url)).status).toBe(500);
    } finally {
      await sandbox.close();
    }
  });

  test('by default every kind but hang and reply is drawn, each only where it applies', async () => {
    expect(DEFAULT_RANDOM_FAULT_KINDS).toEqual(
      FAULT_KINDS.filter((k) => !['hang', 'reply', 'deep-json', 'huge-answer'].includes(k)),
    );
    const seen = await run({ rate: 1, delayMs: 1, retryAfter: 0 }, 40, 1);
    const kinds = new Set(seen.map(([fault]) => fault));
    expect(kinds.has(null)).toBe(false);
    expect(kinds.has('hang')).toBe(false);
    // 40 draws from 12 kinds: most kinds show up, including the retrieve-only ones.
    expect(kinds.size).toBeGreaterThanOrEqual(9);
    expect(kinds).toContain('progress-backwards');
  });
});
