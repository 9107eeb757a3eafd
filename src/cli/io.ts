/**
 * What the CLI needs from its process, injected so tests run it in-process: the
 * writers, the environment, whether stderr is a terminal, an interrupt signal, a clock.
 */
import { type Clock, printable, systemClock } from '../index.js';
import { invocation } from './invocation.js';

/**
 * The CLI's view of its process. Only `stdout`, `stderr` and `env` are required.
 *
 * @example
 * const out: string[] = [];
 * const code = await main(['status', 'task_1'], {
 *   stdout: (s) => out.push(s),
 *   stderr: () => {},
 *   env: { JIMMYAI_API_KEY: 'sk_test', JIMMYAI_BASE_URL: sandbox.url },
 * });
 */
export interface CliIO {
  /** Data: task ids, video paths and URLs, JSON lines. */
  stdout(text: string): void;
  /** Messages for people: progress, notes, errors. */
  stderr(text: string): void;
  /** The environment (`JIMMYAI_API_KEY`, `JIMMYAI_BASE_URL`); nothing else is read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal: a live progress bar instead of lines. @default false */
  isTTY?: boolean | undefined;
  /** The terminal's width, for the progress bar. @default 80 */
  columns?: number | undefined;
  /**
   * Fires on Ctrl-C (reason `'SIGINT'`) or SIGTERM (reason `'SIGTERM'`): requests in
   * flight are aborted and the command exits 130 (143 for SIGTERM).
   */
  signal?: AbortSignal | undefined;
  /** Time for waiting, elapsed time and the embedded sandbox. @default the system clock */
  clock?: Clock | undefined;
  /**
   * The command that runs omni where the user is (`omni`, `npx omni`, `node dist/cli.js`),
   * for the command lines the CLI prints. @default 'omni'
   */
  program?: string | undefined;
}

/** A {@link CliIO} with its defaults filled in. */
export interface ResolvedIO {
  /** Writes to stdout, the key redacted and control characters made visible. */
  stdout(text: string): void;
  /** Writes to stderr, the key redacted and control characters made visible. */
  stderr(text: string): void;
  /** The one control sequence the CLI itself sends (the live line's redraw), raw. */
  terminal(sequence: TerminalControl): void;
  env: Readonly<Record<string, string | undefined>>;
  isTTY: boolean;
  columns: number;
  signal: AbortSignal;
  clock: Clock;
  program: string;
}

/**
 * The real process as a {@link CliIO}, without a signal (bin.ts adds one).
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), processIO());
 */
export function processIO(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    isTTY: process.stderr.isTTY === true,
    columns: process.stderr.columns,
    program: invocation({ script: process.argv[1], cwd: process.cwd(), env: process.env }),
  };
}

/** The key as the CLI reads it: `JIMMYAI_API_KEY`, blank meaning unset. */
export function apiKeyOf(env: CliIO['env']): string | undefined {
  const key = env.JIMMYAI_API_KEY?.trim();
  return key ? key : undefined;
}

/** Back to the start of the line, then erase it: how the live progress line redraws. */
export const ERASE_LINE = '\r\x1b[2K';
/** The control sequences the CLI may write itself. */
export type TerminalControl = typeof ERASE_LINE;

/**
 * Fills in defaults and wraps the writers so that the API key can never be printed,
 * whatever an error message or a stack trace holds, and so that no text (the
 * service's above all) can send the terminal a control sequence: one choke point
 * for everything the CLI prints.
 */
export function resolveIO(io: CliIO): ResolvedIO {
  const key = apiKeyOf(io.env);
  // A very short "key" would garble ordinary words; real keys are long.
  const redact =
    key && key.length >= 6 ? (s: string) => s.replaceAll(key, '***') : (s: string) => s;
  return {
    stdout: (text) => io.stdout(printable(redact(text))),
    stderr: (text) => io.stderr(printable(redact(text))),
    terminal: (sequence) => io.stderr(sequence),
    env: io.env,
    isTTY: io.isTTY === true,
    columns: io.columns && io.columns > 20 ? io.columns : 80,
    signal: io.signal ?? new AbortController().signal,
    clock: io.clock ?? systemClock,
    program: io.program ?? 'omni',
  };
}
