/**
 * Promise: a wait ends as soon as its outcome is known. Terminal statuses in any case,
 * cancelled tasks, terminal snapshots with odd fields, unusable results and errors that
 * waiting cannot clear each end `wait` and `waitMany` at the first poll that shows them,
 * instead of polling to the deadline. Fields that do not matter are read leniently;
 * the video URL is taken from `url`/`mediaUrl` when `video_url` lacks, and a relative
 * one is resolved against the API's base URL. Virtual time: a wait that spins would
 * reach its 10-minute deadline in milliseconds, and the request count shows it.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, test } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  NotFoundError,
  TaskCancelledError,
  TaskFailedError,
  TaskResultError,
  TaskTimeoutError,
  type VideoTask,
} from '../../../src/index.js';
import { hostileApi, polledId, sendTask } from '../../helpers/hostile-api.js';
import { sendJson } from '../../helpers/hostile-server.js';
import { virtualClock } from '../../helpers/virtual-clock.js';

const VIDEO = 'https://cdn.example.com/v/fox.mp4';
const DAY = 24 * 3600 * 1000;

/** How a row's wait must end. */
type Expected =
  | { completed: { video_url: string | ((base: string) => string); expiresAt?: number } }
  | { error: new (...args: never[]) => Error; reason?: string; says?: RegExp };

interface Row {
  name: string;
  /** The snapshots served in order (the last one repeated), or an error answer. */
  answers: (Record<string, unknown> | ((res: ServerResponse) => void))[];
  expected: Expected;
  polls?: number;
  /** The progress values onProgress must see, in order. */
  progress?: (number | null | undefined)[];
}

const task = (fields: Record<string, unknown>) => ({
  status: 'completed',
  progress: 100,
  ...fields,
});
const done = (result: unknown, extra: Record<string, unknown> = {}) => task({ result, ...extra });
const errorAnswer = (status: number, code: string | number) => (res: ServerResponse) =>
  sendJson(res, status, { code, msg: 'no' });

const ROWS: Row[] = [
  {
    name: 'COMPLETED',
    answers: [task({ status: 'COMPLETED', result: { video_url: VIDEO } })],
    expected: { completed: { video_url: VIDEO } },
  },
  {
    name: 'Success',
    answers: [task({ status: 'Success', result: { video_url: VIDEO } })],
    expected: { completed: { video_url: VIDEO } },
  },
  {
    name: 'FAILED',
    answers: [{ status: 'FAILED', error_message: 'no credit' }],
    expected: { error: TaskFailedError, reason: 'no credit' },
  },
  {
    name: 'canceled',
    answers: [{ status: 'canceled' }],
    expected: { error: TaskCancelledError, says: /was cancelled/ },
  },
  {
    name: 'cancelled',
    answers: [{ status: 'cancelled', reason: 'by the owner' }],
    expected: { error: TaskCancelledError, reason: 'by the owner' },
  },
  {
    name: 'CANCELLED after running',
    answers: [{ status: 'processing', progress: 10 }, { status: 'CANCELLED' }],
    expected: { error: TaskCancelledError },
    polls: 2,
  },
  {
    name: 'completed_at as an ISO date string',
    answers: [done({ video_url: VIDEO }, { completed_at: '2026-11-20T00:00:00Z' })],
    expected: { completed: { video_url: VIDEO, expiresAt: Date.UTC(2026, 10, 20) + 3 * DAY } },
  },
  {
    name: 'completed_at not an integer',
    answers: [done({ video_url: VIDEO }, { completed_at: 1763596800.5 })],
    expected: { completed: { video_url: VIDEO, expiresAt: 1763596800000 + 3 * DAY } },
  },
  {
    name: 'completed_at garbage',
    answers: [done({ video_url: VIDEO }, { completed_at: { at: 'soon' } })],
    expected: { completed: { video_url: VIDEO } },
  },
  {
    name: 'progress 100.5',
    answers: [done({ video_url: VIDEO }, { progress: 100.5 })],
    expected: { completed: { video_url: VIDEO } },
  },
  {
    name: 'progress "50", then done',
    answers: [{ status: 'processing', progress: '50' }, done({ video_url: VIDEO })],
    expected: { completed: { video_url: VIDEO } },
    polls: 2,
    progress: [50, 100],
  },
  {
    name: 'progress "lots"',
    answers: [done({ video_url: VIDEO }, { progress: 'lots' })],
    expected: { completed: { video_url: VIDEO } },
  },
  {
    name: 'result.image_url an object',
    answers: [done({ video_url: VIDEO, image_url: {} })],
    expected: { completed: { video_url: VIDEO } },
  },
  {
    name: 'result.url (FAQ)',
    answers: [done({ url: VIDEO })],
    expected: { completed: { video_url: VIDEO } },
  },
  {
    name: 'result.mediaUrl (FAQ)',
    answers: [done({ video_url: null, mediaUrl: VIDEO })],
    expected: { completed: { video_url: VIDEO } },
  },
  {
    name: 'a relative video_url',
    answers: [done({ video_url: '/storage/fox.mp4' })],
    expected: { completed: { video_url: (base) => `${base}/storage/fox.mp4` } },
  },
  {
    name: 'result.video_url null',
    answers: [done({ video_url: null })],
    expected: {
      error: TaskResultError,
      says: /no video URL \(no result\.video_url, url or mediaUrl\)/,
    },
  },
  {
    name: 'no result at all',
    answers: [task({})],
    expected: { error: TaskResultError, says: /no result/ },
  },
  { name: 'result a string', answers: [done(VIDEO)], expected: { error: TaskResultError } },
  {
    name: 'a javascript: video_url',
    answers: [done({ video_url: 'javascript:alert(1)' })],
    expected: {
      error: TaskResultError,
      says: /no usable video URL \(result\.video_url: "javascript:alert\(1\)"\)/,
    },
  },
  {
    name: 'error_message an object with a message',
    answers: [{ status: 'failed', error_message: { code: 7, message: 'quota' } }],
    expected: { error: TaskFailedError, reason: 'quota' },
  },
  {
    name: 'error_message an object without one',
    answers: [{ status: 'failed', error_message: { code: 7 } }],
    expected: { error: TaskFailedError, reason: '{"code":7}' },
  },
  {
    name: 'HTTP 401',
    answers: [errorAnswer(401, '40100')],
    expected: { error: AuthenticationError },
  },
  { name: 'HTTP 404', answers: [errorAnswer(404, '40400')], expected: { error: NotFoundError } },
  { name: 'HTTP 400', answers: [errorAnswer(400, '40000')], expected: { error: ApiError } },
  {
    name: 'HTTP 200, code 20001 (authentication failed)',
    answers: [errorAnswer(200, '20001')],
    expected: { error: ApiError },
  },
  {
    name: 'HTTP 200, code 20002 (bad parameters), as a number',
    answers: [errorAnswer(200, 20002)],
    expected: { error: ApiError },
  },
  {
    name: 'an unknown status (control: still running)',
    answers: [{ status: 'paused', progress: 5 }],
    expected: { error: TaskTimeoutError },
    polls: -1,
  },
];

