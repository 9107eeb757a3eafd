/** `omni create`: create a video task and print its id, without waiting. */
import { defineCommand } from '../command.js';
import { connect } from '../connect.js';
import { ExitCode } from '../exit-codes.js';
import { resumeCommand } from '../resume.js';
import { throwIfIssues, UsageError } from '../usage-error.js';
import { dryRun, noteWarnings, reportCreated } from './generate.js';
import {
  checkVideoRequest,
  uploadReferences,
  VIDEO_OPTIONS,
  videoParams,
} from './video-options.js';

/**
 * `omni create --prompt TEXT`: prints the new task's id on stdout.
 *
 * @example
 * await main(['create', '--prompt', 'a fox'], io); // stdout: task_...
 */
export const create = defineCommand({
  name: 'create',
  summary: 'Create a video task and print its id (no waiting)',
  usage: ['omni create --prompt TEXT [flags]'],
  description: [
    'Creates a video task and prints its id on stdout, for scripts; follow it with omni status, omni wait or ' +
      'omni download. Takes the same request flags as omni generate, checked before anything is sent. ' +
      'Needs JIMMYAI_API_KEY.',
  ],
  options: {
    ...VIDEO_OPTIONS,
    'dry-run': {
      type: 'boolean',
      description: 'Check the request and print the JSON body it would send; send nothing',
    },
  },
  maxPositionals: 0,
  examples: [
    { command: 'omni create --prompt "a red fox in fresh snow" --duration 8' },
    {
      command: 'id=$(omni create --prompt "a fox") && omni wait "$id" --out fox.mp4',
      comment: 'create now, wait later',
    },
    { command: 'omni create --prompt "a fox" --json', comment: 'the task as JSON' },
  ],
  async run(ctx, { values, issues }) {
    const params = videoParams(values);
    const prepared = await checkVideoRequest(params, issues);
    throwIfIssues(issues);
    if (!prepared) throw new UsageError(issues);
    noteWarnings(ctx, prepared);
    if (values['dry-run']) return dryRun(ctx, prepared, params);

    const conn = await connect(ctx);
    const sent = await uploadReferences(ctx, conn.omni, params);
    ctx.state.phase = 'creating';
    const task = await conn.omni.videos.create(sent, { signal: ctx.signal });
    reportCreated(ctx, task, prepared);
    ctx.state.phase = undefined;
    ctx.out.info(
      `Follow it with:\n  ${resumeCommand(task.task_id, { out: 'video.mp4' }, ctx.state.program)}`,
    );
    ctx.out.data(task.task_id);
    ctx.out.event('task', { task });
    return ExitCode.Success;
  },
});
