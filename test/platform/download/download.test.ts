/** Downloads: complete or nothing, never the key to the video host, fresh links when stale. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { AbortError, DownloadError, type VideoTask } from '../../../src/index.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import { requestsTo, sandboxClient } from '../../helpers/omni.js';
import { virtualClock } from '../../helpers/virtual-clock.js';

const { sandbox, client } = await sandboxClient({ timeScale: 0 });
const sample = readFileSync(new URL('../../../src/sandbox/assets/sample.mp4', import.meta.url));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'omni-download-'));
});

async function completedTask(): Promise<VideoTask> {
  const omni = client({ clock: virtualClock() });
  return omni.videos.wait(await omni.videos.create({ model: 'Gemini-Omini', prompt: 'a fox' }));
}

describe('download', () => {
  test('writes the whole video, reports progress, leaves no temporary file', async () => {
    const task = await completedTask();
    const progress: [number, number | undefined][] = [];
    const dest = join(dir, 'fox.mp4');
    const result = await client().videos.download(task, dest, {
      onProgress: (n, total) => progress.push([n, total]),
    });
    expect(result).toEqual({ path: dest, bytes: sample.length });
    expect(readFileSync(dest).equals(sample)).toBe(true);
    expect(progress.at(-1)).toEqual([sample.length, sample.length]);
    expect(readdirSync(dir)).toEqual(['fox.mp4']);
  });

  test('never sends the API key (or any credential) to the video host', async () => {
    const task = await completedTask();
    sandbox.clearRequests();
    await client().videos.download(task, join(dir, 'a.mp4'));
    const media = requestsTo(sandbox, 'media');
    expect(media).toHaveLength(1);
    expect(media[0]?.headers.authorization).toBeUndefined();
    expect(media[0]?.headers.cookie).toBeUndefined();
  });

  test('from a plain task id: fetches the task, then the video', async () => {
    const { task_id } = await completedTask();
    const result = await client().videos.download(task_id, join(dir, 'b.mp4'));
    expect(result.bytes).toBe(sample.length);
  });

  test('does not overwrite unless asked', async () => {
    const task = await completedTask();
    const dest = join(dir, 'kept.mp4');
    writeFileSync(dest, 'precious');
    await expect(client().videos.download(task, dest)).rejects.toBeInstanceOf(DownloadError);
    expect(readFileSync(dest, 'utf8')).toBe('precious');
    await client().videos.download(task, dest, { overwrite: true });
    expect(readFileSync(dest).equals(sample)).toBe(true);
    expect(readdirSync(dir)).toEqual(['kept.mp4']);
  });

  test('a body cut short is taken up again: the whole video, no temporary file', async () => {
    const task = await completedTask();
    sandbox.injectFault({ kind: 'truncated-body', route: 'media' });
    sandbox.clearRequests();
    const dest = join(dir, 'cut.mp4');
    const result = await client().videos.download(task, dest);
    expect(result.bytes).toBe(sample.length);
    expect(readFileSync(dest).equals(sample)).toBe(true);
    expect(requestsTo(sandbox, 'media')).toHaveLength(2);
    expect(readdirSync(dir)).toEqual(['cut.mp4']);
  });

  test('a body cut short with resuming off leaves nothing at the destination', async () => {
    const task = await completedTask();
    sandbox.injectFault({ kind: 'truncated-body', route: 'media' });
    const error = await client()
      .videos.download(task, join(dir, 'cut.mp4'), { maxResumes: 0 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.taskId).toBe(task.task_id);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a stale link is replaced by a fresh one from the task', async () => {
    const task = await completedTask();
    const stale = {
      ...task,
      result: { ...task.result, video_url: `${task.result!.video_url!.split('&sig=')[0]}&sig=00` },
    };
    sandbox.clearRequests();
    const result = await client().videos.download(stale, join(dir, 'fresh.mp4'));
    expect(result.bytes).toBe(sample.length);
    expect(requestsTo(sandbox, 'media').map((r) => r.status)).toEqual([403, 200]);
    expect(requestsTo(sandbox, 'retrieve')).toHaveLength(1);
  });

  test('an expired link: one more look at the task, then a clear error', async () => {
    const task = await completedTask();
    sandbox.advance(3 * 24 * 60 * 60 * 1000 + 1);
    sandbox.clearRequests();
    const error = await client()
      .videos.download(task, join(dir, 'late.mp4'))
      .catch((e) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toMatch(/expired.*3 days/);
    expect(requestsTo(sandbox, 'retrieve')).toHaveLength(1);
    expect(existsSync(join(dir, 'late.mp4'))).toBe(false);
  });

  test('a task without a video yet is a clear error', async () => {
    const queued = await startSandbox({ queueMs: 60_000 });
    try {
      const omni = client({ baseUrl: queued.url });
      const task = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'x' });
      const error = await omni.videos.download(task.task_id, join(dir, 'none.mp4')).catch((e) => e);
      expect(error).toBeInstanceOf(DownloadError);
      expect(error.message).toContain('no video yet');
      expect(error.taskId).toBe(task.task_id);
    } finally {
      await queued.close();
    }
  });

  test('an abort stops the download and cleans up', async () => {
    const task = await completedTask();
    sandbox.injectFault({ kind: 'hang', route: 'media' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await client()
      .videos.download(task, join(dir, 'stop.mp4'), { signal: controller.signal })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(readdirSync(dir)).toEqual([]);
  });
});
