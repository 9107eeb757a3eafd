/** `omni wait <taskId>`: wait for a task with progress, then save its video. */
import { defineCommand } from '../command.js';
import { connect } from '../connect.js';
import { escaped } from '../../index.js';
import { checkOut, SAVE_OPTIONS } from '../save.js';
import { throwIfIssues } from '../usage-error.js';
import { finishTask } from './finish.js';
import { TASK_ID_ARGUMENT, taskIdOf } from './task-id.js';
import { timeoutOf, TIMEOUT_OPTION } from './timeout-option.js';

/**
 * `omni wait <taskId> [--out FILE]`: also how an interrupted `generate` resumes.
 *
 * @example
 * await main(['wait', 'task_01JD7Z6Q2M8V4', '--out', 'fox.mp4'], io);
 */
export const wait = defineCommand({
  name: 'wait',
  summary: 'Wait for a task with progress, and save its video',
  usage: ['omni wait <taskId> [--out FILE] [--timeout DURATION]'],
  description: [
    'Waits until the task completes, showing its progress, then saves the video when --out is given ' +
      '(else prints its link). This is how an interrupted or timed-out omni generate resumes. Needs JIMMYAI_API_KEY.',
  ],
  arguments: [TASK_ID_ARGUMENT],
  options: { ...SAVE_OPTIONS, ...TIMEOUT_OPTION },
  maxPositionals: 1,
  examples: [
    { command: 'omni wait task_01JD7Z6Q2M8V4 --out fox.mp4' },
    { command: 'omni wait task_01JD7Z6Q2M8V4 --timeout 1h', comment: 'print the link when done' },
  ],
  async run(ctx, { values, positionals, issues }) {
    const started = ctx.clock.now();
    const taskId = taskIdOf(positionals, issues);
    const timeoutMs = timeoutOf(values.timeout, issues);
    const overwrite = values.overwrite ?? false;
    await checkOut(values.out, overwrite, issues);
    throwIfIssues(issues);

    Object.assign(ctx.state, {
      taskId,
      timeoutMs,
      phase: 'waiting',
      save: { out: values.out, overwrite },
    });
    const conn = await connect(ctx);
    ctx.out.info(escaped`Waiting for task ${taskId}.`);
    const done = await conn.omni.videos.wait(taskId, {
      signal: ctx.signal,
      timeoutMs,
      onProgress: (task, { eta }) => ctx.out.progress(task, eta),
    });
    return finishTask(
      ctx,
      conn,
      done,
      values.timeout === undefined ? undefined : started + timeoutMs,
    );
  },
});
