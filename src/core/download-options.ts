/**
 * The options of a download (`omni.videos.download`, and `saveUrl` behind the platform
 * seam, which adds its own) and their defaults: in a module without Node imports, so
 * that the main entry can export them to every runtime while the download itself stays
 * behind the seam (src/platform/download.ts).
 */

/**
 * The whole download's deadline by default, in ms: 30 minutes (500 MB at 300 kB/s).
 *
 * @example
 * import { DEFAULT_DOWNLOAD_TIMEOUT_MS } from 'jimmyai-omni';
 * await omni.videos.download(task, 'fox.mp4', { timeoutMs: 2 * DEFAULT_DOWNLOAD_TIMEOUT_MS });
 */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 30 * 60_000;
/** How long a download may go without a byte by default. */
export const DEFAULT_STALL_TIMEOUT_MS = 60_000;
/** How many times a download cut off is taken up again by default. */
export const DEFAULT_MAX_RESUMES = 5;

/**
 * Options of `omni.videos.download`.
 *
 * @example
 * await omni.videos.download(task, 'fox.mp4', { overwrite: true, timeoutMs: 10 * 60_000, onProgress: (n, total) => console.log(n, total) });
 */
export interface DownloadOptions {
  signal?: AbortSignal | undefined;
  /** Replace an existing file at the destination. @default false */
  overwrite?: boolean | undefined;
  /**
   * Called as bytes arrive; `total` is the announced length, when there is one. A
   * promise it returns is awaited; if it throws or rejects, the download stops,
   * nothing is left on disk, and `download` rejects with a `CallbackError`. `bytes`
   * never goes down, across resumes too: after a restart from byte 0 (a host that
   * ignores ranges, a changed file), reports pause until the new transfer passes the
   * count already reported.
   */
  onProgress?: ((bytes: number, total: number | undefined) => unknown) | undefined;
  /**
   * The whole download's deadline, from the first request (a look at the task for its
   * link included) until the file is in place; past it, a `DownloadTimeoutError`. The
   * client's `timeoutMs` is each API request's and does not apply here.
   * @default 1800000 (30 min: 500 MB at 300 kB/s)
   */
  timeoutMs?: number | undefined;
  /**
   * Gives up with a `DownloadTimeoutError` when no byte arrives for this long (a host
   * that trickles or hangs).
   * @default 60000
   */
  stallTimeoutMs?: number | undefined;
  /**
   * How many times a download cut off is taken up again, from the bytes already
   * written (`Range`, with `If-Range` so that a changed video starts over). `0` turns
   * resuming off.
   * @default 5
   */
  maxResumes?: number | undefined;
}
