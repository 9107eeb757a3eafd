/**
 * The provider's envelope codes, and how a code is read: a string or an integer, the
 * same code either way.
 */
import type { KnownResponseCode } from '../generated.js';

/**
 * The provider's envelope codes (spec: `components.schemas.KnownResponseCode`). The
 * provider sends them as strings or integers, with HTTP 200, whatever the outcome.
 */
export const PROVIDER_CODES = {
  /** Success: `data` holds the answer. */
  success: '20000',
  /** Authentication failed: check the key. */
  authenticationFailed: '20001',
  /** Bad parameters: the request was refused (a refused create made no task). */
  badRequest: '20002',
  /** Server error: retry later (on a create, the task's fate is unknown). */
  serverError: '-1',
} as const satisfies Record<string, KnownResponseCode>;

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
