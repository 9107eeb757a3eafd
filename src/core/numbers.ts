/**
 * The rules a numeric option can follow, in one place: the SDK's call options, the
 * wait schedule, the client's traffic bounds and the sandbox's options all judge their
 * numbers here (the queue's own two checks stay in src/queue/shared-rate.ts: the queue
 * uses only the package's public entries). Each caller raises its own error type (a call's options: a
 * ValidationError listing every field; a schedule or sandbox built wrong: a RangeError
 * at once), with the words this module gives.
 */

/**
 * The longest delay a timer keeps: Node, browsers, Bun and Deno store it as a signed
 * 32-bit integer, and a longer one fires after 1 ms instead (Node warns once, then
 * does so). Every `...Ms` option is held to it, so no deadline can silently collapse.
 *
 * @example
 * setTimeout(run, Math.min(delayMs, MAX_TIMER_MS));
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * What a number must be: `positive` (finite, above 0), `nonNegative` (finite, from 0)
 * or `count` (a whole number from 0).
 *
 * @example
 * const rule: NumberRule = 'count';
 */
export type NumberRule = 'positive' | 'nonNegative' | 'count';

const RULES: Readonly<Record<NumberRule, [(n: number) => boolean, string]>> = {
  positive: [(n) => Number.isFinite(n) && n > 0, 'must be a positive number'],
  nonNegative: [(n) => Number.isFinite(n) && n >= 0, 'must be a finite number >= 0'],
  count: [(n) => Number.isInteger(n) && n >= 0, 'must be a whole number from 0'],
};

/**
 * What is wrong with `value` under `rule`, in words (without the value), or
 * `undefined` when it follows the rule.
 *
 * @example
 * numberProblem(-1, 'positive'); // 'must be a positive number'
 * numberProblem(2, 'count');     // undefined
 */
export function numberProblem(value: unknown, rule: NumberRule): string | undefined {
  const [holds, words] = RULES[rule];
  return typeof value === 'number' && holds(value) ? undefined : words;
}
