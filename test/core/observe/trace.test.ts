/**
 * The tracing channels: `jimmyai-omni:create`, `:retrieve`, `:poll`, `:download` and
 * `:upload` publish Node's tracing events (start, end, asyncStart, asyncEnd, error) with
 * one context object per call that carries the operation, task id, request id, attempt
 * and status, for a success as for a failure. Subscribed to as any APM agent would.
 */
import { tracingChannel } from 'node:diagnostics_channel';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import {
  CreateUncertainError,
  NotFoundError,
  TRACE_CHANNELS,
  type TraceContext,
  type TracedOperation,
} from '../../../src/index.js';
import { CREATE_PATH } from '../../../src/sandbox/index.js';
import { requestsTo, sandboxClient, TEST_KEY } from '../../helpers/omni.js';
import { virtualClock } from '../../helpers/virtual-clock.js';
import { virtualSandbox } from '../../helpers/virtual-sandbox.js';
import { ok } from '../../helpers/envelope.js';

const { sandbox, client } = await sandboxClient();
const params = { model: 'Gemini-Omini', prompt: 'a fox' } as const;
const dir = await mkdtemp(join(tmpdir(), 'omni-trace-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

type EventName = 'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error';
interface Seen {
  operation: TracedOperation;
  event: EventName;
  /** The context as it was when the event was published. */
  snapshot: Partial<TraceContext>;
  context: TraceContext;
}

const unsubscribers: (() => void)[] = [];
afterEach(() => {
  for (const off of unsubscribers.splice(0)) off();
});

/** Subscribes to every channel, as an APM agent does, and records each event. */
function listen(): Seen[] {
  const seen: Seen[] = [];
  for (const operation of Object.keys(TRACE_CHANNELS) as TracedOperation[]) {
    const channel = tracingChannel<unknown, TraceContext>(TRACE_CHANNELS[operation]);
    const record = (event: EventName) => (message: unknown) => {
      const context = message as TraceContext;
      const { result: _result, error: _error, ...rest } = context;
      seen.push({ operation, event, snapshot: structuredClone(rest), context });
    };
    const handlers = {
      start: record('start'),
      end: record('end'),
      asyncStart: record('asyncStart'),
      asyncEnd: record('asyncEnd'),
      error: record('error'),
    };
    channel.subscribe(handlers);
    unsubscribers.push(() => channel.unsubscribe(handlers));
  }
  return seen;
}

const ended = (seen: Seen[], operation: TracedOperation) =>
  seen.filter((s) => s.operation === operation && s.event === 'asyncEnd');

describe('successful calls', () => {
  test('create: start knows no task; asyncEnd has its id, status, attempt, request and result', async () => {
    const seen = listen();
    const task = await client().videos.create(params);
    expect(seen.map((s) => `${s.operation}:${s.event}`)).toEqual([
      'create:start',
      'create:end',
      'create:asyncStart',
      'create:asyncEnd',
    ]);
    expect(seen[0]?.snapshot).toEqual({ operation: 'create', attempt: 0 });
    const last = seen[3] as Seen;
    expect(last.snapshot).toEqual({
      operation: 'create',
      taskId: task.task_id,
      attempt: 1,
      method: 'POST',
      path: CREATE_PATH,
      status: 200,
    });
    expect(last.context.result).toBe(task);
    // One object for the whole call: a subscriber keeps its span on it.
    expect(new Set(seen.map((s) => s.context)).size).toBe(1);
  });

  test('retrieve: the request id of a successful answer, the task status and progress', async () => {
    const id = (await client().videos.create(params)).task_id;
    sandbox.injectFault({
      kind: 'reply',
      route: 'retrieve',
      reply: {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-request-id': 'req_trace_1' },
        body: JSON.stringify(ok({ task_id: id, status: 'processing', progress: 42 })),
      },
    });
    const seen = listen();
    await client().videos.retrieve(id);
    expect(seen.find((s) => s.event === 'start')?.snapshot.taskId).toBe(id);
    expect(ended(seen, 'retrieve').map((s) => s.snapshot)).toEqual([
      expect.objectContaining({
        taskId: id,
        requestId: 'req_trace_1',
        status: 200,
        attempt: 1,
        taskStatus: 'processing',
        progress: 42,
      }),
    ]);
  });

  test('each poll of a wait is a span of its own, the last one seeing the task completed', async () => {
    // On a virtual clock shared with the sandbox: the task runs for 6 virtual seconds,
    // so polls every 500 ms see it queued, processing, then completed, whatever the load.
    await using virtual = await virtualSandbox();
    const id = (await virtual.omni.videos.create(params)).task_id;
    const seen = listen();
    await virtual.omni.videos.wait(id, { pollIntervalMs: 500 });
    const polls = ended(seen, 'poll');
    expect(polls.length).toBe(
      virtual.sandbox.requests.filter((r) => r.route === 'retrieve').length,
    );
    expect(polls.length).toBeGreaterThan(3);
    expect(polls.every((p) => p.snapshot.taskId === id && p.snapshot.attempt === 1)).toBe(true);
    expect(polls.map((p) => p.snapshot.taskStatus)).toContain('processing');
    expect(polls.at(-1)?.snapshot).toEqual(
      expect.objectContaining({ taskStatus: 'completed', progress: 100, status: 200 }),
    );
    expect(ended(seen, 'retrieve')).toEqual([]);
  });

  test('download: the bytes saved, with the retrieve it needed as a span of its own', async () => {
    const done = await client().videos.generate(params, { pollIntervalMs: 5 });
    const seen = listen();
    const path = join(dir, 'fox.mp4');
    await client().videos.download(done.task_id, path);
    const [download] = ended(seen, 'download');
    expect(download?.snapshot).toEqual(
      expect.objectContaining({
        operation: 'download',
        taskId: done.task_id,
        attempt: 1,
        method: 'GET',
        status: 200,
        bytes: (await stat(path)).size,
      }),
    );
    // A video link's query may be signed: the path never has it.
    expect(download?.snapshot.path).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[^?]+$/);
    expect(ended(seen, 'retrieve').map((s) => s.snapshot.taskId)).toEqual([done.task_id]);
  });

  test('upload: status and attempt', async () => {
    const seen = listen();
    const uploaded = await client().files.upload(new Uint8Array([1, 2, 3]), {
      filename: 'dot.png',
    });
    expect(ended(seen, 'upload').map((s) => s.snapshot)).toEqual([
      expect.objectContaining({ operation: 'upload', method: 'POST', status: 200, attempt: 1 }),
    ]);
    expect(ended(seen, 'upload')[0]?.context.result).toBe(uploaded);
  });
});

describe('failures', () => {
  test('an error answer: the error event, with the error, its status and request id', async () => {
    sandbox.injectFault({
      kind: 'reply',
      route: 'retrieve',
      reply: {
        status: 404,
        headers: { 'content-type': 'application/json', 'x-request-id': 'req_gone_7' },
        body: JSON.stringify({ code: '404', msg: 'no such task' }),
      },
    });
    const seen = listen();
    const error = await client()
      .videos.retrieve('task_gone')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(seen.map((s) => s.event)).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    const failed = seen.find((s) => s.event === 'error') as Seen;
    expect(failed.context.error).toBe(error);
    expect(failed.snapshot).toEqual(
      expect.objectContaining({ taskId: 'task_gone', status: 404, requestId: 'req_gone_7' }),
    );
  });

  test('retries count as attempts; the last answer is the one the context describes', async () => {
    const id = (await client().videos.create(params)).task_id;
    sandbox.injectFault({ kind: 'unavailable', route: 'retrieve', retryAfter: 0 });
    const seen = listen();
    await client({ clock: virtualClock() }).videos.retrieve(id);
    expect(ended(seen, 'retrieve')[0]?.snapshot).toEqual(
      expect.objectContaining({ attempt: 2, status: 200 }),
    );
  });

  test('a create whose answer was lost: the error carries no key, the context no status', async () => {
    sandbox.injectFault({ kind: 'reset-after', route: 'create' });
    const seen = listen();
    const error = await client()
      .videos.create(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CreateUncertainError);
    const last = seen.at(-1) as Seen;
    expect(last.event).toBe('asyncEnd');
    expect(last.snapshot).toEqual({
      operation: 'create',
      attempt: 1,
      method: 'POST',
      path: CREATE_PATH,
    });
    expect(last.context.error).toBe(error);
    expect(JSON.stringify(seen.map((s) => s.snapshot))).not.toContain(TEST_KEY);
  });
});
