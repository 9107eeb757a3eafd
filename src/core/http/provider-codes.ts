/**
 * The provider's envelope codes, and how a code is read: a string or an integer, the
 * same code either way.
 */
import { PROVIDER_CODES } from '../facts.js';

/**
 * The provider's envelope codes by name (spec: `KnownResponseCode.x-code-names`):
 * `success`, `authenticationFailed`, `badRequest`, `serverError`. The provider sends
 * them as strings or integers, with HTTP 200, whatever the outcome.
 *
 * @example
 * PROVIDER_CODES.authenticationFailed; // '20001'
 */
export { PROVIDER_CODES };

/** An envelope code as the text the provider means (`20000` and `"20000"` alike). */
export function codeText(code: unknown): string | undefined {
  return typeof code === 'string'
    ? code.trim()
    : typeof code === 'number' && Number.isFinite(code)
      ? String(code)
      : undefined;
}

/** Envelope codes: `"20000"` is success; the integer `20000` too. */
export function isSuccessCode(code: unknown): boolean {
  return codeText(code) === PROVIDER_CODES.success;
}
