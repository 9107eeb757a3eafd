/** The end of `generate` and `wait`: save the video or show its link, then the final task. */
import { type CompletedVideoTask, escaped } from '../../index.js';
import type { Context } from '../command.js';
import type { Connection } from '../connect.js';
import { formatElapsed } from '../durations.js';
import { ExitCode } from '../exit-codes.js';
import { formatDate } from '../format.js';
import { downloadCommand } from '../resume.js';
import { taskJson } from '../output.js';
import { saveVideo } from '../save.js';

/**
 * Reports a completed task: saves the video when the run has an `out` (`ctx.state.save`;
 * its path goes to stdout), else prints its link (stdout) and how long it stays valid. `deadline` (the
 * clock's time) is the end of `--timeout` when it was given, which bounds the whole
 * command: the download gets what remains (at least 1 ms, so a deadline already passed
 * ends it at once); without it, the SDK's own download deadline applies.
 */
export async function finishTask(
  ctx: Context,
  conn: Connection,
  done: CompletedVideoTask,
  deadline: number | undefined,
): Promise<number> {
  const { out, overwrite = false } = ctx.state.save ?? {};
  const downloadTimeoutMs =
    deadline === undefined ? undefined : Math.max(1, deadline - ctx.clock.now());
  const id = done.task_id;
  ctx.out.info(escaped`Task ${id} completed (${formatElapsed(ctx.out.elapsed())}).`);
  if (out !== undefined) {
    const saved = await saveVideo(ctx, conn.omni, done, out, overwrite, downloadTimeoutMs);
    ctx.out.data(saved.path);
  } else {
    ctx.out.data(done.result.video_url);
    if (conn.embedded)
      ctx.out.info(
        'Note: the embedded sandbox stops when this command ends, and this link with it; pass --out FILE to keep the video.',
      );
    else
      ctx.out.info(
        `The link works until ${formatDate(done.expiresAt)}. Save the video with:\n  ${downloadCommand(id, {}, ctx.state.program)}`,
      );
  }
  ctx.out.event('task', { task: taskJson(done) });
  return ExitCode.Success;
}
