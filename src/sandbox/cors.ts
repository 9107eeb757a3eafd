/**
 * CORS, so that a web app on its dev server's origin can use the sandbox: preflights
 * are answered, and every answer to a request with an `Origin` allows that origin.
 * The real API's CORS policy is not documented; a page should call it through its own
 * server anyway (a key in a page is a key given away).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers a page may read from an answer (the SDK reads `retry-after`). */
const EXPOSED = 'retry-after, x-request-id, content-length';

/**
 * Sets the CORS headers on `res` for a request with an `Origin`, and answers a
 * preflight (`OPTIONS` with `Access-Control-Request-Method`) at once with 204.
 * Returns true when the request was a preflight and has been answered.
 * @internal
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  const method = req.headers['access-control-request-method'];
  if (req.method !== 'OPTIONS' || method === undefined) {
    res.setHeader('access-control-expose-headers', EXPOSED);
    return false;
  }
  res.setHeader('access-control-allow-methods', 'GET, HEAD, POST, OPTIONS');
  res.setHeader(
    'access-control-allow-headers',
    req.headers['access-control-request-headers'] ?? 'authorization, content-type',
  );
  res.setHeader('access-control-max-age', '600');
  res.writeHead(204).end();
  // The body of a preflight is never read: drain it so the socket can be reused.
  req.resume();
  return true;
}
