/**
 * The progress display on stderr. On a terminal, one live line redrawn in place
 * (status, bar, percent, elapsed), ticking between polls; elsewhere (a pipe, a log
 * file, CI), one plain line per change, with no control characters.
 */
import type { VideoTask } from '../generated.js';
import { taskPhase } from '../wait/status.js';
import { formatElapsed } from './durations.js';
import { formatBytes } from './format.js';

/** Where and how a display draws. */
export interface DisplayOptions {
  write(text: string): void;
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
 * const display = createDisplay(process.stderr.isTTY, { write, now: Date.now, start: Date.now(), columns: 80 });
 * display.task({ task_id: 't', status: 'processing', progress: 42 });
 * display.end();
 */
export interface TaskDisplay {
  /** A new snapshot of the task (a change of status or progress). */
  task(task: VideoTask): void;
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
const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
// Often enough for the elapsed time and spinner to look alive, rarely enough to cost nothing.
const TICK_MS = 200;

function bar(percent: number | undefined): string {
  const filled = percent === undefined ? 0 : Math.round((percent / 100) * BAR_WIDTH);
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`;
}

function percentOf(task: VideoTask): number | undefined {
  const p = task.progress;
  return typeof p === 'number' && Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : undefined;
}

const percentText = (p: number | undefined) => (p === undefined ? '--%' : `${Math.round(p)}%`);

class LiveLine implements TaskDisplay {
  readonly #o: DisplayOptions;
  #render: ((frame: string) => string) | undefined;
  #drawn = false;
  #frame = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastDownloadKey = '';

  constructor(options: DisplayOptions) {
    this.#o = options;
  }

  task(task: VideoTask): void {
    const phase = taskPhase(task.status);
    const p = percentOf(task);
    this.#render = (frame) => {
      const icon = phase === 'succeeded' ? '✔' : phase === 'failed' ? '✖' : frame;
      return `${icon} ${task.status.padEnd(10)} ${bar(p)} ${percentText(p).padStart(4)}  ${this.#elapsed()}`;
    };
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
    this.#render = () => `↓ saving ${file} ${bar(p)} ${percentText(p).padStart(4)}  ${size}`;
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
    // \r back to the start, then erase the line: a shorter line leaves no residue.
    this.#o.write(`\r\x1b[2K${line}`);
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

  constructor(options: DisplayOptions) {
    this.#o = options;
  }

  task(task: VideoTask): void {
    const p = percentOf(task);
    const state = `${task.status}${p === undefined ? '' : ` ${Math.round(p)}%`}`;
    // One line per change, as shown: the created task and the first poll often agree.
    if (state === this.#last) return;
    this.#last = state;
    this.#o.write(`[${formatElapsed(this.#o.now() - this.#o.start)}] ${state}\n`);
  }

  // A line per chunk would flood a log; the saved file is reported once, when done.
  download(): void {}

  end(): void {}
}
