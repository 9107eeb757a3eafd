/**
 * The platform seam for Node, Bun and Deno (see types.ts): static `node:` imports, so
 * bundlers targeting a server resolve them and runtimes load them as usual.
 */
import * as diagnostics from 'node:diagnostics_channel';
import type { ApiFetch, TraceChannel, TraceChannelOf } from './types.js';

/**
 * Saves a video to disk: src/platform/download.ts, which only this side of the seam imports.
 *
 * @example
 * await saveUrl(url, 'out/fox.mp4', { taskId });
 */
export { saveUrl } from './download.js';

/**
 * Opens a local file to upload it: src/platform/read-path.ts, which only this side of
 * the seam imports (a static import, so that no bundle wraps modules for a lazy load).
 *
 * @example
 * const source = await openPath('./cat.png'); // { name: 'cat.png', size, stream }
 */
export { openPath } from './read-path.js';

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

/**
 * Node's tracing channel of `name` (Bun and Deno have `node:diagnostics_channel` too), or
 * `undefined` on a runtime without `tracingChannel`. A namespace import, so that such a
 * runtime loads this module all the same. Loading it costs nothing measurable: Node's
 * own fetch (undici) has loaded it already.
 *
 * @example
 * traceChannelOf('jimmyai-omni:create')?.hasSubscribers; // false until someone subscribes
 */
export const traceChannelOf: TraceChannelOf = (name) => {
  if (typeof diagnostics.tracingChannel !== 'function') return undefined;
  const channel = diagnostics.tracingChannel(name);
  const parts = [channel.start, channel.end, channel.asyncStart, channel.asyncEnd, channel.error];
  const traced: TraceChannel = {
    // Each part checked: TracingChannel's own hasSubscribers is missing before Node 20.13.
    get hasSubscribers() {
      for (const part of parts) if (part.hasSubscribers) return true;
      return false;
    },
    tracePromise: (fn, context) => channel.tracePromise(fn, context),
  };
  return traced;
};
