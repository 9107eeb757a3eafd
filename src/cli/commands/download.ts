/** `omni download <taskId> --out FILE`: save a completed task's video. */
import {
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  escaped,
  failureReason,
  printable,
  TaskFailedError,
  taskPhase,
} from '../../index.js';
import { defineCommand } from '../command.js';
import { connect } from '../connect.js';
import { formatDuration } from '../durations.js';
import { ExitCode } from '../exit-codes.js';
import { resumeCommand } from '../resume.js';
import { checkOut, SAVE_OPTIONS, saveVideo } from '../save.js';
import { throwIfIssues, UsageError } from '../usage-error.js';
import { TASK_ID_ARGUMENT, taskIdOf } from './task-id.js';
import { timeoutOf } from './timeout-option.js';

/** Flags of `download`: where to save, and how long the download may take. */
const OPTIONS = {
  ...SAVE_OPTIONS,
  timeout: {
    type: 'string',
    placeholder: 'DURATION',
    description: `Give up the download after DURATION: ${formatDuration(DEFAULT_DOWNLOAD_TIMEOUT_MS)} (default), 90s, 1h, 1h30m, or milliseconds`,
  },
} as const;

/**
 * `omni download <taskId> --out FILE [--overwrite]`.
 *
 * @example
 * await main(['download', 'task_01JD7Z6Q2M8V4', '--out', 'fox.mp4'], io);
 */
export const download = defineCommand({
  name: 'download',
  summary: "Save a completed task's video to a file",
  usage: ['omni download <taskId> --out FILE [--overwrite] [--timeout DURATION]'],
  description: [
    'Saves the video of a completed task, completely or not at all: nothing is left at FILE if the download ' +
      'fails, and an existing FILE is kept unless --overwrite is given. An expired link is refreshed once. ' +
      'A download cut off is taken up again from the bytes already written. ' +
      'Videos stay downloadable for 3 days after completion. Exits 3 if the task failed, 2 if it has not ' +
      'finished yet. Needs JIMMYAI_API_KEY.',
  ],
  arguments: [TASK_ID_ARGUMENT],
  options: OPTIONS,
  maxPositionals: 1,
  examples: [
    { command: 'omni download task_01JD7Z6Q2M8V4 --out fox.mp4' },
    { command: 'omni download task_01JD7Z6Q2M8V4 --out fox.mp4 --overwrite' },
    {
      command: 'omni download task_01JD7Z6Q2M8V4 --out fox.mp4 --timeout 5m',
      comment: 'give up after 5 minutes',
    },
  ],
  async run(ctx, { values, positionals, issues }) {
    const taskId = taskIdOf(positionals, issues);
    const overwrite = values.overwrite ?? false;
    const timeoutMs = values.timeout === undefined ? undefined : timeoutOf(values.timeout, issues);
    if (values.out === undefined)
      issues.push({ where: '--out', message: 'is required: the file to save the video to' });
    else await checkOut(values.out, overwrite, issues);
    throwIfIssues(issues);
    if (values.out === undefined) throw new UsageError(issues);

    Object.assign(ctx.state, { taskId, save: { out: values.out, overwrite } });
    const conn = await connect(ctx);
    const task = await conn.omni.videos.retrieve(taskId, { signal: ctx.signal });
    const phase = taskPhase(task.status);
    if (phase === 'failed') throw new TaskFailedError(task, failureReason(task));
    if (phase === 'running')
      throw new UsageError(
        escaped`Task ${taskId}` +
          ` has not finished yet (${printable(task.status, { lines: false })}${typeof task.progress === 'number' ? `, ${task.progress}%` : ''}). ` +
          `Wait for it and save the video with:\n  ${resumeCommand(taskId, ctx.state.save, ctx.state.program)}`,
      );
    const saved = await saveVideo(ctx, conn.omni, task, values.out, overwrite, timeoutMs);
    ctx.out.data(saved.path);
    return ExitCode.Success;
  },
});
