/** The commands that pick up a task where an interrupted or timed-out one left it. */

/**
 * Quotes an argument for a POSIX shell, only when it needs it.
 *
 * @example
 * shellQuote('fox.mp4'); // 'fox.mp4'
 * shellQuote("my fox's.mp4"); // "'my fox'\\''s.mp4'"
 */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Where the video goes, as the command that resumes must repeat it. */
export interface SaveTarget {
  out?: string | undefined;
  overwrite?: boolean | undefined;
}

function saveFlags({ out, overwrite }: SaveTarget): string {
  return (out === undefined ? '' : ` --out ${shellQuote(out)}`) + (overwrite ? ' --overwrite' : '');
}

/**
 * The command that resumes waiting for a task (and saves its video, as the original did).
 * `program` runs omni where the user is (see invocation.ts).
 *
 * @example
 * resumeCommand('task_1', { out: 'fox.mp4' }); // 'omni wait task_1 --out fox.mp4'
 * resumeCommand('task_1', {}, 'node dist/cli.js'); // 'node dist/cli.js wait task_1'
 */
export function resumeCommand(taskId: string, target: SaveTarget = {}, program = 'omni'): string {
  return `${program} wait ${shellQuote(taskId)}${saveFlags(target)}`;
}

/**
 * The command that downloads a finished task's video again.
 *
 * @example
 * downloadCommand('task_1', { out: 'fox.mp4' }); // 'omni download task_1 --out fox.mp4'
 */
export function downloadCommand(taskId: string, target: SaveTarget, program = 'omni'): string {
  return `${program} download ${shellQuote(taskId)}${saveFlags({ out: target.out ?? 'video.mp4', overwrite: target.overwrite })}`;
}
