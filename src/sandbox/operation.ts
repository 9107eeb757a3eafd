/**
 * Any operation of the spec that has no handwritten route (routes.ts): its path
 * parameters, query and JSON body are validated against the spec with Ajv, and the
 * answer is the operation's documented example (its first `200` example). So an
 * endpoint added to the spec answers in the sandbox right after `npm run generate`,
 * with no edit here; a behaviour beyond the example (state, a lifecycle) is what a
 * handwritten route adds.
 */
import type { IncomingHttpHeaders } from 'node:http';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { ROUTES } from '../core/facts.js';
import { ERROR_CODES, errorReply, type Reply } from './envelope.js';
import { pointerValidator, type SpecViolation } from './spec-validator.js';

type Json = Record<string, unknown>;

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** A `$ref` (`#/components/parameters/X`) resolved in the bundled spec. */
function deref(value: unknown): Json {
  let node = value as Json;
  while (node && typeof node.$ref === 'string') {
    const keys = node.$ref.replace(/^#\//, '').split('/');
    node = keys.reduce<Json>((at, key) => at[key.replace(/~1/g, '/')] as Json, spec as Json);
  }
  return node ?? {};
}

function operationOf(operationId: string): { pointer: string; operation: Json } {
  const route = (ROUTES as Record<string, { method: string; path: string }>)[operationId];
  if (!route) throw new Error(`no operation ${operationId} in the spec`);
  const method = route.method.toLowerCase();
  const operation = (spec.paths as Record<string, Json>)[route.path]?.[method] as Json;
  return { pointer: `#/paths/${escape(route.path)}/${method}`, operation };
}

/** The operation's documented answer: the first example of its 200 JSON response. */
function example(operation: Json): unknown {
  const ok = deref((operation.responses as Json | undefined)?.['200']);
  const json = (ok.content as Json | undefined)?.['application/json'] as Json | undefined;
  if (!json) return undefined;
  if (json.example !== undefined) return json.example;
  const first = Object.values((json.examples as Json | undefined) ?? {})[0];
  return first === undefined ? undefined : deref(first).value;
}

const invalid = (violations: SpecViolation[]) =>
  errorReply(
    400,
    ERROR_CODES.badRequest,
    `invalid request: ${violations.map((v) => `${v.path || '(body)'} ${v.message}`).join('; ')}`,
    { violations },
  );

/**
 * The answer to an operation served from the spec alone.
 *
 * @example
 * operationReply('cancelVideoTask', { taskId: 'task_1' }, headers, Buffer.alloc(0), new URLSearchParams());
 * // { status: 200, body: the operation's example }
 * @internal
 */
export function operationReply(
  operationId: string,
  params: Readonly<Record<string, string>>,
  headers: IncomingHttpHeaders,
  bytes: Buffer,
  query: URLSearchParams,
): Reply {
  const { pointer, operation } = operationOf(operationId);
  const violations: SpecViolation[] = [];
  const declared = (operation.parameters as unknown[] | undefined) ?? [];
  declared.forEach((raw, i) => {
    const parameter = deref(raw);
    const name = String(parameter.name);
    const value =
      parameter.in === 'path' ? params[name] : parameter.in === 'query' ? query.get(name) : null;
    if (value === null || value === undefined) {
      if (parameter.required) violations.push({ path: name, message: 'is required' });
      return;
    }
    // A parameter arrives as text; a number-typed one is checked as the number it spells.
    const schema = deref(parameter.schema);
    const typed = schema.type === 'integer' || schema.type === 'number' ? Number(value) : value;
    const ref = typeof (raw as Json).$ref === 'string' ? ((raw as Json).$ref as string) : null;
    const at = ref ? `${ref}/schema` : `${pointer}/parameters/${i}/schema`;
    const result = pointerValidator(at).validate(typed);
    if (!result.valid)
      violations.push(...result.violations.map((v) => ({ ...v, path: `${name}${v.path}` })));
  });
  const content = (deref(operation.requestBody).content as Json | undefined)?.['application/json'];
  if (content) {
    if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(headers['content-type'] ?? ''))
      return errorReply(
        415,
        ERROR_CODES.unsupportedMediaType,
        'content-type must be application/json',
      );
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      violations.push({ path: '', message: 'body is not valid JSON' });
    }
    if (body !== undefined) {
      const ref = `${pointer}/requestBody/content/application~1json/schema`;
      const result = pointerValidator(ref).validate(body);
      if (!result.valid) violations.push(...result.violations);
    }
  }
  if (violations.length > 0) return invalid(violations);
  const answer = example(operation);
  if (answer === undefined)
    return errorReply(
      501,
      ERROR_CODES.internal,
      `${operationId} has no documented 200 example for the sandbox to answer with`,
    );
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: Buffer.from(JSON.stringify(answer)),
  };
}
