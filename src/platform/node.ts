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

let builtins: NodeFileSystem | undefined;

/**
 * The Node built-ins; never refuses here.
 *
 * @example
 * const { rename, join } = fileSystem((reason) => new DownloadError(reason));
 */
export const fileSystem: FileSystemAccess = () =>
  (builtins ??= {
    randomBytes,
    pid: () => process.pid,
    processRunning,
    removeOnExit,
    ...fs,
    ...fsp,
    ...path,
    ...stream,
    ...streamp,
  });

// Web Crypto rather than node:crypto: importing node:crypto costs start-up (measured
// 5-20 ms, bench/RESULTS.md) for the few bytes of a temporary file's name.
function randomBytes(size: number): Buffer {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(size)));
}

function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const removedOnExit = new Set<string>();
function removeOnExit(file: string): () => void {
  // One listener for the whole process, added on first use: 'exit' listeners run even
  // when a second signal calls process.exit() while the first one's cleanup is pending.
  if (removedOnExit.size === 0 && !process.listeners('exit').includes(removeAll))
    process.on('exit', removeAll);
  removedOnExit.add(file);
  return () => void removedOnExit.delete(file);
}
function removeAll(): void {
  for (const file of removedOnExit) {
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // Best effort at exit: the next download into that folder removes it as stale.
    }
  }
}

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
