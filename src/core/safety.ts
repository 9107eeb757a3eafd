/**
 * Checks that keep a request where it belongs and the key where it belongs, all run
 * before anything is sent.
 */
import { ValidationError } from './errors.js';
import { MAX_TIMER_MS, numberProblem } from './numbers.js';

/**
 * Refuses task ids that are empty, hold a `/`, or are `.`/`..`: the generated client
 * percent-encodes path parameters, but `.` and `..` still change the path
 * (`/videos/..` is `/`), so no id may make a request leave the videos path.
 *
 * @example
 * assertTaskId('task_01JD7'); // ok
 * assertTaskId('..');         // throws ValidationError
 */
export function assertTaskId(taskId: unknown): asserts taskId is string {
  const problem = taskIdProblem(taskId);
  if (problem) throw new ValidationError([{ path: 'taskId', message: problem }]);
}

/** Why `taskId` cannot be used in a request path, or `undefined` when it can. */
export function taskIdProblem(taskId: unknown): string | undefined {
  return typeof taskId !== 'string'
    ? 'must be a string'
    : taskId.trim() === ''
      ? 'must not be empty'
      : taskId.includes('/')
        ? 'must not contain /'
        : taskId === '.' || taskId === '..'
          ? 'must not be . or ..'
          : undefined;
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Parses `baseUrl`, refusing plain http except to a loopback host (a key sent in
 * clear text to another host is a key given away), and anything but http(s).
 *
 * @example
 * normalizeBaseUrl('http://127.0.0.1:4010/'); // 'http://127.0.0.1:4010'
 * normalizeBaseUrl('http://api.example.com'); // throws ValidationError
 */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ValidationError([
      { path: 'baseUrl', message: `must be an absolute URL, not ${JSON.stringify(baseUrl)}` },
    ]);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.test(url.hostname)))
    throw new ValidationError([
      {
        path: 'baseUrl',
        message:
          'must use https (plain http is allowed only for a loopback host such as 127.0.0.1)',
      },
    ]);
  return url.href.replace(/\/+$/, '');
}

/** True in a web page (a window with a document), false in Node, Bun, Deno and workers. */
export function isBrowser(): boolean {
  const g = globalThis as { window?: { document?: unknown }; document?: unknown };
  return typeof g.window === 'object' && g.window !== null && typeof g.window.document === 'object';
}

/**
 * Reads an environment variable (Node, Bun, Deno), or undefined when it is unset. A
 * runtime that refuses to let the variable be read (Deno without `--allow-env`) is
 * not the same as unset: treating it so would ignore the user's key and host, and
 * with a key given explicitly send it to the production host instead of the one
 * configured. So that refusal is a ValidationError naming the permission.
 *
 * @throws {ValidationError} when the environment cannot be read
 * @example
 * readEnv('JIMMYAI_BASE_URL', 'baseUrl'); // 'http://127.0.0.1:8787', or undefined
 */
export function readEnv(name: string, option: string): string | undefined {
  const g = globalThis as {
    process?: { env?: Record<string, string | undefined> };
    Deno?: { env?: { get(n: string): string | undefined } };
  };
  try {
    return g.process?.env?.[name] ?? g.Deno?.env?.get(name) ?? undefined;
  } catch (error) {
    const reason = String((error as Error)?.message ?? error).split('\n')[0];
    throw new ValidationError([
      {
        path: name,
        message:
          `cannot be read: the runtime denied access to the environment (${reason}). ` +
          `On Deno, grant it with --allow-env=${name} (or --allow-env), or pass { ${option} } to new Omni().`,
      },
    ]);
  }
}

/** The numeric options of the client and of each request, and what they must be. */
export const REQUEST_NUMBERS = { positive: ['timeoutMs'], counts: ['maxRetries'] } as const;

/**
 * Refuses numeric options that make no sense (a negative timeout, a fractional retry
 * count, a timeout too long for a timer), before anything is sent. `positive`: finite
 * numbers above 0 (and, for names ending in `Ms`, at most {@link MAX_TIMER_MS});
 * `counts`: whole numbers from 0.
 *
 * @throws {ValidationError} naming each bad option
 * @example
 * assertNumericOptions({ timeoutMs: -1 }, { positive: ['timeoutMs'] }); // throws
 * assertNumericOptions({ timeoutMs: 2 ** 31 }, { positive: ['timeoutMs'] }); // throws: over the timer limit
 */
export function assertNumericOptions(
  options: object,
  rules: { positive?: readonly string[]; counts?: readonly string[] },
): void {
  const values = options as Record<string, unknown>;
  const issues: { path: string; message: string }[] = [];
  for (const name of rules.positive ?? []) {
    const value = values[name];
    const problem = value === undefined ? undefined : numberProblem(value, 'positive');
    if (problem) issues.push({ path: name, message: `${problem}, not ${String(value)}` });
    else if (name.endsWith('Ms') && typeof value === 'number' && value > MAX_TIMER_MS)
      issues.push({
        path: name,
        message: `must be at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest delay a JavaScript timer keeps), not ${value}`,
      });
  }
  for (const name of rules.counts ?? []) {
    const value = values[name];
    const problem = value === undefined ? undefined : numberProblem(value, 'count');
    if (problem) issues.push({ path: name, message: `${problem}, not ${String(value)}` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * The options argument of a public method: `{}` when omitted, the object itself when it
 * is one, else a ValidationError naming the argument (a `null` would otherwise surface
 * as a raw TypeError from deep inside).
 *
 * @example
 * optionsObject(undefined, 'options'); // {}
 * optionsObject(null, 'options');      // throws ValidationError on `options`
 */
export function optionsObject<T extends object>(
  value: T | null | undefined,
  name: string,
  subject?: string,
): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ValidationError(
      [
        {
          path: name,
          message: `must be an options object or omitted, not ${describeValue(value)}`,
        },
      ],
      subject === undefined ? {} : { subject },
    );
  return value;
}

/** A value named for a message without quoting it whole (it may be large or secret). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string'
    ? 'a string'
    : typeof value === 'object'
      ? 'an object'
      : `${typeof value} ${String(value)}`;
}

// What a header value may hold, narrowed to what a key can sensibly hold: visible
// ASCII. A line break or a control character is refused by fetch deep inside the
// request (with the value in its message); anything else outside ASCII is not a key.
const KEY_CHARACTERS = /^[\x21-\x7e]+$/;

/**
 * Why an API key cannot be sent in an `Authorization` header, or `undefined`. The
 * answer never quotes the key.
 *
 * @example
 * apiKeyProblem('sk_live_1'); // undefined
 * apiKeyProblem('sk_live_1\n'); // 'holds a line break, ...'
 */
export function apiKeyProblem(key: string): string | undefined {
  if (KEY_CHARACTERS.test(key)) return undefined;
  if (/[\r\n]/.test(key))
    return 'holds a line break (read from a file? trim it); a header value cannot carry one';
  if (/\s/.test(key)) return 'holds a space or tab; a key is one word';
  return 'holds a control or non-ASCII character, which cannot be sent in a header';
}
