/**
 * Validates request bodies against the bundled OpenAPI document itself, with Ajv
 * (JSON Schema 2020-12), independently of the SDK's Zod schemas: the sandbox is an
 * independent check of what the SDK sends, and the property test compares the two.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import spec from '../../generated/openapi.json' with { type: 'json' };

/** One way a value breaks the spec: where (a JSON pointer into the body) and the rule. */
export interface SpecViolation {
  /** JSON pointer into the validated value, `''` for the value itself. */
  path: string;
  /** The rule, in Ajv's words (`must be equal to one of the allowed values`, ...). */
  message: string;
}

/** The result of {@link SpecValidator.validate}. */
export type SpecValidation = { valid: true } | { valid: false; violations: SpecViolation[] };

/** A compiled validator for one schema of the spec's `components.schemas`. */
export interface SpecValidator {
  validate(value: unknown): SpecValidation;
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function getAjv(): Ajv2020 {
  if (!ajv) {
    // strict: false because strict mode refuses `required` inside `not`, which the
    // spec uses for its cross-field rules; `example` is an OpenAPI annotation.
    // validateSchema: false because meta-validating the whole OpenAPI document cost
    // ~100 ms at every sandbox start; Redocly lints the spec already.
    ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    ajv.addKeyword('example');
    ajv.addSchema(spec, 'spec');
  }
  return ajv;
}

/**
 * Compiles `components.schemas[name]` of the bundled spec (cached).
 *
 * @example
 * const v = specValidator('CreateVideoRequest');
 * v.validate({ model: 'omni-10s', prompt: 'x', video_urls: ['https://a/b.mp4'] }).valid; // false
 */
export function specValidator(name: keyof typeof spec.components.schemas): SpecValidator {
  return pointerValidator(`#/components/schemas/${name}`);
}

/**
 * Compiles the schema at a JSON pointer into the bundled spec (cached), such as an
 * operation's request body: `#/paths/~1api~1.../post/requestBody/content/application~1json/schema`.
 *
 * @example
 * pointerValidator('#/components/parameters/TaskId/schema').validate('..').valid; // false
 */
export function pointerValidator(pointer: string): SpecValidator {
  let fn = compiled.get(pointer);
  if (!fn) {
    fn = getAjv().compile({ $ref: `spec${pointer}` });
    compiled.set(pointer, fn);
  }
  const validateFn = fn;
  const root = pointer
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (at, key) => (at as Record<string, unknown>)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
      spec,
    );
  return {
    validate(value) {
      if (validateFn(value)) return { valid: true };
      return { valid: false, violations: toViolations(validateFn.errors ?? [], root) };
    },
  };
}

/**
 * Ajv reports every failed branch of `if`/`then`/`else` as well as the leaf; the
 * leaves say what to fix, so the branch markers are left out.
 */
function toViolations(errors: ErrorObject[], root: unknown): SpecViolation[] {
  const leaves = errors.filter((e) => e.keyword !== 'if');
  return leaves.map((e) => ({ path: e.instancePath, message: describe(e, root) }));
}

/**
 * The rule a failing keyword belongs to, in the spec's words: the `x-rule-message` of
 * the deepest schema on the keyword's path that has one (the spec puts one on each
 * cross-field rule: a `not`, a `then`/`else` branch). Ajv alone would say "must NOT be
 * valid" at the body's root, which names no rule.
 */
function ruleMessage(root: unknown, schemaPath: string): string | undefined {
  if (!schemaPath.startsWith('#/')) return undefined;
  let node = root as Record<string, unknown>;
  let found: string | undefined;
  for (const key of ['', ...schemaPath.slice(2).split('/')]) {
    const next = key === '' ? node : node[key.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (next === null || typeof next !== 'object') break;
    node = next as Record<string, unknown>;
    if (typeof node['x-rule-message'] === 'string') found = node['x-rule-message'];
  }
  return found;
}

function describe(e: ErrorObject, root: unknown): string {
  const rule = ruleMessage(root, e.schemaPath);
  if (rule) return rule;
  if (e.keyword === 'additionalProperties')
    return `unknown field "${String(e.params.additionalProperty)}" is not allowed`;
  if (e.keyword === 'enum')
    return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return e.message ?? e.keyword;
}
