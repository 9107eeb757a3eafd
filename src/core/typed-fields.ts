/**
 * Types never lie (issue 17): a field of an answer whose value contradicts its type in
 * the spec is not handed back under that type. Generic, from the generated validators
 * (generated/validators.gen.ts, Ajv standalone code compiled from the spec): each field
 * the schema declares is checked on its own, nested objects
 * field by field, and a value that fails is left out of the typed object; fields the
 * spec does not declare are kept as they came (a tolerant reader). The answer as it was
 * sent stays reachable through {@link rawAnswer}.
 */
import type { FieldTable } from './schemas.js';

const raws = new WeakMap<object, unknown>();

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function typedObject(table: FieldTable, data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const entry = Object.hasOwn(table.fields, key) ? table.fields[key] : undefined;
    if (entry === undefined) out[key] = value;
    else if (typeof entry === 'function') {
      if (entry(value)) out[key] = value;
    } else if (isPlainObject(value)) out[key] = typedObject(entry.object, value);
    else if (value === null && entry.nullable) out[key] = value;
  }
  return out;
}

/**
 * `data` with every declared field that contradicts `schema` left out; `raw` (the
 * answer as sent, `data` by default) is kept for {@link rawAnswer}.
 *
 * @example
 * keepTyped(VIDEO_TASK, { task_id: 't', status: 'queued', cost: 'free' }); // with `cost: number` in the spec
 * // { task_id: 't', status: 'queued' }
 */
export function keepTyped<T>(
  schema: FieldTable,
  data: Record<string, unknown>,
  raw: unknown = data,
): T {
  const typed = typedObject(schema, data);
  raws.set(typed, raw);
  return typed as T;
}

/**
 * The answer's `data` exactly as the service sent it, for an object the SDK returned
 * (a task, a created task, an uploaded file); `undefined` for any other object. The
 * typed object leaves out fields whose value contradicts the spec; this keeps them.
 *
 * @example
 * const task = await omni.videos.retrieve('task_01JD7Z6Q2M8V4');
 * rawAnswer(task); // { task_id: 'task_01JD7Z6Q2M8V4', status: 'processing', progress: '50', ... }
 */
export function rawAnswer(value: object): unknown {
  return raws.get(value);
}
