/**
 * The platform seam: what the SDK's file-system features need from the runtime, and
 * one implementation per kind of runtime, chosen when the package is built (never by
 * a dynamic import):
 *
 * - `node.ts`: Node, Bun and Deno (the `node`, `bun` and `deno` export conditions):
 *   static `node:` imports that every bundler and runtime sees.
 * - `browser.ts`: browsers and the `default` condition: no Node code at all; each
 *   file-system feature fails with its own typed error, before anything is sent.
 *
 * Each also provides the default fetch for API requests ({@link ApiFetch}),
 * {@link SaveUrl}: saving a video (src/platform/download.ts, imported by node.ts only, so that
 * none of it reaches a browser bundle), {@link OpenPath}: reading a local file to upload
 * it (src/platform/read-path.ts, likewise), and the tracing channels of
 * src/core/observe/trace.ts ({@link TraceChannelOf}): Node's `diagnostics_channel` on
 * servers, none in a browser.
 *
 * The source (tests, the typechecker) always sees node.ts; scripts/build-options.mjs
 * swaps in browser.ts for the browser build. A new Node-only capability is a new
 * member here, implemented in both files.
 */

/**
 * The fetch the API requests go through when the caller gave none (late-bound, so a
 * fetch patched after import is still used).
 *
 * @example
 * createConfig({ baseUrl, fetch: options.fetch ?? apiFetch });
 */
export type ApiFetch = typeof fetch;

/**
 * Opens a local file by its path, to upload it: src/platform/read-path.ts's `openPath` in
 * node.ts; in browser.ts, a ValidationError saying to pass a Blob or File.
 *
 * @example
 * const source = await openPath('./cat.png');
 */
export type OpenPath = typeof import('./read-path.js').openPath;

/**
 * Saves a video to a file: src/platform/download.ts's `saveUrl` in node.ts; in browser.ts, a
 * DownloadError saying that downloads need a file system.
 *
 * @example
 * const result = await saveUrl(url, 'out/fox.mp4', { taskId });
 */
export type SaveUrl = typeof import('./download.js').saveUrl;

// In a file of their own, free of Node's types: the public declarations reach them
// (src/core/observe/trace.ts), and those need no @types/node.
export type { TraceChannel, TraceChannelOf } from './trace-channel.js';
