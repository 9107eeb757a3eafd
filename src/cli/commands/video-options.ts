/**
 * The flags of a create request (`omni generate`, `omni create`), one per field of the
 * spec's request schema (generated/facts.gen.ts, CREATE_FIELDS): names, types, enums,
 * repeatable lists and help text come from the spec and its `x-cli` hints, so a new
 * field gets its flag, and a removed enum value leaves the help, at the next
 * `npm run generate`. Every problem, flags and request rules alike, is reported at
 * once, with the flag it concerns, before anything is sent.
 */
import {
  closest,
  CREATE_FIELDS,
  type CreateField,
  type CreateVideoParams,
  type Omni,
  type PreparedRequest,
  ValidationError,
  type ValidationIssue,
} from '../../index.js';
import type { OptionSpec, OptionSpecs } from '../args.js';
import type { Context } from '../command.js';
import { offlineClient } from '../connect.js';
import type { InputIssue } from '../usage-error.js';
import { checkLocalFile, uploadWithProgress } from './upload.js';

/** A field of the request and the flag that sets it. */
interface FieldFlag {
  field: CreateField;
  /** The flag's name, without dashes (`aspect-ratio`). */
  flag: string;
  spec: OptionSpec;
}

/** `a, b (default) or c`: an enum's values as help shows them. */
function valuesText(field: CreateField): string {
  const values = (field.enum ?? field.items?.enum ?? []).map((value) =>
    value === (field.default ?? field.cli?.default) ? `${value} (default)` : String(value),
  );
  return values.length < 2
    ? (values[0] ?? '')
    : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

/** The help line: the spec's `x-cli.help` (its `{values}` filled in), else its description. */
function helpOf(field: CreateField): string {
  if (field.cli?.help) return field.cli.help.replaceAll('{values}', valuesText(field));
  const sentence = /^.*?[.!?](\s|$)/.exec(field.description)?.[0].trim() ?? field.description;
  const values = valuesText(field);
  const range =
    field.minimum !== undefined || field.maximum !== undefined
      ? ` (${field.minimum ?? '…'} to ${field.maximum ?? '…'})`
      : '';
  return `${sentence.replace(/\.$/, '')}${values ? `: ${values}` : ''}${range}${field.required && field.cli?.default === undefined ? ' (required)' : ''}`;
}

const PLACEHOLDERS: Readonly<Record<string, string>> = {
  integer: 'NUMBER',
  number: 'NUMBER',
  string: 'TEXT',
  array: 'VALUE',
};

// Required fields without a default first (`--prompt`), then the spec's order.
const FIELD_FLAGS: readonly FieldFlag[] = Object.values(CREATE_FIELDS)
  .filter((field) => field.cli?.flag !== false)
  .sort((a, b) => Number(b.required && !b.cli?.default) - Number(a.required && !a.cli?.default))
  .map((field) => {
    const multiple = field.type === 'array';
    const spec: OptionSpec = {
      type: field.type === 'boolean' ? 'boolean' : 'string',
      ...(multiple ? { multiple: true } : {}),
      // Collected as a list all the same, so that one too many gets the rule's message.
      ...(multiple && field.maxItems !== undefined ? { maxCount: field.maxItems } : {}),
      ...(field.type === 'boolean'
        ? {}
        : {
            placeholder:
              field.cli?.placeholder ??
              (field.enum ? 'VALUE' : (PLACEHOLDERS[field.type] ?? 'VALUE')),
          }),
      description: helpOf(field),
    };
    const flag = field.cli?.flag || field.name.replaceAll('_', '-');
    return { field, flag, spec };
  });

/**
 * The create-request flags, by name, from the spec's request schema.
 *
 * @example
 * VIDEO_OPTIONS.duration; // { type: 'string', placeholder: 'SECONDS', description: 'Video length: 4, 6 (default), 8 or 10; not with --video' }
 */
export const VIDEO_OPTIONS: OptionSpecs = Object.fromEntries(
  FIELD_FLAGS.map(({ flag, spec }) => [flag, spec]),
);

/** The API field each flag sets, for messages. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = Object.fromEntries(
  FIELD_FLAGS.map(({ field, flag }) => [field.name, `--${flag}`]),
);

/**
 * Where an API field path is set on the command line: `--duration`, or
 * `--image (image_urls[1])` where the names differ.
 *
 * @example
 * flagOf('generation_type'); // '--mode (generation_type)'
 */
export function flagOf(path: string): string {
  const field = /^[a-z_]+/.exec(path)?.[0] ?? '';
  const flag = FLAG_OF_FIELD[field];
  if (!flag) return path;
  // The API name only where it says more than the flag (`--aspect-ratio` is aspect_ratio).
  return flag.slice(2).replaceAll('-', '_') === field && path === field
    ? flag
    : `${flag} (${path})`;
}

/** A number as written on the command line; `8s` too where the field is in seconds. */
function readNumber(field: CreateField, text: string): number | string {
  const unit = field.cli?.seconds ? '(?:s)?' : '';
  const pattern = field.type === 'integer' ? '-?\\d+' : '-?\\d+(?:\\.\\d+)?';
  const digits = new RegExp(`^\\s*(${pattern})\\s*${unit}\\s*$`, 'i').exec(text)?.[1];
  // An unreadable value is passed on as written: the request rules then say what is allowed.
  return digits === undefined ? text : Number(digits);
}

/**
 * The request the flags describe, field by field as the spec types them.
 *
 * @example
 * videoParams({ prompt: 'a fox', duration: '8s' }); // { model: 'Gemini-Omini', prompt: 'a fox', duration: 8 }
 */
export function videoParams(values: Readonly<Record<string, unknown>>): CreateVideoParams {
  const params: Record<string, unknown> = {};
  for (const { field, flag } of FIELD_FLAGS) {
    const value = values[flag];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      if (field.cli?.default !== undefined) params[field.name] = field.cli.default;
      continue;
    }
    if (typeof value === 'string' && (field.type === 'integer' || field.type === 'number'))
      params[field.name] = readNumber(field, value);
    else params[field.name] = value;
  }
  return params as unknown as CreateVideoParams;
}

