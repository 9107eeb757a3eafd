/**
 * Keeping the caller's key out of everything the SDK keeps of an answer. A server may
 * echo the request's headers (a gateway's debug page, a framework's error body); the
 * errors built from such answers end up in logs.
 */

const REDACTED = '[redacted]';

/**
 * Removes every occurrence of `secret` from what an error (or an answer's data) holds:
 * messages, stacks, string fields, nested objects and the `cause` chain, in place. A
 * server may echo the request's headers in an error body; what the SDK keeps of it must
 * not carry the caller's key into logs.
 *
 * @example
 * redactSecret(err, 'sk_live_1'); // err.message, err.stack, err.msg, err.cause...: no 'sk_live_1'
 */
export function redactSecret<T>(value: T, secret: string | undefined): T {
  if (!secret) return value;
  return scrub(value, secret, new WeakSet(), 0) as T;
}

function scrub(value: unknown, secret: string, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string')
    return value.includes(secret) ? value.split(secret).join(REDACTED) : value;
  if (typeof value !== 'object' || value === null || depth > 8 || seen.has(value)) return value;
  seen.add(value);
  const names =
    value instanceof Error
      ? new Set([...Object.getOwnPropertyNames(value), 'message', 'stack', 'cause'])
      : Object.keys(value);
  for (const name of names) {
    const descriptor = Object.getOwnPropertyDescriptor(value, name);
    if (!descriptor) continue;
    // Some engines give `stack` as an own accessor: read it, and store the clean text.
    const current: unknown =
      'value' in descriptor ? descriptor.value : (value as Record<string, unknown>)[name];
    const cleaned = scrub(current, secret, seen, depth + 1);
    if (cleaned === current) continue;
    try {
      Object.defineProperty(value, name, {
        configurable: true,
        enumerable: descriptor.enumerable ?? false,
        writable: true,
        value: cleaned,
      });
    } catch {
      // A frozen object: nothing the SDK made; leave it.
    }
  }
  return value;
}
