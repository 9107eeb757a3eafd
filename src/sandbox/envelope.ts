/** The `{ code, msg, data }` envelope every JSON answer of the API is wrapped in. */

/** The envelope code meaning success. */
export const SUCCESS_CODE = '20000';

/**
 * The error codes the sandbox answers with. The provider does not list its codes;
 * these follow the spec's examples (HTTP status × 100).
 *
 * @example
 * expect(body.code).toBe(ERROR_CODES.notFound); // '40400'
 */
export const ERROR_CODES = {
  /** 400: the body is not JSON or breaks the spec (see `data.violations`). */
  badRequest: '40000',
  /** 401: no bearer key, or a key the sandbox does not accept. */
  unauthorized: '40100',
  /** 403: a media link whose signature is wrong or which has expired. */
  forbidden: '40300',
  /** 404: no such task, media or route. */
  notFound: '40400',
  /** 405: a known path with another method. */
  methodNotAllowed: '40500',
  /** 413: a body over 1 MiB. */
  payloadTooLarge: '41300',
  /** 415: a create body not sent as `application/json`. */
  unsupportedMediaType: '41500',
  /** 429: the `rate-limit` fault. */
  tooManyRequests: '42900',
  /** 500: the `server-error` fault, or a sandbox bug. */
  internal: '50000',
  /** 503: the `unavailable` fault. */
  unavailable: '50300',
  /** HTTP 200 with this code: the `error-envelope-200` fault's default. */
  insufficientBalance: '40001',
} as const;

/** The envelope. */
export interface Envelope<T = unknown> {
  code: string;
  msg: string;
  data: T;
}

/** An answer, built by a route and sent (or damaged) by `deliver`. @internal */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** @internal */
export function jsonReply(
  status: number,
  envelope: Envelope,
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store', ...headers },
    body: Buffer.from(JSON.stringify(envelope)),
  };
}

/** @internal */
export function okReply(data: unknown): Reply {
  return jsonReply(200, { code: SUCCESS_CODE, msg: 'ok', data });
}

/** @internal */
export function errorReply(
  status: number,
  code: string,
  msg: string,
  data: unknown = null,
  headers: Record<string, string> = {},
): Reply {
  return jsonReply(status, { code, msg, data }, headers);
}
