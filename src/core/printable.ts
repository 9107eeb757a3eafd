/**
 * Text that came from outside (the service's `msg`, `status`, `error_message`, a task
 * id or a video link; a request path in the sandbox's log) is data, never commands for
 * the terminal. An ESC in it could clear the screen, retitle the window, write the
 * clipboard (OSC 52) or forge a hyperlink; a CR could overwrite the line before it;
 * bidirectional overrides could reorder what people read. Every such character is
 * shown as a visible escape (`\x1b`, `\u202e`) instead, so nothing is hidden either.
 */

import { jsonText } from './json-text.js';

// C0 controls (but tab and, where allowed, line feed), DEL, C1 controls (U+009B is a
// CSI on its own), the line and paragraph separators, and the bidi embeddings,
// overrides and isolates.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_KEEPING_LINES =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The same set, for JSON text: JSON.stringify escapes C0 itself, not the rest.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every terminal control character shown as a visible escape. Line feeds
 * are kept when `lines` is true (the CLI's own multi-line messages); a single-line
 * field (a status, a live progress line) passes `lines: false`.
 *
 * @example
 * printable('done\x1b]0;pwned\x07'); // 'done\\x1b]0;pwned\\x07'
 * printable('a\nb', { lines: false }); // 'a\\x0ab'
 */
export function printable(text: string, { lines = true }: { lines?: boolean } = {}): string {
  return text.replace(lines ? UNSAFE_KEEPING_LINES : UNSAFE, visible);
}

/**
 * Whether `text` holds a character {@link printable} would escape on a single line.
 *
 * @example
 * hasControl('task_1'); // false
 * hasControl('task_1\nSaved x'); // true
 */
export function hasControl(text: string): boolean {
  // A copy without the g flag: test() on a global regex would resume from lastIndex.
  return new RegExp(UNSAFE.source).test(text);
}

/**
 * A template tag for the CLI's messages: every interpolated value (a task id, a link,
 * the service's text) is shown on one line with {@link printable}, so that a line feed
 * in it cannot start a line of its own (a second "id", a forged "Saved …" line), while
 * the message's own line feeds stay.
 *
 * @example
 * escaped`Created task ${'task_1\nSaved /etc/passwd'}.`; // 'Created task task_1\\x0aSaved /etc/passwd.'
 */
export function escaped(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = strings[0] as string;
  for (const [i, value] of values.entries())
    text += printable(String(value), { lines: false }) + (strings[i + 1] as string);
  return text;
}

/**
 * A value as one line of JSON whose every character is safe on a terminal: what
 * JSON.stringify leaves raw (DEL, C1 controls, bidi overrides) is written as `\uXXXX`,
 * which any JSON reader decodes back to the same string.
 *
 * @example
 * printableJson({ status: '\u009b2J' }); // '{"status":"\\u009b2J"}'
 */
export function printableJson(value: unknown, indent?: number): string {
  return anyDepthJson(value, indent).replace(
    UNSAFE_IN_JSON,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * JSON.stringify, at any depth: the service may send a field nested thousands of levels
 * deep, past what the recursive JSON.stringify can walk (a RangeError). The common case
 * stays the built-in; the rare deep value is written by the iterative writer
 * (json-text.ts), whole and with the same text.
 */
function anyDepthJson(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value, null, indent);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return jsonText(value, Infinity, { indent });
  }
}
