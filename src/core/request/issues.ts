/**
 * Turns Zod issues into {@link ValidationIssue}s that name the field and say the rule
 * in words a person can act on (Zod's own messages are "Invalid input").
 */
import type { ValidationIssue } from '../errors.js';
import { sourcedIssue } from './rules.js';

/** The subset of a Zod 4 issue read here (zod/mini and classic zod share it). */
interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  values?: readonly unknown[];
  errors?: readonly (readonly ZodIssueLike[])[];
  keys?: readonly string[];
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
}

/** `['image_urls', 0]` → `image_urls[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) =>
      typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key),
    '',
  );
}

const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');
const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
const snakeCase = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** The values a union of literals allows, when that is what the union is. */
function literalUnionValues(issue: ZodIssueLike): unknown[] | undefined {
  const branches = issue.errors ?? [];
  if (branches.length === 0) return undefined;
  const values: unknown[] = [];
  for (const branch of branches) {
    if (branch.length !== 1 || branch[0]?.code !== 'invalid_value') return undefined;
    values.push(...(branch[0].values ?? []));
  }
  return values;
}

/** The values an enum rule allows (a literal or a union of literals), else undefined. */
function allowedValues(issue: ZodIssueLike): unknown[] | undefined {
  if (issue.code === 'invalid_value') return [...(issue.values ?? [])];
  return issue.code === 'invalid_union' ? literalUnionValues(issue) : undefined;
}

function describe(issue: ZodIssueLike, input: unknown): string {
  switch (issue.code) {
    case 'invalid_value':
    case 'invalid_union': {
      const values = allowedValues(issue);
      return values ? `must be one of ${list(values)}` : 'has the wrong type';
    }
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      if (issue.origin === 'array') return `must hold at least ${issue.minimum} item(s)`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `must hold at most ${issue.maximum} item(s)`;
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
      return `must be at most ${issue.maximum}`;
    case 'invalid_format':
      // The spec's `x-pattern-message` becomes the Zod message; fall back to Zod's.
      return issue.message;
    case 'invalid_type':
      return input === undefined ? 'is required' : `must be ${article(issue.expected ?? 'value')}`;
    default:
      return issue.message;
  }
}

/**
 * Whether the rule judges the value itself, so that showing it helps (ValidationIssue's
 * `received`): not for a missing or empty value, a list's length, or an unknown shape.
 */
function judgesValue(issue: ZodIssueLike, value: unknown): boolean {
  switch (issue.code) {
    case 'invalid_value':
    case 'invalid_union':
      return allowedValues(issue) !== undefined;
    case 'too_small':
    case 'too_big':
      return issue.origin !== 'array' && value !== '';
    case 'invalid_format':
      return true;
    case 'invalid_type':
      return value !== undefined;
    default:
      return false;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Converts Zod issues about `input` into validation issues.
 *
 * @param knownKeys the fields the object accepts, to suggest one for a typo
 */
export function fromZodIssues(
  issues: readonly ZodIssueLike[],
  input: unknown,
  knownKeys: readonly string[] = [],
): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.flatMap((issue) => {
    // One issue per field: an empty prompt breaks both minLength and the pattern, and
    // the first says it best.
    const path = formatPath(issue.path);
    if (issue.code !== 'unrecognized_keys' && seen.has(path)) return [];
    seen.add(path);
    if (issue.code === 'unrecognized_keys') {
      return (issue.keys ?? []).map((key) => {
        const guess = knownKeys.find(
          (k) => k === snakeCase(key) || k.toLowerCase() === key.toLowerCase(),
        );
        const hint = guess ? `; did you mean ${guess}?` : `; known fields: ${knownKeys.join(', ')}`;
        return { path: formatPath([...issue.path, key]), message: `is not a known field${hint}` };
      });
    }
    const value = valueAt(input, issue.path);
    const message = describe(issue, value);
    const allowed = allowedValues(issue) as ValidationIssue['allowed'];
    return [
      {
        path,
        message,
        ...(allowed ? { allowed } : {}),
        ...(judgesValue(issue, value) ? { received: value } : {}),
      },
    ];
  });
}

// Where each shape rule comes from. The enums, types and list limits are the
// provider's; the rest are this SDK's decisions where the provider is silent.
const DECISIONS: ReadonlyArray<[RegExp, RegExp, string]> = [
  [
    /\[\d+\]$/,
    /./,
    'only absolute http and https URLs are references; file:, data: and javascript: are refused',
  ],
  [
    /./,
    /is not a known field/,
    'unknown fields are refused so that a typo is not silently ignored',
  ],
  [/^prompt$/, /empty|non-blank/, 'the provider requires a prompt; a blank one is refused'],
  [/^aspect_ratio$/, /./, 'any W:H is accepted; the provider documents 16:9 and 9:16'],
];

/**
 * Appends to a shape issue whose rule it is: the provider's, or this SDK's decision.
 *
 * @example
 * labelShapeIssue({ path: 'duration', message: 'must be one of 4, 6, 8, 10' }).message;
 * // "must be one of 4, 6, 8, 10 (the provider's documented rule)"
 */
export function labelShapeIssue(issue: ValidationIssue): ValidationIssue {
  const decision = DECISIONS.find(
    ([path, message]) => path.test(issue.path) && message.test(issue.message),
  );
  return sourcedIssue(issue, decision ? 'decision' : 'provider', decision?.[2]);
}
