/**
 * Where each kind of output goes. People read stderr: notes, progress, errors. Scripts
 * read stdout: in human mode, bare data (a task id, a path, a URL); with --json, one
 * JSON object per line for each event. So `id=$(omni create ...)` and
 * `omni generate --json ... | jq` both work, with progress still on the terminal.
 */
import {
  type CompletedVideoTask,
  type Eta,
  printable,
  printableJson,
  type VideoTask,
} from '../index.js';
import { ERASE_LINE, type ResolvedIO } from './io.js';
import { createDisplay, type TaskDisplay } from './progress.js';

/**
 * The NDJSON events, one per line on stdout with --json. Every key is snake_case, as
 * on the API's wire (`task_id`, `elapsed_ms`, `exit_code`, `expires_at`); the README
 * lists each event and its fields.
 */
export type EventName =
  | 'created'
  | 'progress'
  | 'downloaded'
  | 'task'
  | 'error'
  | 'listening'
  | 'request'
  | 'dry-run'
  | 'uploaded';

/**
 * The output of one command run.
 *
 * @example
 * out.info(`Created task ${task.task_id}.`); // stderr, human mode only
 * out.data(task.task_id);                    // stdout, human mode only
 * out.event('created', { task });            // stdout, --json only
 */
export class Output {
  readonly json: boolean;
  readonly #io: ResolvedIO;
  readonly #start: number;
  readonly #display: TaskDisplay | undefined;

  constructor(io: ResolvedIO, json: boolean) {
    this.#io = io;
    this.json = json;
    this.#start = io.clock.now();
    this.#display = json
      ? undefined
      : createDisplay(io.isTTY, {
          write: io.stderr,
          erase: () => io.terminal(ERASE_LINE),
          now: () => io.clock.now(),
          start: this.#start,
          columns: io.columns,
        });
  }

  /** Milliseconds since the command started. */
  elapsed(): number {
    return this.#io.clock.now() - this.#start;
  }

  /** A message for people, in human mode (stderr). */
  info(text: string): void {
    if (!this.json) this.#line(text);
  }

  /** A message for people in every mode (stderr): notes that matter even to scripts. */
  notice(text: string): void {
    this.#line(text);
  }

  /**
   * Data for scripts, in human mode (a line on stdout). One value is one line: a line
   * feed in it (an id from the service) is shown escaped, never as a second value.
   */
  data(text: string): void {
    if (!this.json) this.#io.stdout(`${printable(text, { lines: false })}\n`);
  }

  /** An event, with --json (a line of JSON on stdout). */
  event(event: EventName, payload: Record<string, unknown>): void {
    // printableJson: the service's strings cannot reach a terminal as control characters.
    if (this.json) this.#io.stdout(`${printableJson({ event, ...payload })}\n`);
  }

  /**
   * A new snapshot of a task, with the SDK's prediction of its end: the progress display,
   * or a `progress` event (`remaining_ms`: the prediction, or null while there is none).
   */
  progress(task: VideoTask, eta?: Eta): void {
    this.#display?.task(task, eta);
    this.event('progress', {
      elapsed_ms: this.elapsed(),
      remaining_ms: eta?.remainingMs ?? null,
      task,
    });
  }

  /** Shows a snapshot on the display only, without a `progress` event (e.g. the new task). */
  show(task: VideoTask): void {
    this.#display?.task(task);
  }

  /** Bytes saved so far (human mode only: the display). */
  downloadProgress(file: string, bytes: number, total: number | undefined): void {
    this.#display?.download(file, bytes, total);
  }

  /** Ends the live progress line, if one is drawn. */
  endLine(): void {
    this.#display?.end();
  }

  #line(text: string): void {
    this.endLine();
    this.#io.stderr(`${text}\n`);
  }
}

/**
 * A task as the `task` event shows it: the wire's fields, and `expires_at` (an ISO
 * date) for the SDK's `expiresAt`, so that every key of an event is snake_case.
 *
 * @example
 * out.event('task', { task: taskJson(done) });
 */
export function taskJson(task: VideoTask | CompletedVideoTask): Record<string, unknown> {
  if (!('expiresAt' in task)) return { ...task };
  const { expiresAt, ...wire } = task;
  return { ...wire, expires_at: expiresAt.toISOString() };
}
