/** `omni generate`: create a video task, wait for it with progress, save the video. */
import {
  type CreateVideoParams,
  escaped,
  type PreparedRequest,
  printableJson,
  type VideoTask,
} from '../../index.js';
import { defineCommand, type Context } from '../command.js';
import { connect, EMBEDDED_POLL_INTERVAL_MS } from '../connect.js';
import { ExitCode } from '../exit-codes.js';
import { describeRequest } from '../format.js';
import { checkOut, SAVE_OPTIONS } from '../save.js';
import { throwIfIssues, UsageError } from '../usage-error.js';
import { finishTask } from './finish.js';
import { timeoutOf, TIMEOUT_OPTION } from './timeout-option.js';
import {
  checkVideoRequest,
  flagOf,
  localReferences,
  placeholderUrl,
  uploadReferences,
  VIDEO_OPTIONS,
  videoParams,
} from './video-options.js';

/** Flags of `generate`: the request's, where to save, how long to wait. */
const OPTIONS = {
  ...VIDEO_OPTIONS,
  ...SAVE_OPTIONS,
  ...TIMEOUT_OPTION,
  'dry-run': {
    type: 'boolean',
    description: 'Check the request and print the JSON body it would send; send nothing',
  },
} as const;

/**
 * `omni generate --prompt TEXT [--out FILE]`.
 *
 * @example
 * await main(['generate', '--prompt', 'a fox in the snow', '--out', 'fox.mp4'], io);
 */
export const generate = defineCommand({
  name: 'generate',
  summary: 'Create a video, wait for it with progress, and save it',
  usage: ['omni generate --prompt TEXT [flags]'],
  description: [
    'Creates a video task, shows its progress until it completes, and saves the video when --out is given ' +
      '(else prints its link, valid for 3 days). Every flag is checked against the API rules before anything is sent.',
    'Without JIMMYAI_API_KEY, it runs on an embedded sandbox of the API on this machine: a demo that sends ' +
      'nothing to JimmyAI, costs nothing and saves a sample clip.',
    'Ctrl-C stops waiting, not the task: omni prints the command that resumes it.',
  ],
  options: OPTIONS,
  maxPositionals: 0,
  examples: [
    { command: 'omni generate --prompt "a red fox running through fresh snow" --out fox.mp4' },
    {
      command:
        'omni generate --prompt "it comes alive" --image https://x.test/a.png --mode frame --out a.mp4',
      comment: 'animate an image: it becomes the first frame',
    },
    {
      command: 'omni generate --prompt "it wakes up" --image ./cat.png --mode frame --out cat.mp4',
      comment: 'a local file is uploaded first',
    },
    {
      command: 'omni generate --prompt "a fox" --duration 8 --aspect-ratio 9:16 --out fox.mp4',
    },
    {
      command: 'omni generate --prompt "a fox" --json | jq -c .',
      comment: 'one JSON object per event',
    },
    {
      command: 'omni generate --prompt "a fox" --duration 7 --dry-run',
      comment: 'check a request, send nothing',
    },
  ],
  async run(ctx, { values, issues }) {
    const started = ctx.clock.now();
    const params = videoParams(values);
    const prepared = await checkVideoRequest(params, issues);
    const timeoutMs = timeoutOf(values.timeout, issues);
    const overwrite = values.overwrite ?? false;
    await checkOut(values.out, overwrite, issues);
    throwIfIssues(issues);
    if (!prepared) throw new UsageError(issues);
    noteWarnings(ctx, prepared);
    if (values['dry-run']) return dryRun(ctx, prepared, params);

    ctx.state.save = { out: values.out, overwrite };
    ctx.state.timeoutMs = timeoutMs;
    const conn = await connect(ctx, { embeddedIfNoKey: true });
    try {
      const sent = await uploadReferences(ctx, conn.omni, params);
      ctx.state.phase = 'creating';
      const done = await conn.omni.videos.generate(sent, {
        signal: ctx.signal,
        timeoutMs,
        pollIntervalMs: conn.embedded ? EMBEDDED_POLL_INTERVAL_MS : undefined,
        onTaskCreated: (task) => {
          reportCreated(ctx, task, prepared);
          // At once, rather than at the first poll (which may be seconds away): a waiting
          // task is at 0%, though create's answer does not say so.
          ctx.out.show({ ...task, progress: task.progress ?? 0 });
        },
        onProgress: (task, { eta }) => ctx.out.progress(task, eta),
      });
      return await finishTask(
        ctx,
        conn,
        done,
        values.timeout === undefined ? undefined : started + timeoutMs,
      );
    } finally {
      await conn.close();
    }
  },
});

/** What `prepare` dropped or overrode, as notes on stderr. */
export function noteWarnings(ctx: Context, prepared: PreparedRequest): void {
  for (const warning of prepared.warnings)
    ctx.out.notice(`Note: ${flagOf(warning.path)}: ${warning.message}.`);
}

/** The task exists: remember it (for resuming) and say so. */
export function reportCreated(ctx: Context, task: VideoTask, prepared: PreparedRequest): void {
  ctx.state.taskId = task.task_id;
  ctx.state.phase = 'waiting';
  ctx.out.event('created', { task });
  ctx.out.info(escaped`Created task ${task.task_id}: ${describeRequest(prepared.effective)}.`);
}

/** `--dry-run`: the wire body on stdout (it is the data asked for), in every mode. */
export function dryRun(ctx: Context, prepared: PreparedRequest, params: CreateVideoParams): number {
  for (const local of localReferences(params))
    ctx.out.notice(
      `Note: ${local.path} is a local file: it would be uploaded first, and its URL sent where the body shows ${placeholderUrl(local)}.`,
    );
  ctx.out.event('dry-run', { ...prepared });
  if (!ctx.out.json) {
    ctx.out.info(`Valid request (${describeRequest(prepared.effective)}); nothing was sent. Body:`);
    // printableJson: still valid JSON after the writer's escaping (which never applies to it).
    ctx.io.stdout(`${printableJson(prepared.body, 2)}\n`);
  }
  return ExitCode.Success;
}
