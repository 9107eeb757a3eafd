/**
 * The commands that pick up a task where an interrupted or timed-out one left it. A
 * task id is the service's text: each is quoted so that a shell passes it back
 * unchanged, as a value (never a flag), and with no control character printed raw.
 */
import { hasControl } from '../index.js';

/**
 * Quotes an argument for a POSIX shell, only when it needs it. Plain text goes in
 * single quotes; text holding a control character (a line feed, an ESC), which must
 * not reach the terminal raw, is rebuilt by `printf %b` from octal escapes, which
 * every POSIX shell (dash included, which has no `$'…'`) reads back byte for byte.
 *
 * @example
 * shellQuote('fox.mp4'); // 'fox.mp4'
 * shellQuote("my fox's.mp4"); // "'my fox'\\''s.mp4'"
 * shellQuote('a\nb'); // `"$(printf %b 'a\\0012b')"`
 */
export function shellQuote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  if (!hasControl(arg)) return `'${arg.replaceAll("'", `'\\''`)}'`;
  // Command substitution drops trailing line feeds; the CLI trims an id's anyway.
  return `"$(printf %b '${octalEscaped(arg)}')"`;
}

/** `text` for `printf %b` inside single quotes: a byte outside printable ASCII, `\`, `'` as `\0NNN`. */
function octalEscaped(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8'))
    out +=
      byte >= 0x20 && byte < 0x7f && byte !== 0x5c && byte !== 0x27
        ? String.fromCharCode(byte)
        : `\\0${byte.toString(8).padStart(3, '0')}`;
  return out;
}

/**
 * The task id as the last words of a command line: after `--` when it starts with `-`,
 * so that an id such as `--help` or `--out=x` is read as the id, not as a flag.
 */
function idArgument(taskId: string): string {
  return taskId.startsWith('-') ? ` -- ${shellQuote(taskId)}` : ` ${shellQuote(taskId)}`;
}

/** Where the video goes, as the command that resumes must repeat it. */
export interface SaveTarget {
  out?: string | undefined;
  overwrite?: boolean | undefined;
}

function saveFlags({ out, overwrite }: SaveTarget): string {
  // `--out=-x`: a path that starts with - would otherwise be read as a flag.
  const outFlag = out?.startsWith('-')
    ? `--out=${shellQuote(out)}`
    : `--out ${shellQuote(out ?? '')}`;
  return (out === undefined ? '' : ` ${outFlag}`) + (overwrite ? ' --overwrite' : '');
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
  return command(program, 'wait', taskId, saveFlags(target));
}

/**
 * The command that downloads a finished task's video again.
 *
 * @example
 * downloadCommand('task_1', { out: 'fox.mp4' }); // 'omni download task_1 --out fox.mp4'
 */
export function downloadCommand(taskId: string, target: SaveTarget, program = 'omni'): string {
  const flags = saveFlags({ out: target.out ?? 'video.mp4', overwrite: target.overwrite });
  return command(program, 'download', taskId, flags);
}

function command(program: string, name: string, taskId: string, flags: string): string {
  // The usual order (`omni wait task_1 --out fox.mp4`), unless the id needs `--` before it.
  return taskId.startsWith('-')
    ? `${program} ${name}${flags}${idArgument(taskId)}`
    : `${program} ${name}${idArgument(taskId)}${flags}`;
}
