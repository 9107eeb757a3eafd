/**
 * The progress display on stderr. On a terminal, one live line redrawn in place
 * (status, bar, percent, time left, elapsed), ticking between polls; elsewhere (a pipe,
 * a log file, CI), one plain line per change, with no control characters. The time left
 * is the SDK's prediction (`eta` of each progress report), counted down between polls:
 * the CLI does not estimate on its own.
 */
import { type Eta, printable, taskPhase, type VideoTask } from '../index.js';
import { formatElapsed, formatTimeLeft } from './durations.js';
import { formatBytes } from './format.js';

/** Where and how a display draws. */
export interface DisplayOptions {
  write(text: string): void;
  /** Sends {@link ERASE_LINE} raw (`write` makes control characters visible). */
  erase(): void;
  /** Milliseconds, on the CLI's clock. */
  now(): number;
  /** When the command started, on the same clock: elapsed time counts from it. */
  start: number;
  /** Terminal width: a live line never wraps (a wrapped line cannot be redrawn). */
  columns: number;
}

/**
 * Shows a task's progress and a download's.
 *
 * @example
 * const display = createDisplay(process.stderr.isTTY, { write, erase, now: Date.now, start: Date.now(), columns: 80 });
 * display.task({ task_id: 't', status: 'processing', progress: 42 }, { at: new Date(Date.now() + 80_000), remainingMs: 80_000 });
 * display.end();
 */
export interface TaskDisplay {
  /** A new snapshot of the task (a change of status or progress), with the SDK's ETA if any. */
  task(task: VideoTask, eta?: Eta): void;
  /** Bytes of the video saved so far, of `total` when the host announced it. */
  download(file: string, bytes: number, total: number | undefined): void;
  /** Ends the live line, so that other output can follow. Idempotent. */
  end(): void;
}

/** A live line on a terminal, or plain lines. */
export function createDisplay(tty: boolean, options: DisplayOptions): TaskDisplay {
  return tty ? new LiveLine(options) : new PlainLines(options);
}

const BAR_WIDTH = 24;
// Narrower than this, a bar says nothing: the line drops it and keeps the numbers.
const MIN_BAR_WIDTH = 6;
const STATUS_WIDTH = 10;
const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
// Often enough for the elapsed time and spinner to look alive, rarely enough to cost nothing.
const TICK_MS = 200;

