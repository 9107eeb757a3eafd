/**
 * The request log: one line per HTTP request the SDK sends (each attempt of an API call,
 * each request of a download), written to a console-like logger at a level chosen by the
 * `logLevel` option or `JIMMYAI_LOG`. Off unless asked for: no logger, no work.
 *
 * A line holds the method, the path (a video link without its query: signed links are
 * credentials of a kind), the HTTP status, the attempt, the duration and the service's
 * request id when a header carries one. Everything in it that came from outside is made
 * printable (no control character reaches a terminal), and the whole line goes through
 * the client's key redaction last: a server that echoes the key in a header or a path
 * cannot make a line carry it.
 */
import { closest } from '../closest.js';
import { ValidationError } from '../errors.js';
import { printable } from '../printable.js';
import { readEnv } from '../safety.js';

/**
 * Where log lines go: `console`, or any object with the same four methods (pino, winston
 * and bunyan loggers have them). Each line is one string argument. A logger that throws
 * is ignored: logging never breaks a call.
 *
 * @example
 * new Omni({ logger: console, logLevel: 'info' });
 * new Omni({ logger: { debug() {}, info: (line) => myLog.info(line), warn: myLog.warn, error: myLog.error } });
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * How much is logged, from most to least: `debug` (every request, and the message of each
 * failure), `info` (every request), `warn` (failed attempts that are retried and failures),
 * `error` (only failures that end a call), `off`.
 *
 * @example
 * new Omni({ logLevel: 'warn' }); // or JIMMYAI_LOG=warn in the environment
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

const LOGGER_METHODS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * The levels, most verbose first.
 *
 * @example
 * LOG_LEVELS.includes(process.env.JIMMYAI_LOG as LogLevel);
 */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'off'];

/**
 * The environment variable that turns the log on (with `console`) and sets its level.
 *
 * @example
 * process.env[LOG_ENV] = 'debug'; // JIMMYAI_LOG=debug
 */
export const LOG_ENV = 'JIMMYAI_LOG';

/**
 * What one request line says. Fields from outside (request id, code) are raw here.
 *
 * @example
 * const line: RequestLine = { method: 'GET', path: '/api/open-api/v1/videos/task_1', status: 200, attempt: 1, durationMs: 12 };
 */
export interface RequestLine {
  method: string;
  /** The path of an API request; the URL without its query for a download. */
  path: string;
  /** The HTTP status, when an answer came. */
  status?: number | undefined;
  /** 1 for the first try of a call. */
  attempt: number;
  durationMs: number;
  requestId?: string | undefined;
  /** For a failed attempt: the error, and whether the call goes on (retry in `retryInMs`). */
  error?: { name: string; code?: string | undefined; message: string } | undefined;
  retryInMs?: number | undefined;
}

/**
 * A logger at a level, with the client's key redaction: what the rest of the SDK writes
 * request lines to.
 *
 * @example
 * log?.write({ method: 'POST', path: CREATE_PATH, status: 200, attempt: 1, durationMs: 180 });
 */
export interface RequestLog {
  write(line: RequestLine): void;
}

/**
 * The request log an {@link Omni} client writes to, or `undefined` when nothing is to
 * be logged: the `logger` and `logLevel` options, else `JIMMYAI_LOG` (with `console`).
 *
 * @throws {ValidationError} for a level that is not one of {@link LOG_LEVELS}
 * @example
 * const log = requestLog({ logger: console }, (s) => s.split(key).join('[redacted]'));
 */
export function requestLog(
  options: { logger?: Logger | undefined; logLevel?: LogLevel | undefined },
  redact: (text: string) => string,
): RequestLog | undefined {
  const level = logLevelOf(options);
  const { logger } = options;
  const missing = LOGGER_METHODS.filter(
    (name) => typeof (logger as Partial<Logger> | undefined)?.[name] !== 'function',
  );
  if (logger !== undefined && missing.length > 0)
    throw new ValidationError([
      {
        path: 'logger',
        message: `must be an object with the methods debug, info, warn and error (like console); it lacks ${missing.join(', ')}`,
      },
    ]);
  if (level === 'off') return undefined;
  const sink = logger ?? (globalThis.console as Logger);
  const rank = LOG_LEVELS.indexOf(level);
  return {
    write(line) {
      const severity: LogLevel =
        line.error === undefined ? 'info' : line.retryInMs === undefined ? 'error' : 'warn';
      if (LOG_LEVELS.indexOf(severity) < rank) return;
      const text = redact(formatLine(line, level === 'debug'));
      try {
        // A logger that fails must not fail the call it reports on, nor, async, leave an
        // unhandled rejection that ends the process.
        const written: unknown = sink[severity](text);
        if (written instanceof Promise) written.catch(() => undefined);
      } catch {
        // Ignored, as above.
      }
    },
  };
}

/**
 * The level in force: the option, else `JIMMYAI_LOG`, else `info` with a logger and
 * `off` without one.
 */
function logLevelOf(options: { logger?: Logger | undefined; logLevel?: unknown }): LogLevel {
  const fromOption = options.logLevel !== undefined;
  const raw = fromOption ? options.logLevel : envLevel();
  if (raw === undefined || raw === '') return options.logger ? 'info' : 'off';
  if ((LOG_LEVELS as readonly unknown[]).includes(raw)) return raw as LogLevel;
  const guess = typeof raw === 'string' ? closest(raw, LOG_LEVELS) : undefined;
  throw new ValidationError([
    {
      path: fromOption ? 'logLevel' : LOG_ENV,
      message:
        `must be one of ${LOG_LEVELS.join(', ')}, not ${JSON.stringify(printable(String(raw)).slice(0, 40))}` +
        (guess ? `; did you mean ${guess}?` : ''),
      allowed: LOG_LEVELS,
    },
  ]);
}

/**
 * `JIMMYAI_LOG`, lower-cased. A runtime that denies the environment (Deno without
 * --allow-env) means "unset" here: a log is never worth refusing to start.
 */
function envLevel(): string | undefined {
  try {
    return readEnv(LOG_ENV, 'logLevel')?.trim().toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * One request as one line, e.g.
 * `jimmyai-omni: GET /api/open-api/v1/videos/task_1 200 in 12 ms, attempt 1, request-id req_9`
 * or, for a failed attempt,
 * `jimmyai-omni: POST /api/open-api/v1/gemini/omni/videos 503 in 8 ms, attempt 1, InternalServerError code -1, retry in 520 ms`.
 *
 * @example
 * formatLine({ method: 'GET', path: '/api/open-api/v1/videos/task_1', status: 200, attempt: 1, durationMs: 12 });
 */
export function formatLine(line: RequestLine, withMessage = false): string {
  const status = line.status === undefined ? 'no answer' : String(line.status);
  const parts = [
    `jimmyai-omni: ${line.method} ${safe(line.path, 300)} ${status} in ${Math.round(line.durationMs)} ms`,
    `attempt ${line.attempt}`,
  ];
  if (line.requestId !== undefined) parts.push(`request-id ${safe(line.requestId, 120)}`);
  const { error } = line;
  if (error) {
    parts.push(`${error.name}${error.code === undefined ? '' : ` code ${safe(error.code, 40)}`}`);
    if (line.retryInMs !== undefined) parts.push(`retry in ${Math.round(line.retryInMs)} ms`);
    if (withMessage) parts.push(safe(error.message, 500));
  }
  return parts.join(', ');
}

/** Outside text for one line: control characters shown as escapes, and a length cap. */
function safe(text: string, max: number): string {
  const shown = printable(text, { lines: false });
  return shown.length > max ? `${shown.slice(0, max)}…` : shown;
}
