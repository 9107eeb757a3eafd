/**
 * The door from src/ into the generated validators (generated/validators.gen.ts: Ajv
 * standalone code compiled from the spec by `npm run generate`), and the answer checks
 * built on them.
 *
 * Kept apart from src/core/generated.ts on purpose: the public type declarations import
 * that module, and the validators are untyped generated JavaScript that the
 * declarations must never reach. Only implementation code imports this module.
 */
import * as generated from '../../generated/validators.gen.js';

/** One problem an Ajv validator reports (the part read here). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** A generated validator: `true` when `value` is valid; otherwise its `errors` say why. */
export type Check = ((value: unknown) => boolean) & { errors?: SchemaError[] | null };

/** A field that holds another object schema: its table, and whether `null` is allowed instead. */
export interface NestedField {
  object: FieldTable;
  nullable: boolean;
}

/** An object schema's declared fields, each with its own check (generated). */
export interface FieldTable {
  required: readonly string[];
  fields: Readonly<Record<string, Check | NestedField>>;
}

/** The create body's shape (the cross-field rules are src/core/request/rules.ts's). */
export const checkCreateVideoRequest = generated.createVideo_body as Check;

/** What is checked of one operation's calls (generated from its spec). */
export interface OperationChecks {
  body?: Check;
  path?: Check;
  query?: Check;
  /** The success answer: an envelope by its field table (see {@link checkAnswer}), else whole. */
  response?: Check | FieldTable;
}

/** The checks of each operation of the spec, by `METHOD /path/{template}`. */
export const OPERATION_CHECKS = generated.OPERATION_CHECKS as Readonly<
  Record<string, OperationChecks>
>;
/** Each `pattern` of the spec with the words a refused value reads (`x-pattern-message`). */
export const PATTERN_MESSAGES: Readonly<Record<string, string>> = generated.PATTERN_MESSAGES;

// Casts, not calls: a bundle keeps only the tables its code reads.
/** A task's fields (`VideoTask`). */
export const VIDEO_TASK = generated.VideoTaskFields as FieldTable;
/** A created task's fields (`VideoTaskCreated`). */
export const VIDEO_TASK_CREATED = generated.VideoTaskCreatedFields as FieldTable;
/** An uploaded file's fields (`UploadedFile`). */
export const UPLOADED_FILE = generated.UploadedFileFields as FieldTable;
/** The envelope of a task answer (`GetVideoTaskResponse`). */
export const TASK_ANSWER = generated.GetVideoTaskResponseFields as FieldTable;
/** The envelope of a create answer (`CreateVideoResponse`). */
export const CREATED_ANSWER = generated.CreateVideoResponseFields as FieldTable;
/** The envelope of an upload answer (`UploadFileResponse`). */
export const UPLOAD_ANSWER = generated.UploadFileResponseFields as FieldTable;

const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');
const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/**
 * A validator's error as words a person can act on (the generated code carries no
 * messages: they would be bytes in every bundle). The spec's `x-pattern-message` for a
 * pattern.
 *
 * @example
 * describeSchemaError({ instancePath: '/duration', keyword: 'enum', params: { allowedValues: [4, 6] } });
 * // 'must be one of 4, 6'
 */
export function describeSchemaError(error: SchemaError): string {
  const { params } = error;
  switch (error.keyword) {
    case 'enum':
      return `must be one of ${list(params.allowedValues as unknown[])}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit}`;
    case 'maxLength':
      return `must be at most ${params.limit} characters long`;
    case 'minItems':
      return `must hold at least ${params.limit} item(s)`;
    case 'maxItems':
      return `must hold at most ${params.limit} item(s)`;
    case 'minimum':
      return `must be at least ${params.limit}`;
    case 'maximum':
      return `must be at most ${params.limit}`;
    case 'pattern':
      return PATTERN_MESSAGES[params.pattern as string] ?? `must match ${params.pattern}`;
    case 'type':
      return `must be ${article(String(params.type).split(',')[0] ?? 'value')}`;
    case 'not':
      return 'is a value the spec refuses';
    default:
      return `breaks the spec's ${error.keyword} rule`;
  }
}

/** A problem of an answer, as the envelope's error message lists it. */
export interface AnswerIssue {
  path: PropertyKey[];
  message: string;
  code: string;
}

/**
 * What a validator refused; `issues` name the fields (read by src/core/http/envelope.ts).
 *
 * @example
 * new SpecMismatch([{ path: ['data', 'task_id'], message: 'is required', code: 'required' }]);
 */
export class SpecMismatch extends Error {
  override readonly name = 'SpecMismatch';
  constructor(readonly issues: AnswerIssue[]) {
    super(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The problem `check` has with `value`, or undefined. */
function fieldIssue(entry: Check | NestedField, value: unknown, path: PropertyKey[]) {
  if (typeof entry === 'function') {
    if (entry(value)) return undefined;
    const first = entry.errors?.[0];
    return first
      ? { path, message: describeSchemaError(first), code: first.keyword }
      : { path, message: 'is invalid', code: 'invalid' };
  }
  if (isPlainObject(value) || (value === null && entry.nullable)) return undefined;
  return { path, message: 'must be an object', code: 'type' };
}

/**
 * A success answer, read as a tolerant reader: the envelope's fields (`code`, `msg`) and
 * what identifies its `data` (the data schema's required fields: a task's `task_id` and
 * `status`, a file's `url`) are checked; the other fields are read leniently (a task by
 * src/core/read-task.ts) and kept or left out one by one (src/core/typed-fields.ts), so
 * that a field that does not matter never makes a billed create or a finished task
 * look malformed. The spec cannot say "check these fields, read the rest leniently",
 * hence this reading of its generated tables.
 *
 * @throws {SpecMismatch} naming the fields that break the spec
 * @example
 * checkAnswer(TASK_ANSWER, { code: 20000, msg: 'ok', data: { task_id: 't' } }); // throws: data.status is required
 */
export function checkAnswer(envelope: FieldTable, answer: unknown): void {
  const issues: AnswerIssue[] = [];
  const body = isPlainObject(answer) ? answer : {};
  for (const [key, entry] of Object.entries(envelope.fields)) {
    const value = body[key];
    if (value === undefined) {
      if (envelope.required.includes(key))
        issues.push({ path: [key], message: 'is required', code: 'required' });
      continue;
    }
    const problem = fieldIssue(entry, value, [key]);
    if (problem) issues.push(problem);
    else if (typeof entry !== 'function' && isPlainObject(value))
      for (const name of entry.object.required) {
        const field = entry.object.fields[name];
        const inner = value[name];
        if (inner === undefined)
          issues.push({ path: [key, name], message: 'is required', code: 'required' });
        else if (field) {
          const innerProblem = fieldIssue(field, inner, [key, name]);
          if (innerProblem) issues.push(innerProblem);
        }
      }
  }
  if (issues.length > 0) throw new SpecMismatch(issues);
}
