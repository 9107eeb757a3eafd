/**
 * The per-attempt transport: the `fetch` the generated client is configured with
 * (src/core/http/client.ts). It does two things the generated client cannot:
 *
 * - It knows when a request was never handed to the network. If the runtime's fetch
 *   throws synchronously (an invalid header value, a `RequestInit` option the runtime
 *   refuses), not a byte left: the error is wrapped in {@link NotSentError}. (A
 *   `Request` the generated client cannot even build never reaches this fetch: the
 *   error interceptor sees no request at all.) Anything that fails after the hand-over
 *   (undici's `TypeError: fetch failed`, a reset) may have reached the service.
 * - It never lets a redirect be followed blindly. The client sends every request with
 *   `redirect: 'manual'`. A billed request (POST) never follows one: the 3xx is handed
 *   back (one POST, whatever the server says). A read (GET, HEAD) follows same-origin
 *   redirects, at most {@link MAX_REDIRECTS} hops, and never one to another origin,
 *   which would carry the API key there.
 */
import { operationKind } from './retry.js';

/** How many same-origin redirects a read follows before giving up. */
export const MAX_REDIRECTS = 5;

/**
 * The runtime's fetch threw before the request left: nothing was sent.
 *
 * @example
 * if (error instanceof NotSentError) console.log('safe to resend:', error.cause);
 */
export class NotSentError extends Error {
  static {
    this.prototype.name = 'NotSentError';
  }
}

/** True for an answer that is a redirect: a 3xx, or a browser's opaque one (status 0). */
export function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

/**
 * The client's fetch over `base`: notes synchronous throws as {@link NotSentError} and
 * applies the redirect rule of the request's method.
 *
 * @example
 * createConfig({ fetch: transportFetch(globalThis.fetch), redirect: 'manual' });
 */
export function transportFetch(
  base: typeof fetch,
  // What the final answer goes through before it is read (answer-cap.ts's size cap).
  guard: (response: Response, request: Request) => Response = (response) => response,
): typeof fetch {
  return async (input, init) => {
    let request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const follows = operationKind(request.method) === 'read';
    for (let hops = 0; ; hops++) {
      let pending: Promise<Response>;
      try {
        // Outside any await: a synchronous throw means nothing was sent.
        // Called on globalThis: a browser's fetch refuses any other `this`.
        pending = base.call(globalThis, request);
      } catch (cause) {
        throw new NotSentError('fetch threw before sending', { cause });
      }
      const response = await pending;
      // Only reads follow: a POST with a body would be sent again.
      if (!follows || !isRedirect(response) || hops >= MAX_REDIRECTS)
        return guard(response, request);
      const next = sameOriginTarget(response, request.url);
      if (next === undefined) return guard(response, request);
      // The redirect's own body is never read: release its connection.
      await response.body?.cancel().catch(() => undefined);
      request = new Request(next, {
        method: request.method,
        headers: request.headers,
        signal: request.signal,
        redirect: 'manual',
      });
    }
  };
}

/** The redirect's target when it stays on the request's origin, else `undefined`. */
function sameOriginTarget(response: Response, from: string): string | undefined {
  const location = response.headers.get('location');
  if (!location) return undefined;
  try {
    const target = new URL(location, from);
    return target.origin === new URL(from).origin ? target.href : undefined;
  } catch {
    return undefined;
  }
}
