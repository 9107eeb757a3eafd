/**
 * Promise: a bug in the caller's callback never crashes the process or leaves files
 * behind. One rule for every callback the SDK calls (download's `onProgress`, the
 * waits' `onProgress`, `generate`'s `onTaskCreated`, `waitMany`'s `onProgress`): it
 * is awaited, and when it throws or rejects, the call rejects with a `CallbackError`
 * whose `cause` is the callback's error and whose `taskId` names the task; nothing is
 * left on disk, no rejection goes unhandled, and no request is sent after it.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CallbackError, type Omni, OmniError } from '../../src/index.js';
import { CREATE_PATH, hostileApi, polledId, sendTask } from '../helpers/hostile-api.js';
import { virtualClock } from '../helpers/virtual-clock.js';

const VIDEO = Buffer.alloc(256 * 1024, 7);

/** Every process-level error while a test runs: there must be none. */
const stray: unknown[] = [];
const collect = (error: unknown) => stray.push(error);
let dir: string;
beforeEach(() => {
  stray.length = 0;
  process.on('uncaughtException', collect);
  process.on('unhandledRejection', collect);
  dir = mkdtempSync(join(tmpdir(), 'omni-callbacks-'));
});
afterEach(async () => {
  // Give anything left dangling a chance to surface.
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.off('uncaughtException', collect);
  process.off('unhandledRejection', collect);
  expect(stray).toEqual([]);
});

/** A service whose tasks run once, then complete with a video it serves in chunks. */
function service() {
  const polls = new Map<string, number>();
  return hostileApi(
    async (req, res) => {
      if (req.url.startsWith('/media/')) {
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(VIDEO.length) });
        for (let i = 0; i < 4; i++) {
          res.write(VIDEO.subarray(i * 65536, (i + 1) * 65536));
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        return void res.end();
      }
      if (req.method === 'POST') return sendTask(res, { task_id: 'task_cb', status: 'queued' });
      const id = polledId(req.url);
      const n = (polls.get(id) ?? 0) + 1;
      polls.set(id, n);
      sendTask(
        res,
        n === 1 && !id.startsWith('task_dl') && !id.startsWith('task_ok')
          ? { task_id: id, status: 'processing', progress: 50 }
          : {
              task_id: id,
              status: 'completed',
              progress: 100,
              result: { video_url: `http://${req.headers.host}/media/${id}.mp4` },
            },
      );
    },
    { clock: virtualClock() },
  );
}

const bug = new Error('bug in the callback');
/** The two ways a callback fails: it throws, or the promise it returns rejects. */
const FAILURES: [string, () => unknown][] = [
  [
    'throws',
    () => {
      throw bug;
    },
  ],
  ['rejects', async () => Promise.reject(bug)],
];

const params = { model: 'Gemini-Omini', prompt: 'a fox' } as const;

/** Each callback the SDK calls, with the call that takes it, and the task it names. */
const CALLBACKS: [string, (omni: Omni, callback: () => unknown) => Promise<unknown>, string][] = [
  [
    "download's onProgress, from a task id",
    (omni, cb) => omni.videos.download('task_dl', join(dir, 'out', 'fox.mp4'), { onProgress: cb }),
    'task_dl',
  ],
  ["wait's onProgress", (omni, cb) => omni.videos.wait('task_w', { onProgress: cb }), 'task_w'],
  [
    "generate's onProgress",
    (omni, cb) => omni.videos.generate(params, { onProgress: cb }),
    'task_cb',
  ],
  [
    "generate's onTaskCreated",
    (omni, cb) => omni.videos.generate(params, { onTaskCreated: cb }),
    'task_cb',
  ],
  [
    "waitMany's onProgress",
    (omni, cb) => omni.videos.waitMany(['task_m1', 'task_m2'], { onProgress: cb }),
    'task_m1',
  ],
];

describe.each(CALLBACKS)('%s', (name, call, taskId) => {
  test.each(FAILURES)(
    'that %s: the call rejects with a CallbackError, nothing left',
    async (how, cb) => {
      await using api = await service();
      let calls = 0;
      const error = await call(api.omni, () => {
        calls++;
        return cb();
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CallbackError);
      expect(error).toBeInstanceOf(OmniError);
      expect((error as CallbackError).cause).toBe(bug);
      expect((error as CallbackError).taskId).toBe(taskId);
      expect((error as Error).message).toContain('bug in the callback');
      // waitMany's tasks run side by side: another task's async callback may have been
      // called while the first one's promise was pending; none is called after the rejection.
      if (name.startsWith('waitMany') && how === 'rejects') expect(calls).toBeLessThanOrEqual(2);
      else expect(calls).toBe(1);
      const [callsThen, sentThen] = [calls, api.server.requests.length];
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(calls).toBe(callsThen);
      // Nothing is sent after it (waitMany's other task may have been in flight already:
      // at most one poll per task in all).
      if (name.startsWith('waitMany')) expect(api.server.count('GET')).toBeLessThanOrEqual(2);
      else expect(api.server.requests.length).toBe(sentThen);
      if (name.startsWith("generate's onTaskCreated"))
        expect(api.server.requests.map((r) => r.url)).toEqual([CREATE_PATH]);
      // Nothing on disk: no video, no temporary file, no folder made for it.
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});

test('an async callback is awaited: polling starts after onTaskCreated resolves', async () => {
  await using api = await service();
  const order: string[] = [];
  await api.omni.videos.generate(params, {
    onTaskCreated: async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      order.push(`saved after ${api.server.requests.length} request(s)`);
    },
  });
  expect(order).toEqual(['saved after 1 request(s)']);
  expect(api.server.requests.length).toBe(3);
});

test("download's async onProgress is awaited, and the video is complete", async () => {
  await using api = await service();
  const seen: number[] = [];
  let pending = 0;
  const result = await api.omni.videos.download('task_ok', join(dir, 'fox.mp4'), {
    onProgress: async (bytes) => {
      pending++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.push(bytes);
      pending--;
    },
  });
  // Every call had finished before download resolved.
  expect(pending).toBe(0);
  expect(result.bytes).toBe(VIDEO.length);
  expect(seen.at(-1)).toBe(VIDEO.length);
  expect(readdirSync(dir)).toEqual(['fox.mp4']);
});