/** A `--image`/`--video` value that names a local file, and where it goes in the request. */
export interface LocalReference {
  /** The request field (`image_urls`). */
  field: string;
  /** The flag that set it (`--image`). */
  flag: string;
  index: number;
  path: string;
}

// A value with a scheme (`https:`, `file:`, `data:`) is a URL, for the request rules to
// judge; anything else (`./cat.png`, `C:\\cat.png`, `cat.png`) is a file on this machine.
const HAS_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

// The fields whose values may be local files, uploaded first (spec: `x-cli.files`).
const FILE_FIELDS = FIELD_FLAGS.filter(({ field }) => field.cli?.files);

/**
 * The local files among the references, to upload before the request is sent.
 *
 * @example
 * localReferences({ model: 'Gemini-Omini', prompt: 'x', image_urls: ['./cat.png'] });
 * // [{ field: 'image_urls', flag: '--image', index: 0, path: './cat.png' }]
 */
export function localReferences(params: CreateVideoParams): LocalReference[] {
  const found: LocalReference[] = [];
  for (const { field, flag } of FILE_FIELDS) {
    const list = (params as Record<string, unknown>)[field.name];
    if (!Array.isArray(list)) continue;
    list.forEach((value: unknown, index) => {
      if (typeof value === 'string' && !HAS_SCHEME.test(value))
        found.push({ field: field.name, flag: `--${flag}`, index, path: value });
    });
  }
  return found;
}

