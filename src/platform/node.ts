/**
 * The platform seam for Node, Bun and Deno (see types.ts): static `node:` imports, so
 * bundlers targeting a server resolve them and runtimes load them as usual.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import * as stream from 'node:stream';
import * as streamp from 'node:stream/promises';
import type { ApiFetch, FileSystemAccess, NodeFileSystem } from './types.js';

/**
 * Saves a video to disk: src/download.ts, which only this side of the seam imports.
 *
 * @example
 * await saveUrl(url, 'out/fox.mp4', { taskId });
 */
export { saveUrl } from '../download.js';

let builtins: NodeFileSystem | undefined;

/**
 * The Node built-ins; never refuses here.
 *
 * @example
 * const { rename, join } = fileSystem((reason) => new DownloadError(reason));
 */
export const fileSystem: FileSystemAccess = () =>
  (builtins ??= { ...fs, ...fsp, ...path, ...stream, ...streamp });

interface DenoHttp {
  createHttpClient(options: { poolMaxIdlePerHost: number }): unknown;
}
let freshConnections: unknown;

/**
 * The runtime's fetch. On Deno, a POST (the billed create) goes over a connection of
 * its own: Deno's HTTP client silently resends a request whose reused keep-alive
 * connection was reset, even after the server processed it (seen with the sandbox's
 * `reset-after` fault: two tasks made from one create). A fresh connection is never
 * retried so. Reads keep the pooled connections.
 *
 * @example
 * const response = await apiFetch(new Request(url, { method: 'POST', body }));
 */
export const apiFetch: ApiFetch = (input, init) => {
  const deno = (globalThis as { Deno?: DenoHttp }).Deno;
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  if (!deno || method.toUpperCase() !== 'POST') return fetch(input, init);
  freshConnections ??= deno.createHttpClient({ poolMaxIdlePerHost: 0 });
  return fetch(input, { ...init, client: freshConnections } as RequestInit);
};
