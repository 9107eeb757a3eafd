/** The `{ code, msg, data }` envelope every JSON answer of the API is wrapped in. */

import { PROVIDER_CODES } from '../core/facts.js';

/** The envelope code meaning success. */
export const SUCCESS_CODE = PROVIDER_CODES.success;

/**
 * The provider's documented codes (spec: `KnownResponseCode.x-code-names`): the only
 * codes the sandbox answers with.
 *
 * @example
 * expect(body.code).toBe(PROVIDER_CODES.authenticationFailed); // '20001'
 */
export { PROVIDER_CODES };

/**
 * The code of each error the sandbox sends, by what went wrong: always one of the
 * provider's ({@link PROVIDER_CODES}). The HTTP status says the rest, as a gateway in
 * front of the service would (the provider documents no finer codes).
 *
 * @example
 * expect(body.code).toBe(ERROR_CODES.notFound); // '20002'
 */
export const ERROR_CODES = {
  /** 400: the body is not JSON or breaks the spec (see `data.violations`). */
  badRequest: PROVIDER_CODES.badRequest,
  /** 401: no bearer key, or a key the sandbox does not accept. */
  unauthorized: PROVIDER_CODES.authenticationFailed,
  /** 403: a media link whose signature is wrong or which has expired. */
  forbidden: PROVIDER_CODES.badRequest,
  /** 404: no such task, media or route. */
  notFound: PROVIDER_CODES.badRequest,
  /** 405: a known path with another method. */
  methodNotAllowed: PROVIDER_CODES.badRequest,
  /** 413: a body over 1 MiB. */
  payloadTooLarge: PROVIDER_CODES.badRequest,
  /** 415: a create body not sent as `application/json`. */
  unsupportedMediaType: PROVIDER_CODES.badRequest,
  /** 429: the `rate-limit` fault. */
  tooManyRequests: PROVIDER_CODES.serverError,
  /** 500: the `server-error` fault, or a sandbox bug. */
  internal: PROVIDER_CODES.serverError,
  /** 503: the `unavailable` fault. */
  unavailable: PROVIDER_CODES.serverError,
} as const;

/** The envelope. */
export interface Envelope<T = unknown> {
  /** A string, as the docs show; the provider's backend also sends integers. */
  code: string | number;
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
  code: string | number,
  msg: string,
  data: unknown = null,
  headers: Record<string, string> = {},
): Reply {
  return jsonReply(status, { code, msg, data }, headers);
}
