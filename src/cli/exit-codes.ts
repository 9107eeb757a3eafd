/**
 * The CLI's exit codes: one table, read by `main` (to map errors) and by `help` (to
 * document them), so the two cannot drift apart.
 */
import {
  AbortError,
  ApiError,
  ConnectionError,
  CreateUncertainError,
  DownloadError,
  MalformedResponseError,
  RequestTimeoutError,
  TaskFailedError,
  TaskResultError,
  TaskTimeoutError,
  ValidationError,
} from '../index.js';
import { UsageError } from './usage-error.js';

/**
 * The exit codes of `omni`, by name.
 *
 * @example
 * if (code === ExitCode.TimedOut) console.error('resume with: omni wait <id>');
 */
export const ExitCode = {
  Success: 0,
  Unexpected: 1,
  InvalidInput: 2,
  TaskFailed: 3,
  TimedOut: 4,
  ApiError: 5,
  Interrupted: 130,
  Terminated: 143,
} as const;

/** One of {@link ExitCode}. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every exit code with its meaning, in the order `omni --help` lists them.
 *
 * @example
 * for (const { code, meaning } of EXIT_CODES) console.log(code, meaning);
 */
export const EXIT_CODES: readonly { code: ExitCodeValue; meaning: string }[] = [
  { code: ExitCode.Success, meaning: 'success' },
  {
    code: ExitCode.Unexpected,
    meaning: 'unexpected error (a bug: please report it with --debug output)',
  },
  {
    code: ExitCode.InvalidInput,
    meaning: 'invalid input: usage, flags, request validation, missing key or config',
  },
  { code: ExitCode.TaskFailed, meaning: 'the task failed (the provider says why)' },
  {
    code: ExitCode.TimedOut,
    meaning: 'timed out waiting; the task may still finish (omni wait <id>)',
  },
  {
    code: ExitCode.ApiError,
    meaning: 'API or network error, uncertain create, or the video could not be saved',
  },
  {
    code: ExitCode.Interrupted,
    meaning: 'interrupted (Ctrl-C, SIGINT); the task, if any, goes on',
  },
  { code: ExitCode.Terminated, meaning: 'terminated (SIGTERM); the task, if any, goes on' },
];

/**
 * The exit code for an error thrown while running a command. An interruption is
 * decided by the caller (from its signal), since an abort can surface as other errors.
 *
 * @example
 * exitCodeFor(new TaskTimeoutError('task_1', 1000, undefined)); // 4
 */
export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof UsageError || error instanceof ValidationError) return ExitCode.InvalidInput;
  if (error instanceof TaskFailedError) return ExitCode.TaskFailed;
  if (error instanceof TaskTimeoutError) return ExitCode.TimedOut;
  if (error instanceof AbortError) return ExitCode.Interrupted;
  if (
    error instanceof ApiError ||
    error instanceof ConnectionError ||
    error instanceof RequestTimeoutError ||
    error instanceof MalformedResponseError ||
    error instanceof CreateUncertainError ||
    // Completed without a usable link: what the service answered, not a bug of ours.
    error instanceof TaskResultError ||
    error instanceof DownloadError
  )
    return ExitCode.ApiError;
  return ExitCode.Unexpected;
}

/** The code for an interruption: 143 for SIGTERM, else 130 (SIGINT, or any other abort). */
export function interruptedCode(reason: unknown): ExitCodeValue {
  return reason === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted;
}