/** The request with each local file replaced by a URL (`urlOf` gives it). */
export function withUploads(
  params: CreateVideoParams,
  locals: readonly LocalReference[],
  urlOf: (local: LocalReference) => string,
): CreateVideoParams {
  const out: Record<string, unknown> = { ...params };
  for (const local of locals) {
    const list = [...((out[local.field] as string[] | undefined) ?? [])];
    list[local.index] = urlOf(local);
    out[local.field] = list;
  }
  return out as unknown as CreateVideoParams;
}

/**
 * Stands for a local file in the request until it is uploaded: a URL the rules accept,
 * on a reserved domain (RFC 2606) that can never be fetched.
 */
export const placeholderUrl = (local: LocalReference) =>
  `https://upload.invalid/${encodeURIComponent(local.path.split(/[\\/]/).pop() ?? 'file')}`;

/**
 * Validates the request with the SDK's `prepare`, adding each broken rule to `issues`
 * under its flag. Returns the prepared request when there is none. Local files are
 * checked as the upload will check them, and stand in the request as
 * {@link placeholderUrl}s until they are uploaded.
 */
export async function checkVideoRequest(
  params: CreateVideoParams,
  issues: InputIssue[],
): Promise<PreparedRequest | undefined> {
  const locals = localReferences(params);
  for (const local of locals) await checkLocalFile(local.path, local.flag, issues);
  return checkVideoParams(withUploads(params, locals, placeholderUrl), issues);
}

/**
 * Uploads the local files among the references (progress on stderr), then returns
 * the request with their URLs in place.
 */
export async function uploadReferences(
  ctx: Context,
  omni: Omni,
  params: CreateVideoParams,
): Promise<CreateVideoParams> {
  const locals = localReferences(params);
  const urls = new Map<LocalReference, string>();
  for (const local of locals)
    urls.set(local, (await uploadWithProgress(ctx, omni, local.path)).url);
  return withUploads(params, locals, (local) => urls.get(local) as string);
}

/**
 * Validates the request with the SDK's `prepare`, adding each broken rule to `issues`
 * under its flag. Returns the prepared request when there is none.
 */
export function checkVideoParams(
  params: CreateVideoParams,
  issues: InputIssue[],
): PreparedRequest | undefined {
  try {
    return offlineClient().videos.prepare(params);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // A flag already reported by the parser (`--prompt` without a value) says it once.
    const reported = new Set(issues.map((i) => i.where));
    for (const issue of error.issues) {
      const where = flagOf(issue.path) || '(request)';
      if (reported.has(where)) continue;
      // The value shows which of several was wrong, or what was written instead of a choice.
      // Not a prompt's: it is long, and was just written.
      const value = issue.path === 'prompt' ? undefined : shownValue(issue.received, issue.path);
      const guess = typeof value === 'string' ? suggestChoice(issue.allowed, value) : undefined;
      // What was given goes right after the rule, before whose rule it is: `message` is
      // `rule` and then the note on its source (ValidationIssue.rule says so).
      const rule = issue.rule ?? issue.message;
      const source = issue.message.slice(rule.length);
      issues.push({
        where,
        message:
          `${rule}${value === undefined ? '' : `; got ${JSON.stringify(value)}`}` +
          `${guess ? `; did you mean ${guess}?` : ''}${source}`,
      });
    }
    return undefined;
  }
}

/**
 * The choice nearest to `value` among the text values an enum rule allows
 * (`ValidationIssue.allowed`). Short values get a stricter match, so that `480p` is
 * not taken for `720p`.
 */
function suggestChoice(allowed: ValidationIssue['allowed'], value: string): string | undefined {
  if (!allowed) return undefined;
  const choices = allowed.filter((v): v is string => typeof v === 'string');
  return closest(value, choices, value.length < 5 ? 1 : 2);
}

/** A refused value worth repeating: a list's item, or a field's text or number. */
function shownValue(received: unknown, path: string): unknown {
  if (path.endsWith(']')) return received;
  return typeof received === 'string' || typeof received === 'number' ? received : undefined;
}
