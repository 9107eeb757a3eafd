/**
 * The defaults of a download (`omni.videos.download`, `saveUrl`): in a module without
 * Node imports, so that the main entry can export them to every runtime while the
 * download itself stays behind the platform seam (src/platform/download.ts).
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
