/**
 * An error, told to people: what happened, which task it concerns, and the exact
 * command that picks up from here. Expected errors get no stack trace (`--debug`
 * adds one); the exit code comes from exit-codes.ts.
 */
import {
  ApiError,
  AuthenticationError,
  CallbackError,
  ConnectionError,
  CreateUncertainError,
  DownloadError,
  NotFoundError,
  OmniError,
  RequestTimeoutError,
  TaskFailedError,
  TaskTimeoutError,
  ValidationError,
  escaped,
  printable,
} from '../index.js';
import type { RunState } from './command.js';
import { formatDuration } from './durations.js';
import { exitCodeFor, interruptedCode } from './exit-codes.js';
import { downloadCommand, resumeCommand } from './resume.js';
import { type InputIssue, UsageError } from './usage-error.js';

/** An error as the CLI reports it. */
export interface Failure {
  exitCode: number;
  /** Lines for stderr. */
  lines: string[];
  /** The payload of the `error` event (--json). */
  json: Record<string, unknown>;
}

/**
 * Describes an error for the run in `state`. `interrupted` is the signal's reason when
 * the run was interrupted: an abort can surface as several kinds of error.
 *
 * @example
 * const failure = describeFailure(error, ctx.state, ctx.signal.aborted ? ctx.signal.reason : undefined);
 * for (const line of failure.lines) process.stderr.write(line + '\n');
 */
export function describeFailure(error: unknown, state: RunState, interrupted?: unknown): Failure {
  if (interrupted !== undefined) return interruption(state, interrupted);
  const exitCode = exitCodeFor(error);
  const message = error instanceof Error ? error.message : String(error);
  // The service's text inside the message (its `msg`, a task id) stays on one line.
  const shown = printable(message, { lines: false });
  const lines: string[] = [];
  const json: Record<string, unknown> = {
    name: error instanceof Error ? error.name : 'Error',
    message,
    exit_code: exitCode,
  };

  if (error instanceof UsageError || error instanceof ValidationError) {
    const issues: InputIssue[] =
      error instanceof UsageError
        ? error.issues
        : error.issues.map((i) => ({
            where: i.path === 'taskId' ? '<taskId>' : i.path,
            message: i.message,
          }));
    if (issues.length === 0)
      lines.push(`Error: ${message.charAt(0).toUpperCase()}${message.slice(1)}`);
    else {
      // "Nothing was sent" reassures only where something could have been.
      lines.push(`Error: Invalid input${state.sendsNothing ? '' : '; nothing was sent'}:`);
      for (const issue of issues)
        lines.push(`  ${issue.where ? `${issue.where}: ` : ''}${issue.message}`);
      lines.push(`Run '${state.program} ${state.command} --help' for usage.`);
      // `path`, as in the SDK's ValidationError.issues: here a flag, <taskId> or a variable.
      json.issues = issues.map((i) => ({ path: i.where, message: i.message }));
    }
    return { exitCode, lines, json };
  }

  if (error instanceof TaskTimeoutError) {
    const last = error.lastTask;
    lines.push(
      escaped`Error: Task ${error.taskId} did not finish within ${state.timeoutMs ? formatDuration(state.timeoutMs) : 'the timeout'}` +
        `${last ? ` (last seen: ${printable(last.status, { lines: false })}, ${last.progress ?? 0}%)` : ''}. It may still finish.`,
    );
  } else if (error instanceof TaskFailedError) {
    // The provider's reason is often a sentence already: no second full stop.
    const reason = printable(error.reason?.trim() || 'the service gave no reason', {
      lines: false,
    });
    lines.push(
      escaped`Error: Task ${error.taskId} failed: ` +
        (/[.!?]$/.test(reason) ? reason : `${reason}.`),
    );
  } else if (error instanceof CallbackError) {
    // The CLI passes no callback of the user's: a callback that failed is its own
    // progress display, so the bug is omni's, and the task goes on.
    lines.push(
      `Error: Unexpected: omni's ${error.callback} display failed: ${printable(String((error.cause as Error | undefined)?.message ?? error.cause), { lines: false })}`,
    );
    lines.push(
      `This is a bug in omni. Please report it with the output of the same command with --debug.`,
    );
  } else if (error instanceof CreateUncertainError) {
    lines.push(`Error: ${shown}`);
    lines.push(
      'A task may exist, and be billed, even though no answer came back. Do not retry blindly: ' +
        'look for it in your JimmyAI console first.',
    );
  } else if (error instanceof OmniError) {
    // One statement of what happened and what to do: where the CLI knows more than the
    // SDK's message (the variable that set the address, the task id), its own line
    // replaces that message instead of repeating its advice.
    lines.push(`Error: ${cliMessage(error, state) ?? shown}`);
    if (error instanceof ApiError && error.requestId)
      lines.push(`Request id (for JimmyAI support): ${error.requestId}`);
  } else {
    lines.push(`Error: Unexpected: ${shown}`);
    lines.push(
      `This is a bug in omni. Please report it with the output of the same command with --debug.`,
    );
  }

  const taskId = state.taskId ?? (error instanceof OmniError ? error.taskId : undefined);
  if (taskId !== undefined) {
    json.task_id = taskId;
    const next = nextStep(error, state, taskId);
    if (next) {
      lines.push(next.line);
      if (next.command) json.resume = next.command;
    }
  }
  return { exitCode, lines, json };
}