function bar(percent: number | undefined, width: number): string {
  const filled = percent === undefined ? 0 : Math.round((percent / 100) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

function percentOf(task: VideoTask): number | undefined {
  const p = task.progress;
  return typeof p === 'number' && Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : undefined;
}

const percentText = (p: number | undefined) => (p === undefined ? '--%' : `${Math.round(p)}%`);

/** A status as one short, safe field: the service's text, never its control characters. */
function statusText(status: string): string {
  return printable(String(status), { lines: false });
}

/**
 * `head`, a bar as wide as the terminal leaves room for, and `tail`: the line fits
 * `columns - 1` (the last column would wrap on some terminals). A bar that would be too
 * narrow is dropped; a head that is still too long is cut, so the numbers stay. `extra`
 * (the time left) ends the line only where a bar of half its width still fits beside it:
 * on a narrow terminal it goes first.
 */
function fitLine(
  head: string,
  percent: number | undefined,
  tail: string,
  columns: number,
  extra = '',
): string {
  const room = columns - 1;
  if (extra) {
    const withExtra = `${tail}  ${extra}`;
    if (room - head.length - withExtra.length - 4 >= BAR_WIDTH / 2)
      return fitLine(head, percent, withExtra, columns);
  }
  const barWidth = Math.min(BAR_WIDTH, room - head.length - tail.length - 4);
  if (barWidth >= MIN_BAR_WIDTH) return `${head} ${bar(percent, barWidth)} ${tail}`;
  const cut = Math.max(1, room - tail.length - 1);
  const shown = head.length > cut ? `${head.slice(0, cut - 1)}…` : head;
  return `${shown} ${tail}`.slice(0, room);
}

// A percent shown between polls never reaches 100 before the service says the task is done.
const PREDICTED_CAP = 99;

/** The percent `since` ms after a report of `p`, moving evenly to 100 over `remainingMs`. */
function towardEnd(p: number, since: number, remainingMs: number): number {
  if (p >= PREDICTED_CAP || remainingMs <= 0) return p;
  return Math.min(PREDICTED_CAP, p + ((100 - p) * Math.max(0, since)) / remainingMs);
}

class LiveLine implements TaskDisplay {
  readonly #o: DisplayOptions;
  #render: ((frame: string) => string) | undefined;
  #drawn = false;
  #frame = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastDownloadKey = '';
  #lastRunning: number | undefined;

  constructor(options: DisplayOptions) {
    this.#o = options;
  }

  task(task: VideoTask, eta?: Eta): void {
    const phase = taskPhase(task.status);
    const p = percentOf(task);
    const status = statusText(task.status);
    if (phase === 'running') {
      if (p !== undefined) this.#lastRunning = p;
      const seenAt = this.#o.now();
      this.#render = (frame) => {
        // Between polls, the bar moves on toward the predicted end and the time left
        // shrinks, both from this report: the SDK's prediction, not one of the CLI's.
        const since = this.#o.now() - seenAt;
        const shown = p === undefined || !eta ? p : towardEnd(p, since, eta.remainingMs);
        const left = eta ? formatTimeLeft(eta.remainingMs - since) : '';
        const tail = `${percentText(shown).padStart(4)}  ${this.#elapsed()}`;
        const head = `${frame} ${status.padEnd(STATUS_WIDTH)}`;
        return fitLine(head, shown, tail, this.#o.columns, left);
      };
    } else if (phase === 'succeeded') {
      this.#render = () =>
        fitLine(
          `✔ ${status.padEnd(STATUS_WIDTH)}`,
          100,
          `100%  ${this.#elapsed()}`,
          this.#o.columns,
        );
    } else {
      // The failure, not a progress line: a failed task reports 0%, whatever it reached.
      const at = this.#lastRunning === undefined ? '' : ` at ${Math.round(this.#lastRunning)}%`;
      this.#render = () => `✖ ${status}${at}  ${this.#elapsed()}`.slice(0, this.#o.columns - 1);
    }
    this.#draw();
    if (phase !== 'running') this.end();
  }

  download(file: string, bytes: number, total: number | undefined): void {
    const p = total ? (100 * bytes) / total : undefined;
    // One redraw per percent (or per 100 kB without a length), not one per chunk.
    const key = p === undefined ? String(Math.floor(bytes / 100_000)) : String(Math.floor(p));
    if (key === this.#lastDownloadKey && bytes !== total) return;
    this.#lastDownloadKey = key;
    const size = total ? `${formatBytes(bytes)} of ${formatBytes(total)}` : formatBytes(bytes);
    this.#render = () =>
      fitLine(`↓ saving ${file}`, p, `${percentText(p).padStart(4)}  ${size}`, this.#o.columns);
    this.#draw();
  }

  end(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#drawn) this.#o.write('\n');
    this.#drawn = false;
    this.#render = undefined;
    this.#lastDownloadKey = '';
  }

  #elapsed(): string {
    return formatElapsed(this.#o.now() - this.#o.start);
  }

  #draw(): void {
    if (!this.#render) return;
    const frame = SPINNER[this.#frame++ % SPINNER.length] as string;
    const line = this.#render(frame).slice(0, this.#o.columns - 1);
    // Back to the start, then erase the line: a shorter line leaves no residue.
    this.#o.erase();
    this.#o.write(line);
    this.#drawn = true;
    if (!this.#timer) {
      this.#timer = setInterval(() => this.#draw(), TICK_MS);
      this.#timer.unref?.();
    }
  }
}

class PlainLines implements TaskDisplay {
  readonly #o: DisplayOptions;
  #last = '';
  #lastRunning: number | undefined;

  constructor(options: DisplayOptions) {
    this.#o = options;
  }

  task(task: VideoTask, eta?: Eta): void {
    const p = percentOf(task);
    const status = statusText(task.status);
    const phase = taskPhase(task.status);
    let state: string;
    if (phase === 'failed')
      // The failure, not a progress line: a failed task reports 0%, whatever it reached.
      state = `${status}${this.#lastRunning === undefined ? '' : ` at ${Math.round(this.#lastRunning)}%`}`;
    else state = `${status}${p === undefined ? '' : ` ${Math.round(p)}%`}`;
    if (phase === 'running' && p !== undefined) this.#lastRunning = p;
    // One line per change, as shown: the created task and the first poll often agree.
    if (state === this.#last) return;
    this.#last = state;
    const left = phase === 'running' && eta ? `, ${formatTimeLeft(eta.remainingMs)}` : '';
    this.#o.write(`[${formatElapsed(this.#o.now() - this.#o.start)}] ${state}${left}\n`);
  }

  // A line per chunk would flood a log; the saved file is reported once, when done.
  download(): void {}

  end(): void {}
}
