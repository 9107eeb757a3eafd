/**
 * The retry policy: reads are retried on transient failures with backoff and
 * Retry-After; the paid create only when the service provably did no work, and
 * never in a way that could make a second task.
 */
import { describe, expect, test } from 'vitest';
import {
  ConnectionError,
  CreateUncertainError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  RequestTimeoutError,
} from '../../../src/index.js';
import type { FaultKind } from '../../../src/sandbox/index.js';
import { requestsTo, sandboxClient } from '../../helpers/omni.js';
import { refusedPort } from '../../helpers/hostile-server.js';
import { virtualClock } from '../../helpers/virtual-clock.js';

const { sandbox, client } = await sandboxClient();
const params = { model: 'Gemini-Omini', prompt: 'a fox' } as const;

async function newTask() {
  return (await client().videos.create(params)).task_id;
}

describe('retrieve (GET)', () => {
  test.each<FaultKind>([
    'server-error',
    'bad-gateway',
    'unavailable',
    'rate-limit',
    'reset-before',
    'reset-after',
    'truncated-body',
  ])('is retried after %s and succeeds', async (kind) => {
    const id = await newTask();
    sandbox.clearRequests();
    sandbox.injectFault({ kind, route: 'retrieve', retryAfter: 0 });
    const clock = virtualClock();
    const task = await client({ clock }).videos.retrieve(id);
    expect(task.task_id).toBe(id);
    expect(requestsTo(sandbox, 'retrieve').map((r) => r.fault)).toEqual([kind, null]);
  });

  test('is retried after a timeout (a hung answer)', async () => {
    const id = await newTask();
    sandbox.clearRequests();
    sandbox.injectFault({ kind: 'hang', route: 'retrieve' });
    const task = await client({ clock: virtualClock(), timeoutMs: 100 }).videos.retrieve(id);
    expect(task.task_id).toBe(id);
    expect(requestsTo(sandbox, 'retrieve')).toHaveLength(2);
  });

  test('gives up after maxRetries with the last typed error, which names the task', async () => {
    const id = await newTask();
    sandbox.clearRequests();
    sandbox.injectFault({ kind: 'server-error', route: 'retrieve', times: 3 });
    const error = await client({ clock: virtualClock(), maxRetries: 2 })
      .videos.retrieve(id)
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 500, taskId: id });
    expect(requestsTo(sandbox, 'retrieve')).toHaveLength(3);
  });

  test('backs off exponentially with jitter, capped', async () => {
    const id = await newTask();
    sandbox.injectFault({ kind: 'server-error', route: 'retrieve', times: 6 });
    const clock = virtualClock();
    await client({ clock, maxRetries: 5, random: () => 0.5 })
      .videos.retrieve(id)
      .catch(() => undefined);
    // half fixed + half random (0.5): 0.75 × min(8 s, 0.5 s × 2^n)
    expect(clock.sleeps).toEqual([375, 750, 1500, 3000, 6000]);
  });

  test.each([
    ['seconds', '3', 3000],
    ['an HTTP date', new Date(Date.UTC(2026, 10, 27) + 7000).toUTCString(), 7000],
  ])('honours Retry-After given in %s', async (_, retryAfter, expected) => {
    const id = await newTask();
    sandbox.injectFault({ kind: 'rate-limit', route: 'retrieve', retryAfter });
    const clock = virtualClock(Date.UTC(2026, 10, 27));
    await client({ clock }).videos.retrieve(id);
    expect(clock.sleeps).toEqual([expected]);
  });

  test('a Retry-After beyond the cap is not waited for: the RateLimitError says how long', async () => {
    const id = await newTask();
    sandbox.injectFault({ kind: 'rate-limit', route: 'retrieve', retryAfter: 3600 });
    const clock = virtualClock();
    const error = await client({ clock })
      .videos.retrieve(id)
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(clock.sleeps).toEqual([]);
  });

  test('is not retried on 404', async () => {
    sandbox.clearRequests();
    await expect(
      client({ clock: virtualClock() }).videos.retrieve('no_such_task'),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(requestsTo(sandbox, 'retrieve')).toHaveLength(1);
  });
});

describe('create (POST, billed)', () => {
  test('is retried after 429 (no work was done) and makes exactly one task', async () => {
    sandbox.clearRequests();
    sandbox.injectFault({ kind: 'rate-limit', route: 'create', retryAfter: 1 });
    const clock = virtualClock();
    const task = await client({ clock }).videos.create(params);
    const creates = requestsTo(sandbox, 'create');
    expect(creates.map((r) => r.fault)).toEqual(['rate-limit', null]);
    expect(creates.filter((r) => r.taskId).map((r) => r.taskId)).toEqual([task.task_id]);
    expect(clock.sleeps).toEqual([1000]);
  });

  test('is retried when the connection is refused (never sent), then reports a ConnectionError', async () => {
    const attempts: string[] = [];
    const counting: typeof fetch = (input, init) => {
      attempts.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    const error = await client({
      baseUrl: `http://127.0.0.1:${await refusedPort()}`,
      fetch: counting,
      clock: virtualClock(),
      maxRetries: 2,
    })
      .videos.create(params)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain('ECONNREFUSED');
    expect(attempts).toHaveLength(3);
  });

  test.each<[FaultKind, boolean]>([
    ['reset-before', false],
    ['reset-after', true],
    ['server-error', false],
    ['bad-gateway', false],
    ['unavailable', false],
    ['truncated-body', true],
    ['malformed-json', true],
  ])(
    'is never retried after %s: CreateUncertainError, at most one task',
    async (kind, taskMade) => {
      sandbox.clearRequests();
      const before = sandbox.tasks.length;
      sandbox.injectFault({ kind, route: 'create', retryAfter: 0 });
      const error = await client({ clock: virtualClock() })
        .videos.create(params)
        .catch((e) => e);
      expect(error).toBeInstanceOf(CreateUncertainError);
      expect(error.message).toMatch(/may or may not have made a task/);
      expect(requestsTo(sandbox, 'create')).toHaveLength(1);
      expect(sandbox.tasks.length - before).toBe(taskMade ? 1 : 0);
    },
  );

  test('a timeout after sending is uncertain and not retried, though the task exists', async () => {
    sandbox.clearRequests();
    const before = sandbox.tasks.length;
    sandbox.injectFault({ kind: 'hang', route: 'create', process: true });
    const error = await client({ clock: virtualClock(), timeoutMs: 100 })
      .videos.create(params)
      .catch((e) => e);
    expect(error).toBeInstanceOf(CreateUncertainError);
    expect(error.cause).toBeInstanceOf(RequestTimeoutError);
    expect(requestsTo(sandbox, 'create')).toHaveLength(1);
    expect(sandbox.tasks.length - before).toBe(1);
  });
});