async function serve(row: Row) {
  return hostileApi(
    (req, res) => {
      const answer = row.answers[Math.min(req.index, row.answers.length - 1)]!;
      if (typeof answer === 'function') return answer(res);
      sendTask(res, { task_id: polledId(req.url), ...answer });
    },
    { clock: virtualClock() },
  );
}

function check(
  outcome: { task?: VideoTask & { expiresAt?: Date }; error?: unknown },
  row: Row,
  base: string,
) {
  if ('completed' in row.expected) {
    expect(outcome.error).toBeUndefined();
    const { video_url, expiresAt } = row.expected.completed;
    expect(['completed', 'success']).toContain(outcome.task?.status);
    expect(outcome.task?.result?.video_url).toBe(
      typeof video_url === 'string' ? video_url : video_url(base),
    );
    if (expiresAt !== undefined) expect(outcome.task?.expiresAt?.getTime()).toBe(expiresAt);
    return;
  }
  const { error: kind, reason, says } = row.expected;
  expect(outcome.error).toBeInstanceOf(kind);
  const error = outcome.error as Error & { taskId?: string; reason?: string };
  if (kind !== TaskTimeoutError) expect(error.taskId).toBe('task_odd');
  if (reason !== undefined) expect(error.reason).toBe(reason);
  if (says) expect(error.message).toMatch(says);
}

const polls = (row: Row) => row.polls ?? 1;

describe('wait', () => {
  test.each(ROWS)('$name', async (row) => {
    await using api = await serve(row);
    const seen: (number | null | undefined)[] = [];
    const outcome = await api.omni.videos
      .wait('task_odd', { timeoutMs: 600_000, onProgress: (t) => void seen.push(t.progress) })
      .then(
        (task) => ({ task }),
        (error: unknown) => ({ error }),
      );
    check(outcome, row, api.server.url);
    if (polls(row) > 0) expect(api.server.requests).toHaveLength(polls(row));
    if (row.progress) expect(seen).toEqual(row.progress);
  });
});

describe('waitMany', () => {
  test.each(ROWS)('$name', async (row) => {
    await using api = await serve(row);
    const [outcome] = await api.omni.videos.waitMany(['task_odd'], { timeoutMs: 600_000 });
    check(outcome as never, row, api.server.url);
    if (polls(row) > 0) expect(api.server.requests).toHaveLength(polls(row));
  });
});

test('watch yields a cancelled task as its last snapshot, like a failed one', async () => {
  await using api = await serve({
    name: '',
    answers: [{ status: 'canceled' }],
    expected: { error: Error },
  });
  const seen: string[] = [];
  for await (const snapshot of api.omni.videos.watch('task_odd', { timeoutMs: 600_000 }))
    seen.push(snapshot.status);
  expect(seen).toEqual(['canceled']);
});

test('retrieve reads odd fields leniently and returns them in the documented types', async () => {
  await using api = await serve({
    name: '',
    answers: [
      {
        status: 'PROCESSING',
        progress: '42.5',
        created_at: '1763596800',
        error_message: null,
        extra: { kept: true },
      },
    ],
    expected: { error: Error },
  });
  const snapshot = await api.omni.videos.retrieve('task_odd');
  expect(snapshot).toMatchObject({
    status: 'processing',
    progress: 42.5,
    created_at: 1763596800,
    extra: { kept: true },
  });
});
