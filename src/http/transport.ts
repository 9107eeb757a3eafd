/**
 * The fetch every API request goes through, one per attempt. It does two things the
 * generated client cannot:
 *
 * - It notes whether the request was handed to the network at all. The generated client
 *   builds a `Request` before calling fetch; if that throws (an invalid header value, a
 *   runtime that refuses a `RequestInit` option, as Deno refuses hey-api's `client`), or
 *   if fetch itself throws synchronously, not a byte left: the attempt is "not sent",
 *   whatever the error looks like. Anything that fails after the hand-over (undici's
 *   `TypeError: fetch failed`, a reset) may have reached the service.
 * - It never lets a redirect be followed blindly. Every request is sent with
 *   `redirect: 'manual'`. A create (POST, billed) never follows one: the 3xx is handed
 *   back as an outcome (one POST, whatever the server says). A read (GET) follows
 *   same-origin redirects, at most {@link MAX_REDIRECTS} hops, and never one to another
 *   origin, which would carry the API key there.
 */
import type { Operation } from './retry.js';

/** How many same-origin redirects a read follows before giving up. */
export const MAX_REDIRECTS = 5;

/** What one attempt's fetch saw. */
export interface DispatchState {
  /** The request was handed to the underlying fetch without a synchronous throw. */
  dispatched: boolean;
}

/** True for an answer that is a redirect: a 3xx, or a browser's opaque one (status 0). */
export function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

/**
 * A fetch for one attempt: records in `state` whether the request left, and applies the
 * redirect rule of `operation`.
 *
 * @example
 * const state = { dispatched: false };
 * await attemptFetch(globalThis.fetch, 'retrieve', state)(request);
 */
export function attemptFetch(
  base: typeof fetch,
  operation: Operation,
  state: DispatchState,
  // What the final answer goes through before it is read (answer-cap.ts's size cap).
  guard: (response: Response, request: Request) => Response = (response) => response,
): typeof fetch {
  return async (input, init) => {
    let request = input instanceof Request && init === undefined ? input : new Request(input, init);
    for (let hops = 0; ; hops++) {
      // Called outside any await: a synchronous throw means nothing was sent.
      // Called on globalThis: a browser's fetch refuses any other `this`.
      const pending = base.call(globalThis, request);
      state.dispatched = true;
      const response = await pending;
      // Only reads follow: a create or an upload (a POST with a body) would be sent again.
      if (operation !== 'retrieve' || !isRedirect(response) || hops >= MAX_REDIRECTS)
        return guard(response, request);
      const next = sameOriginTarget(response, request.url);
      if (next === undefined) return guard(response, request);
      // The redirect's own body is never read: release its connection.
      await response.body?.cancel().catch(() => undefined);
      request = new Request(next, {
        method: 'GET',
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
