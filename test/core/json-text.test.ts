/**
 * The one iterative JSON writer (src/core/json-text.ts): the same text as
 * `JSON.stringify` at any depth and indent (the CLI's `--json` of a deep task), and
 * bounded snippets (server values in messages) that stop at their size.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { jsonText } from '../../src/core/json-text.js';

const DEPTH = 5000;
/** `{"a":{"a":…1…}}`, built without recursion. */
function deepObject(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value, n: [i, 'x'] };
  return value;
}

describe('the text JSON.stringify writes', () => {
  test('for any JSON value, on one line and indented', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.option(fc.integer({ min: -2, max: 12 })), (value, indent) => {
        const options = indent === null ? {} : { indent };
        expect(jsonText(value, Infinity, options)).toBe(
          JSON.stringify(value, null, indent ?? undefined),
        );
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  test('toJSON, members JSON cannot hold, holes and non-finite numbers', () => {
    const value = {
      when: new Date(Date.UTC(2026, 11, 6)),
      custom: { toJSON: (key: string) => `key ${key}` },
      gone: undefined,
      fn: () => 1,
      list: [undefined, () => 1, Symbol('s'), NaN, -Infinity, -0, , 2], // eslint-disable-line no-sparse-arrays
      empty: { a: [], b: {} },
    };
    for (const indent of [undefined, 2])
      expect(jsonText(value, Infinity, { indent })).toBe(JSON.stringify(value, null, indent));
  });

  test(`${DEPTH} levels deep, where JSON.stringify throws a RangeError`, () => {
    const value = deepObject(DEPTH);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    // What JSON.stringify would write, built level by level.
    let expected = '1';
    for (let i = 0; i < DEPTH; i++) expected = `{"a":${expected},"n":[${i},"x"]}`;
    expect(jsonText(value, Infinity)).toBe(expected);
    // Indented, 1,000 levels (the text grows with depth squared), as JSON.stringify says.
    const shallower = deepObject(1000);
    expect(jsonText(shallower, Infinity, { indent: 2 })).toBe(JSON.stringify(shallower, null, 2));
  });
});

describe('bounded snippets', () => {
  test('stop at maxChars with an ellipsis, a prefix of the whole text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 40 }), (value, maxChars) => {
        const whole = JSON.stringify(value);
        const snippet = jsonText(value, maxChars);
        if (whole.length <= maxChars) expect(snippet).toBe(whole);
        else expect(snippet).toBe(`${whole.slice(0, maxChars)}…`);
      }),
      { numRuns: 300, seed: 19 },
    );
  });

  test(`a value ${DEPTH} levels deep costs what the snippet prints`, () => {
    const deep = JSON.parse('['.repeat(DEPTH) + ']'.repeat(DEPTH)) as unknown;
    expect(jsonText(deep, 12)).toBe(`${'['.repeat(12)}…`);
  });

  test('a value met again on its own path is written once, as "[circular]"', () => {
    const loop: Record<string, unknown> = { id: 'task_1' };
    loop.self = loop;
    const twice = { a: loop, b: loop };
    expect(jsonText(loop, 100)).toBe('{"id":"task_1","self":"[circular]"}');
    // Met twice, but not on its own path: written twice.
    expect(jsonText(twice, 200)).toBe(
      '{"a":{"id":"task_1","self":"[circular]"},"b":{"id":"task_1","self":"[circular]"}}',
    );
  });

  test('strings quoted as JSON quotes them: control characters escaped', () => {
    expect(jsonText({ msg: 'a\u001b[2J\nb"' }, 100)).toBe('{"msg":"a\\u001b[2J\\nb\\""}');
  });
});
