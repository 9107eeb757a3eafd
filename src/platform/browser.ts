/**
 * The platform seam for browsers and the `default` export condition (see types.ts): no
 * Node code. File-system features refuse with their own typed error.
 */
import { DownloadError, ValidationError } from '../core/errors.js';
import type { ApiFetch, OpenPath, SaveUrl, TraceChannelOf } from './types.js';

const NO_FILE_SYSTEM =
  'needs a file system (Node, Bun or Deno); this is the browser build of jimmyai-omni. ' +
  'In a web page, use result.video_url of the task directly (a <video> src or a link).';

/**
 * Always refuses, before anything is sent: a web page has no file to read by its path.
 *
 * @example
 * await openPath('./cat.png'); // rejects with a ValidationError: pass a Blob or File
 */
export const openPath: OpenPath = async () => {
  throw new ValidationError([
    { path: 'file', message: `a path ${NO_FILE_SYSTEM}; pass a Blob or File` },
  ]);
};

/**
 * Always refuses, with the task's id: a web page cannot save a file.
 *
 * @example
 * await saveUrl(url, 'fox.mp4', { taskId }); // rejects with a DownloadError
 */
export const saveUrl: SaveUrl = async (_link, _destPath, options = {}) => {
  throw new DownloadError(`Saving a video ${NO_FILE_SYSTEM}`, { taskId: options.taskId });
};

/**
 * The page's fetch, looked up at call time.
 *
 * @example
 * const response = await apiFetch(request);
 */
export const apiFetch: ApiFetch = (input, init) => fetch(input, init);

/**
 * None: a web page has no `diagnostics_channel`, and the browser build must not import
 * one. Logging (the `logger` option) works everywhere.
 *
 * @example
 * traceChannelOf('jimmyai-omni:create'); // undefined
 */
export const traceChannelOf: TraceChannelOf = () => undefined;
