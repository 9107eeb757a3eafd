/**
 * The typed error for an answer that says "error": by HTTP status when a gateway sent
 * one, by the provider's code when the service answered with HTTP 200.
 */
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '../errors.js';
import { codeText, PROVIDER_CODES } from './provider-codes.js';
import { parseRetryAfter } from './retry.js';
import { jsonText } from '../json-text.js';

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-trace-id'];
/**
 * The service's id of the request, from the first header that carries one: what support
 * asks for. Errors, log lines and trace contexts all read it here.
 *
 * @example
 * requestIdOf(response); // 'req_8f2c' (from x-request-id), or undefined
 */
export function requestIdOf(response: Response): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = response.headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/** The most of a server's text an error message quotes. */
const SNIPPET_CHARS = 200;

/**
 * The start of a server's answer (or of one of its texts) for an error message: at most
 * 200 characters, whatever its size or depth (see src/core/json-text.ts).
 *
 * @example
 * snippet({ code: '50000', msg: 'busy' }); // '{"code":"50000","msg":"busy"}'
 */
export function snippet(body: unknown): string {
  if (body === undefined) return '';
  if (typeof body !== 'string') return jsonText(body, SNIPPET_CHARS);
  return body.length > SNIPPET_CHARS ? `${body.slice(0, SNIPPET_CHARS)}…` : body;
}

/** The typed error for an error answer (any status) carrying `code`/`msg` or a raw body. */
export function apiError(
  status: number,
  body: unknown,
  response: Response,
  ctx: { now: number; taskId?: string | undefined },
): ApiError {
  const envelope =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  const code = envelope ? codeText(envelope.code) : undefined;
  const empty =
    body === undefined || body === '' || (envelope && Object.keys(envelope).length === 0);
  const msg =
    envelope && typeof envelope.msg === 'string' ? envelope.msg : empty ? undefined : snippet(body);
  const details = {
    status,
    code,
    msg,
    requestId: requestIdOf(response),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), ctx.now),
    taskId: ctx.taskId,
  };
  // The message quotes at most a snippet of the service's msg; `msg` keeps it whole.
  const said = `HTTP ${status}${code ? `, code ${code}` : ''}${msg ? `: ${snippet(msg)}` : ''}`;
  // Gateways in front of the service speak HTTP; the service itself speaks its codes,
  // with HTTP 200. An HTTP error status decides; with 2xx, the code does.
  const ok = status >= 200 && status < 300;
  if (status === 401 || (ok && code === PROVIDER_CODES.authenticationFailed))
    return new AuthenticationError(
      `The API key was refused (${said}). Check JIMMYAI_API_KEY or the apiKey option.`,
      details,
    );
  if (status === 400 || (ok && code === PROVIDER_CODES.badRequest))
    return new BadRequestError(
      `The service refused the request (${said}). Nothing was done: fix the request before sending it again.`,
      details,
    );
  if (status === 403)
    return new PermissionDeniedError(
      `Not allowed (${said}). Check that the key may use this model.`,
      details,
    );
  if (status === 404)
    return new NotFoundError(
      `Not found (${said}). Check the task id and that it belongs to this key.`,
      details,
    );
  if (status === 429)
    return new RateLimitError(
      `Rate limited (${said}). Slow down, or retry after the time the service asks.`,
      details,
    );
  if (status >= 500 || (ok && code === PROVIDER_CODES.serverError))
    return new InternalServerError(
      `The service failed (${said}). This is usually brief; try again.`,
      details,
    );
  if (status >= 300 && status < 400)
    return new ApiError(
      `The service answered with a redirect (${said}${redirectTarget(response)}), which is not followed: ` +
        'a create never follows one, a read only to the same origin. Check baseUrl.',
      details,
    );
  if (response.type === 'opaqueredirect')
    return new ApiError(
      'The service answered with a redirect, which is not followed (this runtime hides its target). Check baseUrl.',
      details,
    );
  return new ApiError(`The service answered with an error (${said}).`, details);
}

function redirectTarget(response: Response): string {
  const location = response.headers.get('location');
  return location ? ` to ${snippet(location)}` : '';
}
