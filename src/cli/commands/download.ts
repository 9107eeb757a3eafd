/** `omni download <taskId> --out FILE`: save a completed task's video. */
import { TaskFailedError } from '../../errors.js';
import { failureReason, taskPhase } from '../../wait/status.js';
import { defineCommand } from '../command.js';
import { connect } from '../connect.js';
import { ExitCode } from '../exit-codes.js';
import { escaped, printable } from '../printable.js';
import { resumeCommand } from '../resume.js';
import { checkOut, SAVE_OPTIONS, saveVideo } from '../save.js';
import { throwIfIssues, UsageError } from '../usage-error.js';
import { TASK_ID_ARGUMENT, taskIdOf } from './task-id.js';

/**
 * `omni download <taskId> --out FILE [--overwrite]`.
 *
 * @example
 * await main(['download', 'task_01JD7Z6Q2M8V4', '--out', 'fox.mp4'], io);
 */
export const download = defineCommand({
  name: 'download',
  summary: "Save a completed task's video to a file",
  usage: ['omni download <taskId> --out FILE [--overwrite]'],
  description: [
    'Saves the video of a completed task, completely or not at all: nothing is left at FILE if the download ' +
      'fails, and an existing FILE is kept unless --overwrite is given. An expired link is refreshed once. ' +
      'Videos stay downloadable for 3 days after completion. Exits 3 if the task failed, 2 if it has not ' +
      'finished yet. Needs JIMMYAI_API_KEY.',
  ],
  arguments: [TASK_ID_ARGUMENT],
  options: SAVE_OPTIONS,
  maxPositionals: 1,
  examples: [
    { command: 'omni download task_01JD7Z6Q2M8V4 --out fox.mp4' },
    { command: 'omni download task_01JD7Z6Q2M8V4 --out fox.mp4 --overwrite' },
  ],
  async run(ctx, { values, positionals, issues }) {
    const taskId = taskIdOf(positionals, issues);
    const overwrite = values.overwrite ?? false;
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
    const saved = await saveVideo(ctx, conn.omni, task, values.out, overwrite);
    ctx.out.data(saved.path);
    return ExitCode.Success;
  },
});
