/**
 * Server values as text for messages, at any depth. `JSON.stringify` recurses: an
 * answer nesting a few thousand levels deep (10 kB are enough) overflows the stack
 * with a raw `RangeError`, and a huge one is turned into text whole before being cut.
 * This walk is iterative and stops as soon as it has `maxChars` characters, so its
 * cost is bounded by what it prints, whatever the value's depth or size.
 */

/** A work item: text to emit as is, or a value still to turn into JSON. */
type Item = { text: string } | { value: unknown };

/**
 * `value` as JSON text of at most `maxChars` characters (then `…` is appended), without
 * recursion. Strings are quoted as JSON quotes them (control characters escaped), a
 * value met again on its own path is written `"[circular]"`, and what JSON cannot hold
 * (`undefined`, a function) is left out of objects and written `null` in arrays.
 *
 * @example
 * jsonText({ a: [1, 'x'] }, 100); // '{"a":[1,"x"]}'
 * jsonText(JSON.parse('['.repeat(5000) + ']'.repeat(5000)), 12); // '[[[[[[[[[[[[…'
 */
export function jsonText(value: unknown, maxChars: number): string {
  let out = '';
  const stack: Item[] = [{ value }];
  // The containers on the current path, to write a cycle once instead of forever.
  const open = new Set<object>();
  const closing = new Map<Item, object>();
  while (stack.length > 0 && out.length <= maxChars) {
    const item = stack.pop() as Item;
    if ('text' in item) {
      out += item.text;
      const container = closing.get(item);
      if (container) {
        open.delete(container);
        closing.delete(item);
      }
      continue;
    }
    const current = item.value;
    if (typeof current !== 'object' || current === null) {
      out += scalar(current);
      continue;
    }
    if (open.has(current)) {
      out += '"[circular]"';
      continue;
    }
    open.add(current);
    const end: Item = { text: Array.isArray(current) ? ']' : '}' };
    closing.set(end, current);
    stack.push(end);
    const parts: Item[] = [];
    if (Array.isArray(current)) {
      current.forEach((element, i) => {
        if (i > 0) parts.push({ text: ',' });
        parts.push(representable(element) ? { value: element } : { text: 'null' });
      });
    } else {
      let first = true;
      for (const key of Object.keys(current)) {
        const field = (current as Record<string, unknown>)[key];
        if (!representable(field)) continue;
        parts.push({ text: `${first ? '' : ','}${JSON.stringify(key)}:` }, { value: field });
        first = false;
      }
    }
    for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i] as Item);
    out += Array.isArray(current) ? '[' : '{';
  }
  return out.length > maxChars || stack.length > 0 ? `${out.slice(0, maxChars)}…` : out;
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
