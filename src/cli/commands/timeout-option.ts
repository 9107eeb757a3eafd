/** `--timeout`: how long `generate` and `wait` wait for the task and save its video. */
import { DEFAULT_DOWNLOAD_TIMEOUT_MS, DEFAULT_WAIT_TIMEOUT_MS } from '../../index.js';
import { formatDuration, parseDuration } from '../durations.js';
import type { InputIssue } from '../usage-error.js';

/** The `--timeout` flag. */
export const TIMEOUT_OPTION = {
  timeout: {
    type: 'string',
    placeholder: 'DURATION',
    description: `Give up after DURATION, waiting and saving together: 90s, 1h, 1h30m, or milliseconds (default: ${formatDuration(DEFAULT_WAIT_TIMEOUT_MS)} for the wait, then ${formatDuration(DEFAULT_DOWNLOAD_TIMEOUT_MS)} for the download)`,
  },
} as const;

/**
 * The wait's deadline in ms: `--timeout` read, or the SDK's default. Adds an issue for a
 * value that is not a duration.
 *
 * @example
 * timeoutOf('90s', issues); // 90000
 */
export function timeoutOf(value: string | undefined, issues: InputIssue[]): number {
  if (value === undefined) return DEFAULT_WAIT_TIMEOUT_MS;
  const ms = parseDuration(value);
  if (ms === undefined)
    issues.push({
      where: '--timeout',
      message: `must be a duration such as 90s, 20m, 1h or a number of milliseconds; got ${JSON.stringify(value)}`,
    });
  return ms ?? DEFAULT_WAIT_TIMEOUT_MS;
}
