/**
 * Flags and arguments, parsed with node:util `parseArgs`. It runs non-strict, with
 * tokens, so that every problem (unknown flags, missing values, extra arguments) is
 * reported at once, each with a suggestion, instead of only the first one.
 */
import { parseArgs } from 'node:util';
import { closest } from '../index.js';
import type { InputIssue } from './usage-error.js';

export { closest };

/** One flag of a command. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** May be given more than once; the values are collected in order. */
  multiple?: boolean;
  /**
   * At most this many values are valid (checked by the request rules, which then name
   * the rule); help says "repeatable" only when more than one is. @default unlimited
   */
  maxCount?: number;
  /** A one-letter alias (`-h`). */
  short?: string;
  /** The value's name in help (`URL`, `FILE`). */
  placeholder?: string;
  /** One line for `--help`. */
  description: string;
}

/** The flags of a command, by name (`aspect-ratio`, without dashes). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean | undefined
  : S['multiple'] extends true
    ? string[] | undefined
    : string | undefined;

/** The parsed flag values, typed from their specs. */
export type Values<O extends OptionSpecs> = { -readonly [K in keyof O]: ValueOf<O[K]> };

/** What {@link parseCommandArgs} returns. */
export interface Parsed<O extends OptionSpecs> {
  values: Values<O>;
  positionals: string[];
  /**
   * Every problem found (unknown flags, missing values, extra arguments). Commands add
   * their own to this list and report them all together, before anything is sent.
   */
  issues: InputIssue[];
}

// A key given as a flag shows in the process list (ps) and in shell history.
const KEY_FLAG = /^(api[-_]?key|key|token|secret)$/i;
const KEY_FLAG_MESSAGE =
  'is not a flag: the key is read from JIMMYAI_API_KEY only, since a flag would show it in the process list';

/** The flags every command takes. */
export const GLOBAL_OPTIONS = {
  json: { type: 'boolean', description: 'Machine output: one JSON object per line on stdout' },
  debug: {
    type: 'boolean',
    description:
      'Log every request (as JIMMYAI_LOG=debug does) and show stack traces and causes of errors',
  },
  help: { type: 'boolean', short: 'h', description: 'Show help for this command' },
} as const satisfies OptionSpecs;

/**
 * Parses a command's arguments against its flags and its number of positionals.
 * Problems are returned in `issues`, not thrown, so that a command can list them with
 * its own checks.
 *
 * @example
 * const { values, positionals, issues } = parseCommandArgs(['task_1', '--json'], GLOBAL_OPTIONS, {
 *   command: 'status', maxPositionals: 1,
 * });
 */
export function parseCommandArgs<O extends OptionSpecs>(
  argv: readonly string[],
  options: O,
  { command, maxPositionals }: { command: string; maxPositionals: number },
): Parsed<O> {
  const { values, tokens } = parseArgs({
    args: [...argv],
    options: options as Record<string, OptionSpec>,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const issues: InputIssue[] = [];
  const known = Object.keys(options);
  // The word after an unknown flag was most likely its value, not a stray argument.
  const valuesOfUnknown = new Set<number>();
  for (const [i, token] of tokens.entries()) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (!spec) {
      const after = tokens[i + 1];
      if (!token.inlineValue && after?.kind === 'positional') valuesOfUnknown.add(after.index);
      if (KEY_FLAG.test(token.name)) {
        issues.push({ where: token.rawName, message: KEY_FLAG_MESSAGE });
        continue;
      }
      const hint = closest(token.name, known);
      issues.push({
        where: token.rawName,
        message: `unknown flag for 'omni ${command}'${hint ? `; did you mean --${hint}?` : ''}`,
      });
    } else if (spec.type === 'string' && token.value === undefined)
      issues.push({ where: token.rawName, message: 'needs a value' });
    else if (spec.type === 'string' && !token.inlineValue && /^--?[a-z]/i.test(token.value ?? ''))
      // Non-strict parseArgs takes the next flag as the value: `--prompt --json`.
      issues.push({
        where: token.rawName,
        message: `needs a value, not the flag ${token.value} (for a value that starts with -, write ${token.rawName}=${token.value})`,
      });
    else if (spec.type === 'boolean' && token.inlineValue)
      issues.push({ where: token.rawName, message: 'takes no value' });
  }
  const kept = tokens.filter((t) => t.kind === 'positional' && !valuesOfUnknown.has(t.index));
  const extra = kept.slice(maxPositionals).map((t) => (t as { value: string }).value);
  if (extra.length > 0)
    issues.push({
      where: extra.join(' '),
      message:
        maxPositionals === 0
          ? `'omni ${command}' takes no arguments (did you forget to quote a value?)`
          : `'omni ${command}' takes ${maxPositionals} argument${maxPositionals === 1 ? '' : 's'}; this is one too many (did you forget to quote a value?)`,
    });
  return {
    values: values as Values<O>,
    positionals: kept.map((t) => (t as { value: string }).value),
    issues,
  };
}
