/**
 * Saving the video: `--out` is checked before anything is sent (a paid task whose
 * video cannot be written would be money lost), then the download shows progress.
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { escaped, type Omni, type TaskRef, taskIdOf } from '../index.js';
import type { Context } from './command.js';
import { formatBytes } from './format.js';
import type { InputIssue } from './usage-error.js';

/** The flags that say where the video goes. */
export const SAVE_OPTIONS = {
  out: {
    type: 'string',
    short: 'o',
    placeholder: 'FILE',
    description: 'Save the video to FILE (e.g. fox.mp4)',
  },
  overwrite: { type: 'boolean', description: 'Replace FILE if it exists (default: refuse)' },
} as const;

/**
 * Adds an issue when the video could not be saved to `out`: it exists (without
 * `--overwrite`), it is a directory, or a file stands where a folder of its path would be.
 *
 * @example
 * await checkOut('fox.mp4', false, issues); // an issue if fox.mp4 exists
 */
export async function checkOut(
  out: string | undefined,
  overwrite: boolean,
  issues: InputIssue[],
): Promise<void> {
  if (out === undefined) return;
  if (out.trim() === '')
    return void issues.push({ where: '--out', message: 'must be a file name' });
  const existing = await stat(out).catch(() => undefined);
  if (existing?.isDirectory())
    return void issues.push({
      where: '--out',
      message: `${out} is a directory; give a file name, such as ${out.replace(/\/*$/, '')}/video.mp4`,
    });
  if (existing && !overwrite)
    return void issues.push({
      where: '--out',
      message: `${out} already exists; pass --overwrite to replace it`,
    });
  // Missing folders are made when saving (out/ on a fresh clone); a file in the way is not.
  for (let dir = dirname(out); ; dir = dirname(dir)) {
    const found = await stat(dir).catch(() => undefined);
    if (found && !found.isDirectory())
      return void issues.push({ where: '--out', message: `${dir} is a file, not a directory` });
    if (found || dirname(dir) === dir) return;
  }
}

/**
 * Downloads the task's video to `out` with progress, then reports it: a `downloaded`
 * event, a line for people, and the path on stdout. `timeoutMs` is the download's
 * deadline (the SDK's default when undefined). The SDK makes a missing folder, and
 * removes it again when the download fails.
 */
export async function saveVideo(
  ctx: Context,
  omni: Omni,
  task: TaskRef,
  out: string,
  overwrite: boolean,
  timeoutMs?: number,
): Promise<{ path: string; bytes: number }> {
  ctx.state.phase = 'downloading';
  const saved = await omni.videos.download(task, out, {
    overwrite,
    signal: ctx.signal,
    timeoutMs,
    onProgress: (bytes, total) => ctx.out.downloadProgress(out, bytes, total),
  });
  ctx.out.endLine();
  ctx.state.phase = undefined;
  ctx.out.event('downloaded', {
    task_id: taskIdOf(task),
    path: saved.path,
    bytes: saved.bytes,
  });
  ctx.out.info(escaped`Saved ${saved.path} (${formatBytes(saved.bytes)}).`);
  return saved;
}
