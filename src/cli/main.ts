/**
 * `omni`: the command-line tool. `main` runs one command line in-process and resolves
 * with its exit code; everything it touches comes through {@link CliIO}, so tests run
 * it against a sandbox on loopback without spawning anything.
 */
import { closest, GLOBAL_OPTIONS, parseCommandArgs } from './args.js';
import type { Context, RunState } from './command.js';
import { ExitCode } from './exit-codes.js';
import { debugDetails, describeFailure } from './failure.js';
import { commandHelp, generalHelp } from './help.js';
import { type CliIO, processIO, resolveIO, type ResolvedIO } from './io.js';
import { clientLog } from './log.js';
import { Output } from './output.js';
import { COMMANDS, findCommand } from './registry.js';
import { UsageError } from './usage-error.js';
import { VERSION } from './version.js';

export type { CliIO } from './io.js';

const COMMAND_NAMES = COMMANDS.map((c) => c.name);
export { ExitCode, EXIT_CODES } from './exit-codes.js';

/**
 * Runs `omni` with `argv` (the arguments after the program name) and resolves with
 * the exit code. Never throws: every error is reported on `io.stderr` (and as an
 * `error` event with --json) and turned into its exit code.
 *
 * @example
 * const code = await main(['generate', '--prompt', 'a fox', '--out', 'fox.mp4'], {
 *   stdout: (s) => process.stdout.write(s),
 *   stderr: (s) => process.stderr.write(s),
 *   env: process.env,
 *   isTTY: process.stderr.isTTY,
 * });
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const rio = resolveIO(io);
  // Only the flags of every command may come before the command's name.
  let at = 0;
  while (at < argv.length && (argv[at] as string).startsWith('-')) at++;
  const leading = argv.slice(0, at);
  const name = argv[at];

  if (name === undefined) {
    if (leading.includes('--version') || leading.includes('-V')) {
      rio.stdout(`${VERSION}\n`);
      return ExitCode.Success;
    }
    if (leading.includes('--help') || leading.includes('-h')) {
      rio.stdout(generalHelp());
      return ExitCode.Success;
    }
    if (leading.length === 0) {
      // No command at all: the help, where people look, and a usage error for scripts.
      rio.stderr(generalHelp());
      return ExitCode.InvalidInput;
    }
  }
  if (name === 'help') return help(rio, argv.slice(at + 1));

  const rest = [...leading, ...argv.slice(at + 1)];
  const command = name === undefined ? undefined : findCommand(name);
  const parsed =
    command &&
    parseCommandArgs(
      rest,
      { ...command.options, ...GLOBAL_OPTIONS },
      {
        command: command.name,
        maxPositionals: command.maxPositionals,
      },
    );
  if (parsed?.values.help && command) {
    rio.stdout(commandHelp(command));
    return ExitCode.Success;
  }
  // From the parsed flags where there are some: in `--prompt --json`, --json is a value.
  const json = parsed ? parsed.values.json === true : rest.includes('--json');
  const debug = parsed ? parsed.values.debug === true : rest.includes('--debug');
  const state: RunState = {
    command: name ?? '',
    program: rio.program,
    sendsNothing: command?.sendsNothing,
  };
  const out = new Output(rio, json);
  try {
    if (!command || !parsed) {
      const guess = name === undefined ? undefined : closest(name, COMMAND_NAMES);
      throw new UsageError(
        name === undefined
          ? `expected a command before ${leading.join(' ')}; see omni --help`
          : `unknown command '${name}'${guess ? `; did you mean '${guess}'?` : ''} (see omni --help)`,
      );
    }
    const log = clientLog(out, rio.env, debug);
    const ctx: Context = { io: rio, clock: rio.clock, signal: rio.signal, out, state, log };
    return await command.run(ctx, parsed);
  } catch (error) {
    out.endLine();
    const interrupted = rio.signal.aborted ? (rio.signal.reason ?? 'SIGINT') : undefined;
    const failure = describeFailure(error, state, interrupted);
    for (const line of failure.lines) rio.stderr(`${line}\n`);
    if (debug) for (const line of debugDetails(error)) rio.stderr(`${line}\n`);
    out.event('error', { error: failure.json });
    return failure.exitCode;
  } finally {
    out.endLine();
  }
}

function help(io: ResolvedIO, topics: readonly string[]): number {
  const topic = topics.find((t) => !t.startsWith('-'));
  if (topic === undefined) {
    io.stdout(generalHelp());
    return ExitCode.Success;
  }
  const command = findCommand(topic);
  if (!command) {
    const guess = closest(topic, COMMAND_NAMES);
    io.stderr(
      `Error: No command '${topic}'${guess ? `; did you mean '${guess}'?` : ''}. Commands: ${COMMAND_NAMES.join(', ')}.\n`,
    );
    return ExitCode.InvalidInput;
  }
  io.stdout(commandHelp(command));
  return ExitCode.Success;
}
