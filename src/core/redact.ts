/**
 * Keeping the caller's key out of error texts. A server may echo the request's headers
 * (a gateway's debug page, a framework's error body, a failure reason); the errors built
 * from such answers end up in logs.
 *
 * Redaction is for texts only: an error's message, stack and the service's words it
 * quotes. It never touches ids, links or task data handed back: a key is an arbitrary
 * string, and rewriting every place it occurs rewrote task ids (`apiKey: 'T'`) and the
 * `expires` parameter of every video link (`apiKey: 'x'`). A false positive in a text
 * costs a garbled word; in data it cost tasks and downloads.
 */

const REDACTED = '[redacted]';
/** What the SDK appends to a text it cut: a key cut there is a prefix of the key. */
const CUT = '…';
/**
 * The shortest prefix of the key removed before a cut: shorter ones are too common to
 * tell from ordinary text, and too short to be worth anything to whoever reads them.
 */
const MIN_CUT_PREFIX = 4;

/**
 * Fields of an error that hold ids or task data handed back, never text to redact:
 * `taskId`, `requestId`, and the task snapshots (`task`, `lastTask`), whose failure
 * texts src/core/read-task.ts has already redacted.
 */
const DATA_FIELDS: ReadonlySet<string> = new Set(['taskId', 'requestId', 'task', 'lastTask']);

/**
 * `text` without `secret`: every occurrence replaced, and a beginning of it cut off by
 * an ellipsis (`sk_live_1…`, where the SDK shortened a server's text) removed too.
 *
 * @example
 * redactText('echo: Bearer sk_live_1', 'sk_live_1'); // 'echo: Bearer [redacted]'
 * redactText('echo: Bearer sk_liv…', 'sk_live_1');   // 'echo: Bearer [redacted]…'
 */
export function redactText(text: string, secret: string | undefined): string {
  if (!secret) return text;
  let clean = text.includes(secret) ? text.split(secret).join(REDACTED) : text;
  if (!clean.includes(CUT)) return clean;
  for (let at = clean.indexOf(CUT); at !== -1; at = clean.indexOf(CUT, at + 1)) {
    for (let n = Math.min(secret.length - 1, at); n >= MIN_CUT_PREFIX; n--) {
      if (clean.slice(at - n, at) !== secret.slice(0, n)) continue;
      clean = `${clean.slice(0, at - n)}${REDACTED}${clean.slice(at)}`;
      at += REDACTED.length - n;
      break;
    }
  }
  return clean;
}

/**
 * Removes `secret` from the texts an error holds, in place: its message and stack, the
 * service's words it quotes (`msg`, `reason`, ...), and the same in its `cause` chain
 * and anything nested in it, at any depth (the walk is iterative), object keys included.
 * Ids (`taskId`, `requestId`) and task snapshots are left as they are. Anything that is
 * not an object is returned unchanged.
 *
 * @example
 * redactError(err, 'sk_live_1'); // err.message, err.stack, err.msg, err.cause...: no 'sk_live_1'; err.taskId unchanged
 */
export function redactError<T>(error: T, secret: string | undefined): T {
  if (!secret || typeof error !== 'object' || error === null) return error;
  const seen = new WeakSet<object>();
  const stack: object[] = [error];
  while (stack.length > 0) {
    const value = stack.pop() as object;
    if (seen.has(value)) continue;
    seen.add(value);
    const names =
      value instanceof Error
        ? new Set([...Object.getOwnPropertyNames(value), 'message', 'stack', 'cause'])
        : Object.keys(value);
    for (const name of names) {
      if (DATA_FIELDS.has(name)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(value, name);
      if (!descriptor) continue;
      // Some engines give `stack` as an own accessor: read it, and store the clean text.
      const current: unknown =
        'value' in descriptor ? descriptor.value : (value as Record<string, unknown>)[name];
      if (typeof current === 'object' && current !== null) stack.push(current);
      const cleanName = redactText(name, secret);
      const cleaned = typeof current === 'string' ? redactText(current, secret) : current;
      if (cleaned === current && cleanName === name) continue;
      try {
        if (cleanName !== name) delete (value as Record<string, unknown>)[name];
        Object.defineProperty(value, cleanName, {
          configurable: true,
          enumerable: descriptor.enumerable ?? false,
          writable: true,
          value: cleaned,
        });
      } catch {
        // A frozen object: nothing the SDK made; leave it.
      }
    }
  }
  return error;
}
