/**
 * JSON text of any value, at any depth: the one iterative JSON writer. `JSON.stringify`
 * recurses: an answer nesting a few thousand levels deep (10 kB are enough) overflows
 * the stack with a raw `RangeError`, and a huge one is turned into text whole before
 * being cut. This walk keeps its own stack, and with `maxChars` it stops as soon as it
 * has that many characters, so its cost is bounded by what it prints. It serves both
 * the short snippets of server values in messages (bounded, one line) and the CLI's
 * `--json` output of a deep task (whole, indented as `JSON.stringify` would).
 */

/** How {@link jsonText} lays its text out. */
export interface JsonTextOptions {
  /**
   * Spaces per level, as `JSON.stringify`'s third argument (at most 10).
   * @default undefined (one line)
   */
  indent?: number;
}

/** A work item: text to emit (closing a container), or a value still to write. */
type Item = { text: string; closes?: object } | { value: unknown; depth: number };

/**
 * `value` as JSON text of at most `maxChars` characters (then `…` is appended), without
 * recursion. It writes what `JSON.stringify(value, null, indent)` writes (`toJSON` is
 * called, what JSON cannot hold is left out of objects and written `null` in arrays),
 * except where that would throw: a value met again on its own path is written
 * `"[circular]"`, a bigint as its digits.
 *
 * @example
 * jsonText({ a: [1, 'x'] }, 100); // '{"a":[1,"x"]}'
 * jsonText(JSON.parse('['.repeat(5000) + ']'.repeat(5000)), 12); // '[[[[[[[[[[[[…'
 * jsonText({ a: 1 }, Infinity, { indent: 2 }); // '{\n  "a": 1\n}'
 */
export function jsonText(
  value: unknown,
  maxChars: number,
  { indent }: JsonTextOptions = {},
): string {
  const gap = ' '.repeat(Math.max(0, Math.min(10, Math.floor(indent ?? 0))));
  const newline = (depth: number) => (gap ? `\n${gap.repeat(depth)}` : '');
  let out = '';
  const stack: Item[] = [{ value: withToJson(value, ''), depth: 0 }];
  // The containers on the current path, to write a cycle once instead of forever.
  const open = new Set<object>();
  while (stack.length > 0 && out.length <= maxChars) {
    const item = stack.pop() as Item;
    if ('text' in item) {
      out += item.text;
      if (item.closes) open.delete(item.closes);
      continue;
    }
    const { value: current, depth } = item;
    if (typeof current !== 'object' || current === null) {
      out += scalar(current);
      continue;
    }
    if (open.has(current)) {
      out += '"[circular]"';
      continue;
    }
    // Members as JSON sees them: toJSON applied once, unrepresentable ones dropped from
    // objects and null in arrays (holes included).
    const members: [string | null, unknown][] = [];
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) {
        const member = withToJson(current[i], String(i));
        members.push([null, representable(member) ? member : null]);
      }
    } else {
      for (const key of Object.keys(current)) {
        const member = withToJson((current as Record<string, unknown>)[key], key);
        if (representable(member)) members.push([key, member]);
      }
    }
    const [first, last] = Array.isArray(current) ? ['[', ']'] : ['{', '}'];
    if (members.length === 0) {
      out += first + last;
      continue;
    }
    open.add(current);
    out += first;
    stack.push({ text: newline(depth) + last, closes: current });
    for (let i = members.length - 1; i >= 0; i--) {
      const [key, member] = members[i] as [string | null, unknown];
      stack.push({ value: member, depth: depth + 1 });
      const name = key === null ? '' : `${JSON.stringify(key)}:${gap ? ' ' : ''}`;
      stack.push({ text: `${i > 0 ? ',' : ''}${newline(depth + 1)}${name}` });
    }
  }
  return out.length > maxChars || stack.length > 0 ? `${out.slice(0, maxChars)}…` : out;
}

function withToJson(value: unknown, key: string): unknown {
  const toJSON = (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  return typeof toJSON === 'function' ? (toJSON as (k: string) => unknown).call(value, key) : value;
}

function representable(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** A value that holds no other: as JSON writes it (a bigint as its digits, `undefined` as a word). */
function scalar(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return String(value);
}
