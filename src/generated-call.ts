/**
 * How every generated call is made and its answer checked.
 *
 * The generated client parses and validates a body only when its Content-Type says
 * JSON, and leaves a body without one unread (keeping its socket open). Every call
 * asks for text instead (`parseAs: 'text'`: every body is read), and http/outcome.ts
 * parses it whatever its type and checks a success envelope with a validator from here.
 */

type Schema = { safeParse(value: unknown): { success: boolean; error?: unknown } };

/**
 * A check of a success envelope against `schema`: `undefined` when it holds, else the
 * schema's error (send's `validate` option).
 *
 * @example
 * send(attempt, { ...options, validate: envelopeValidator(zCreateVideoResponse) });
 */
export const envelopeValidator = (schema: Schema) => (envelope: unknown) => {
  const result = schema.safeParse(envelope);
  return result.success ? undefined : result.error;
};

/**
 * Options of every generated call: the body as text (see above), and no redirect
 * followed by fetch itself (http/transport.ts decides, per operation).
 *
 * @example
 * getVideoTask({ client, path: { taskId }, signal, fetch, ...callOptions });
 */
export const callOptions = { parseAs: 'text', redirect: 'manual' } as const;
