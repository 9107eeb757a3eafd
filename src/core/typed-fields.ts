/**
 * Types never lie (issue 17): a field of an answer whose value contradicts its type in
 * the spec is not handed back under that type. Generic, from the generated Zod schema:
 * each field the schema declares is checked on its own (`safeParse`), nested objects
 * field by field, and a value that fails is left out of the typed object; fields the
 * spec does not declare are kept as they came (a tolerant reader). The answer as it was
 * sent stays reachable through {@link rawAnswer}.
 */

/** The part of a zod/mini schema read here. */
interface SchemaLike {
  safeParse(value: unknown): { success: boolean };
  def: { type: string; shape?: Record<string, SchemaLike>; innerType?: SchemaLike };
}

const raws = new WeakMap<object, unknown>();
const DROP = Symbol('drop');

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The object schema inside `optional`/`nullable` wrappers, if there is one. */
function objectInside(schema: SchemaLike): SchemaLike | undefined {
  let at: SchemaLike | undefined = schema;
  while (at && (at.def.type === 'optional' || at.def.type === 'nullable')) at = at.def.innerType;
  return at?.def.type === 'object' ? at : undefined;
}

function typedValue(schema: SchemaLike, value: unknown): unknown {
  const inner = objectInside(schema);
  if (inner && isPlainObject(value)) return typedObject(inner, value);
  return schema.safeParse(value).success ? value : DROP;
}

function typedObject(schema: SchemaLike, data: Record<string, unknown>): Record<string, unknown> {
  const shape = schema.def.shape ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!Object.hasOwn(shape, key)) {
      out[key] = value;
      continue;
    }
    const kept = typedValue(shape[key] as SchemaLike, value);
    if (kept !== DROP) out[key] = kept;
  }
  return out;
}

/**
 * `data` with every declared field that contradicts `schema` left out; `raw` (the
 * answer as sent, `data` by default) is kept for {@link rawAnswer}.
 *
 * @example
 * keepTyped(zVideoTask, { task_id: 't', status: 'queued', cost: 'free' }); // with `cost: number` in the spec
 * // { task_id: 't', status: 'queued' }
 */
export function keepTyped<T>(
  schema: SchemaLike,
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
