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
  let fn = compiled.get(name);
  if (!fn) {
    fn = getAjv().compile({ $ref: `spec#/components/schemas/${name}` });
    compiled.set(name, fn);
  }
  const validateFn = fn;
  return {
    validate(value) {
      if (validateFn(value)) return { valid: true };
      return { valid: false, violations: toViolations(validateFn.errors ?? []) };
    },
  };
}

/**
 * Ajv reports every failed branch of `if`/`then`/`else` as well as the leaf; the
 * leaves say what to fix, so the branch markers are left out.
 */
function toViolations(errors: ErrorObject[]): SpecViolation[] {
  const leaves = errors.filter((e) => e.keyword !== 'if');
  return leaves.map((e) => ({ path: e.instancePath, message: describe(e) }));
}

/** The spec's cross-field rules, recognised by where they sit in CreateVideoRequest. */
const CROSS_FIELD_RULES: Array<[RegExp, string]> = [
  [/^#\/not$/, 'duration and video_urls must not be sent together'],
  [/^#\/then\/not$/, 'omni-10s does not take video_urls (put video references in image_urls)'],
  [/\/then\/then\/.*(minItems|maxItems)$/, 'frame mode takes exactly 1 image'],
  [/\/else\/then\/required$/, 'frame mode takes exactly 1 image (in image_urls or images)'],
  [/\/else\/(then|else)\/else\/.*(not|maxItems)$/, 'reference mode takes 0, 1 or 3 images'],
];

function describe(e: ErrorObject): string {
  for (const [where, rule] of CROSS_FIELD_RULES) if (where.test(e.schemaPath)) return rule;
  if (e.keyword === 'additionalProperties')
    return `unknown field "${String(e.params.additionalProperty)}" is not allowed`;
  if (e.keyword === 'enum')
    return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return e.message ?? e.keyword;
}
