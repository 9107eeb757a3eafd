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
 * none of it reaches a browser bundle), and the tracing channels of
 * src/core/observe/trace.ts ({@link TraceChannelOf}): Node's `diagnostics_channel` on
 * servers, none in a browser.
 *
 * The source (tests, the typechecker) always sees node.ts; scripts/build-options.mjs
 * swaps in browser.ts for the browser build. A new Node-only capability (reading a
 * local file to upload it, say) is a new member here, implemented in both files.
 */
import type * as fs from 'node:fs';
import type * as fsp from 'node:fs/promises';
import type * as path from 'node:path';
import type * as stream from 'node:stream';
import type * as streamp from 'node:stream/promises';

/** `{ ...A, ...B }`: B's members win. */
type Spread<A, B> = Omit<A, keyof B> & B;

/** The Node built-ins available through {@link FileSystemAccess} (promise APIs win over callback ones). */
export type NodeFileSystem = Spread<
  Spread<Spread<Spread<typeof fs, typeof fsp>, typeof path>, typeof stream>,
  typeof streamp
>;

/**
 * The fetch the API requests go through when the caller gave none (late-bound, so a
 * fetch patched after import is still used).
 *
 * @example
 * createConfig({ baseUrl, fetch: options.fetch ?? apiFetch });
 */
export type ApiFetch = typeof fetch;

/**
 * Gives a file-system feature the Node built-ins, or throws the error `refuse` makes
 * from a sentence such as "needs a file system (Node, Bun or Deno) ...".
 *
 * @example
 * const { createWriteStream } = fileSystem((reason) => new DownloadError(`Saving a video ${reason}`));
 */
export type FileSystemAccess = (refuse: (reason: string) => Error) => NodeFileSystem;

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
