/**
 * The CLI's request log: the SDK's own (src/core/observe/log.ts), written to stderr like every
 * message for people, so stdout stays data (and NDJSON with --json). `--debug` logs at
 * `debug`; otherwise `JIMMYAI_LOG` sets the level, read from the CLI's environment (not
 * the process's, so tests stay hermetic); unset, nothing is logged.
 */
import type { Logger, LogLevel } from '../index.js';
import type { CliIO } from './io.js';
import type { Output } from './output.js';

/** The `logger` and `logLevel` options of the CLI's client. */
export interface ClientLog {
  logger: Logger;
  logLevel: LogLevel;
}

/**
 * The client's log options for a run: each line through `out.notice` (the live progress
 * line ended first; the key redacted and control characters made visible by the CLI's
 * writer, on top of the SDK's own redaction and escaping).
 *
 * @example
 * new Omni({ apiKey, baseUrl, ...clientLog(out, io.env, parsed.values.debug === true) });
 */
export function clientLog(out: Output, env: CliIO['env'], debug: boolean): ClientLog {
  const write = (line: string) => out.notice(line);
  const level = debug ? 'debug' : env.JIMMYAI_LOG?.trim().toLowerCase() || 'off';
  // An unknown level is checked by the SDK, which names JIMMYAI_LOG (see connect.ts).
  return {
    logger: { debug: write, info: write, warn: write, error: write },
    logLevel: level as LogLevel,
  };
}
