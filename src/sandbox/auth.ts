/** Bearer auth for the API routes (the media route takes no key). */
import { ERROR_CODES, errorReply, type Reply } from './envelope.js';

const CHALLENGE = { 'www-authenticate': 'Bearer' };

/**
 * The 401 envelope for a missing or refused key, or `null` when the key is accepted:
 * any non-empty key when `apiKeys` is undefined, else one of `apiKeys`.
 */
export function checkAuth(
  authorization: string | undefined,
  apiKeys: readonly string[] | undefined,
): Reply | null {
  const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (key === undefined)
    return errorReply(401, ERROR_CODES.unauthorized, 'missing api key', null, CHALLENGE);
  if (apiKeys && !apiKeys.includes(key))
    return errorReply(401, ERROR_CODES.unauthorized, 'invalid api key', null, CHALLENGE);
  return null;
}