// Transport codes worth naming, in words.
const TRANSPORT_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

function transportCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSPORT_CODES[code]) return TRANSPORT_CODES[code];
    e = e.cause;
  }
  return undefined;
}

/** The CLI's own message for errors whose fix is in the environment, else undefined. */
function cliMessage(error: OmniError, state: RunState): string | undefined {
  const api = state.baseUrl ? `the API at ${state.baseUrl}` : 'the API';
  const Api = `T${api.slice(1)}`;
  if (error instanceof AuthenticationError)
    return `${Api} refused the key (HTTP ${error.status}${error.msg ? escaped`: ${error.msg}` : ''}). Check JIMMYAI_API_KEY.`;
  if (error instanceof NotFoundError)
    return state.taskId
      ? escaped`Task ${state.taskId} was not found (HTTP 404). Task ids are visible only to the key that created them: check the id, JIMMYAI_API_KEY and JIMMYAI_BASE_URL.`
      : `${Api} answered 404 (not found). Check JIMMYAI_BASE_URL.`;
  // A host that began to answer was reached: its own message says what was cut off.
  if (error instanceof ConnectionError && error.status === undefined) {
    const why = transportCode(error);
    return `Could not reach ${api}${why ? ` (${why})` : ''}. Check your network and JIMMYAI_BASE_URL.`;
  }
  if (error instanceof RequestTimeoutError)
    return `No answer from ${api} in time. The service may be slow or unreachable: try again, and check your network.`;
  return undefined;
}

/** What to run next for a task that exists, when something can be run. */
function nextStep(
  error: unknown,
  state: RunState,
  taskId: string,
): { line: string; command?: string } | undefined {
  // Nothing to resume: the task ended, the run was not following it, or the service
  // refused the request for good (a wrong id or key: the error's own policy says
  // waiting again would fail the same way).
  if (
    error instanceof TaskFailedError ||
    (error instanceof ApiError && error.final) ||
    (state.phase === undefined && !(error instanceof DownloadError))
  )
    return undefined;
  if (state.embedded)
    return {
      line: escaped`Task ${taskId} ran on the embedded sandbox, which stops with this command: there is nothing to resume.`,
    };
  if (state.phase === 'downloading' || error instanceof DownloadError) {
    const command = downloadCommand(taskId, state.save ?? {}, state.program);
    return { line: `The task is complete; save its video with:\n  ${command}`, command };
  }
  const command = resumeCommand(taskId, state.save, state.program);
  return {
    line: escaped`Task ${taskId} may still be running. Resume with:` + `\n  ${command}`,
    command,
  };
}

function interruption(state: RunState, reason: unknown): Failure {
  const exitCode = interruptedCode(reason);
  const json: Record<string, unknown> = {
    name: 'Interrupted',
    message: `Interrupted (${reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT'}).`,
    exit_code: exitCode,
  };
  const lines = [''];
  const { taskId } = state;
  if (taskId === undefined) {
    if (state.phase === 'creating') {
      lines.push(
        'Interrupted while the task was being created: the request may have reached the service, ' +
          'so a task may exist (and be billed). Look for it in your JimmyAI console before creating it again.',
      );
    } else lines.push('Interrupted.');
    return { exitCode, lines, json };
  }
  json.task_id = taskId;
  if (state.embedded) {
    lines.push(
      escaped`Interrupted. Task ${taskId} ran on the embedded sandbox, which stops with this command: there is nothing to resume.`,
    );
  } else if (state.phase === 'downloading') {
    const command = downloadCommand(taskId, state.save ?? {}, state.program);
    json.resume = command;
    lines.push(
      escaped`Interrupted during the download; nothing was saved. Task ${taskId} is complete; save its video with:`,
      `  ${command}`,
    );
  } else {
    const command = resumeCommand(taskId, state.save, state.program);
    json.resume = command;
    lines.push(
      escaped`Interrupted. Task ${taskId} goes on running on the service. Resume with:`,
      `  ${command}`,
    );
  }
  return { exitCode, lines, json };
}

/** The stack trace and the chain of causes, for --debug. */
export function debugDetails(error: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    // The message may hold the service's text: its line feeds stay escaped here too.
    const text =
      current instanceof Error
        ? oneLineMessage(current.stack ?? `${current.name}: ${current.message}`, current.message)
        : printable(String(current), { lines: false });
    lines.push(depth === 0 ? text : `Caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines;
}

/** `text` with `message` in it shown on one line (a function, so `$` in it stays text). */
function oneLineMessage(text: string, message: string): string {
  return message ? text.replace(message, () => printable(message, { lines: false })) : text;
}
