/** `omni status <taskId>`: a task's state, once. */
import {
  failureReason,
  printable,
  taskPhase,
  timestampMs,
  videoUrlExpiresAt,
  type VideoTask,
} from '../../index.js';
import { defineCommand } from '../command.js';
import { connect } from '../connect.js';
import { ExitCode } from '../exit-codes.js';
import { formatDate } from '../format.js';
import { downloadCommand, resumeCommand } from '../resume.js';
import { throwIfIssues } from '../usage-error.js';
import { TASK_ID_ARGUMENT, taskIdOf } from './task-id.js';

/**
 * `omni status <taskId>`: the task on stdout, and what to do next on stderr.
 *
 * @example
 * await main(['status', 'task_01JD7Z6Q2M8V4'], io);
 */
export const status = defineCommand({
  name: 'status',
  summary: "Show a task's status, progress and result",
  usage: ['omni status <taskId> [--json]'],
  description: [
    'Fetches the task once and prints its state. Exits 0 whatever that state is (it is in the output); ' +
      'use omni wait to wait for the end. Needs JIMMYAI_API_KEY.',
  ],
  arguments: [TASK_ID_ARGUMENT],
  options: {},
  maxPositionals: 1,
  examples: [
    { command: 'omni status task_01JD7Z6Q2M8V4' },
    { command: 'omni status task_01JD7Z6Q2M8V4 --json | jq -r .task.status' },
  ],
  async run(ctx, { positionals, issues }) {
    const taskId = taskIdOf(positionals, issues);
    throwIfIssues(issues);
    ctx.state.taskId = taskId;
    const conn = await connect(ctx);
    const task = await conn.omni.videos.retrieve(taskId, { signal: ctx.signal });
    ctx.out.event('task', { task });
    if (!ctx.out.json) {
      for (const [label, value] of describeTask(task, ctx.clock.now()))
        // One line per row: a value from the service cannot start a line of its own.
        ctx.io.stdout(`${label.padEnd(10)} ${printable(value, { lines: false })}\n`);
      const phase = taskPhase(task.status);
      if (phase === 'running')
        ctx.out.info(
          `Wait for it with:\n  ${resumeCommand(task.task_id, { out: 'video.mp4' }, ctx.state.program)}`,
        );
      else if (phase === 'succeeded')
        ctx.out.info(
          `Save the video with:\n  ${downloadCommand(task.task_id, {}, ctx.state.program)}`,
        );
    }
    return ExitCode.Success;
  },
});

/** The task as label/value rows, for people. */
export function describeTask(task: VideoTask, now: number): [string, string][] {
  const rows: [string, string][] = [['task', task.task_id]];
  const progress = typeof task.progress === 'number' ? `, ${task.progress}%` : '';
  rows.push(['status', `${task.status}${progress}`]);
  if (task.model) rows.push(['model', task.model]);
  if (typeof task.created_at === 'number')
    rows.push(['created', formatDate(new Date(timestampMs(task.created_at)))]);
  if (typeof task.completed_at === 'number')
    rows.push(['completed', formatDate(new Date(timestampMs(task.completed_at)))]);
  const url = task.result?.video_url;
  if (url) {
    rows.push(['video', url]);
    rows.push(['expires', formatDate(videoUrlExpiresAt(task, now))]);
  }
  const reason = failureReason(task);
  if (reason) rows.push(['error', reason]);
  return rows;
}
