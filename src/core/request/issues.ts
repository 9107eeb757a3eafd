/**
 * Turns the generated validator's errors (Ajv's, generated/validators.gen.ts) into
 * {@link ValidationIssue}s that name the field and say the rule in words a person can
 * act on (the generated code carries no messages of its own: the words are chosen here
 * and in {@link describeSchemaError}).
 */
import type { ValidationIssue } from '../errors.js';
import { describeSchemaError, type SchemaError } from '../schemas.js';
import { sourcedIssue } from './rules.js';

/** `['image_urls', 0]` → `image_urls[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) =>
      typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key),
    '',
  );
}

/**
 * A JSON Pointer (`/image_urls/0`, a validator error's `instancePath`) as path segments.
 *
 * @example
 * pointerPath('/image_urls/0'); // ['image_urls', 0]
 */
export function pointerPath(pointer: string): PropertyKey[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^(0|[1-9][0-9]*)$/.test(part) ? Number(part) : part));
}

const snakeCase = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** Where an error is: the field it names (a missing or unknown one included). */
function errorPath(error: SchemaError): PropertyKey[] {
  const path = pointerPath(error.instancePath);
  if (error.keyword === 'required') path.push(error.params.missingProperty as string);
  if (error.keyword === 'additionalProperties')
    path.push(error.params.additionalProperty as string);
  return path;
}

// Which error says a field's problem best when it breaks several rules: a value
// outside an enum is "must be one of …" even when its type is wrong too.
const RANK: Readonly<Record<string, number>> = { enum: 0 };

/**
 * Whether the rule judges the value itself, so that showing it helps (ValidationIssue's
 * `received`): not for a missing or empty value, a list's length, or an unknown shape.
 */
function judgesValue(error: SchemaError, value: unknown): boolean {
  switch (error.keyword) {
    case 'enum':
    case 'const':
    case 'pattern':
    case 'format':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'maxLength':
      return true;
    case 'minLength':
      return value !== '';
    case 'type':
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
 * Converts the validator's errors into validation issues: one per field, in the order
 * of the request's fields, unknown fields last.
 *
 * @param knownKeys the fields the object accepts, in order (to sort, and to suggest one for a typo)
 * @param input the checked value, for each issue's `received`
 * @param at where the checked value sits (`['body']`), put in front of each issue's path
 * @example
 * fromSchemaErrors([{ instancePath: '/duration', keyword: 'enum', params: { allowedValues: [4, 6] } }], ['duration']);
 * // [{ path: 'duration', message: 'must be one of 4, 6', allowed: [4, 6] }]
 */
export function fromSchemaErrors(
  errors: readonly SchemaError[],
  knownKeys: readonly string[] = [],
  input?: unknown,
  at: readonly PropertyKey[] = [],
): ValidationIssue[] {
  const order = (error: SchemaError) => {
    const root = errorPath(error)[0];
    const index = typeof root === 'string' ? knownKeys.indexOf(root) : -1;
    return index < 0 ? knownKeys.length : index;
  };
  const sorted = errors
    .map((error, at) => ({ error, at }))
    .sort(
      (a, b) =>
        order(a.error) - order(b.error) ||
        (RANK[a.error.keyword] ?? 1) - (RANK[b.error.keyword] ?? 1) ||
        a.at - b.at,
    )
    .map(({ error }) => error);
  const seen = new Set<string>();
  return sorted.flatMap((error) => {
    // One issue per field: an empty prompt breaks both minLength and the pattern, and
    // the first says it best.
    const path = formatPath([...at, ...errorPath(error)]);
    if (seen.has(path)) return [];
    seen.add(path);
    if (error.keyword === 'additionalProperties') {
      const key = error.params.additionalProperty as string;
      const guess = knownKeys.find(
        (k) => k === snakeCase(key) || k.toLowerCase() === key.toLowerCase(),
      );
      const hint = guess ? `; did you mean ${guess}?` : `; known fields: ${knownKeys.join(', ')}`;
      return [{ path, message: `is not a known field${hint}` }];
    }
    const message = describeSchemaError(error);
    const value = valueAt(input, pointerPath(error.instancePath));
    const allowed =
      error.keyword === 'enum'
        ? ([...(error.params.allowedValues as unknown[])] as ValidationIssue['allowed'])
        : undefined;
    return [
      {
        path,
        message,
        ...(allowed ? { allowed } : {}),
        ...(judgesValue(error, value) ? { received: value } : {}),
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
