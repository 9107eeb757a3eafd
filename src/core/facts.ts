/**
 * The door from src/ into generated/facts.gen.ts: the facts of the API written once,
 * in spec/openapi.yaml (the model table, the provider's codes, upload limits, routes,
 * the link lifetime, the create request's fields), and the few readings of them that
 * several modules share. Like src/core/generated.ts, it keeps a regeneration that renames
 * something breaking here, in one place.
 */
import {
  CREATE_FIELD_DOCS as GENERATED_CREATE_FIELD_DOCS,
  CREATE_FIELDS as GENERATED_CREATE_FIELDS,
  KNOWN_TASK_STATUSES as GENERATED_KNOWN_TASK_STATUSES,
  LINK_LIFETIME_DAYS,
  MODEL_ALIASES as GENERATED_MODEL_ALIASES,
  MODEL_TABLE as GENERATED_MODEL_TABLE,
  PROVIDER_CODES as GENERATED_PROVIDER_CODES,
  ROUTES as GENERATED_ROUTES,
  UPLOAD_LIMITS as GENERATED_UPLOAD_LIMITS,
} from '../../generated/facts.gen.js';
import type { KnownResponseCode, VideoModel } from '../../generated/types.gen.js';

/** Where a rule comes from: the provider's documentation, or this SDK's decision. */
export type RuleSource = 'provider' | 'decision';

/**
 * A model after alias normalisation, derived from the spec's `VideoModel` minus its
 * aliases (`x-model-aliases`).
 *
 * @example
 * const model: CanonicalModel = 'Gemini-Omini';
 */
export type CanonicalModel = Exclude<VideoModel, keyof typeof GENERATED_MODEL_ALIASES>;

/** A mode of `generation_type` on a model that has modes (`x-generation-modes`). */
export interface GenerationModeFacts {
  /** How messages name the mode (`reference mode`). */
  readonly label: string;
  /** The image counts the mode takes. */
  readonly images: readonly number[];
  /** Counts refused by this SDK's decision, each with why; any other count not taken is the provider's rule. */
  readonly decisionRefused?: Readonly<Record<string, string>>;
}

/** Fields a model ignores (`x-ignored-fields`) and the value the service applies instead. */
export interface IgnoredFieldsFacts {
  readonly ruleSource: RuleSource;
  readonly why?: string;
  /** What the model does instead, after "ignores it and" (`is always 10 s at 720p`). */
  readonly note: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Fields that are not sent to a model and change nothing it does (`x-dropped-fields`). */
export interface DroppedFieldsFacts {
  readonly ruleSource: RuleSource;
  readonly why?: string;
  /** Why, after the model's name (`has no generation modes`). */
  readonly note: string;
  readonly fields: readonly string[];
}

/** Fields refused when non-empty (`x-refused-fields`), each with what to do instead. */
export interface RefusedFieldsFacts {
  readonly ruleSource: RuleSource;
  readonly why?: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * What one model does, as the spec declares it (`VideoModel.x-models`).
 *
 * @example
 * modelFacts('omni-10s')?.ignoredFields?.fields; // { duration: 10, resolution: '720p' }
 */
export interface ModelFacts {
  /** The fields that carry its references. */
  readonly referenceFields: readonly string[];
  /** At most this many references in each reference field. */
  readonly maxReferences?: number;
  /** Its `generation_type` modes; absent when it has none. */
  readonly generationModes?: Readonly<Record<string, GenerationModeFacts>>;
  readonly ignoredFields?: IgnoredFieldsFacts;
  readonly droppedFields?: DroppedFieldsFacts;
  readonly refusedFields?: RefusedFieldsFacts;
}

/**
 * Every canonical model and what it does. The first is the model whose rules the spec
 * states in its `else` branch: the one a draft with an unknown model is checked as.
 *
 * @example
 * Object.keys(MODEL_TABLE); // ['Gemini-Omini', 'omni-10s']
 */
export const MODEL_TABLE: Readonly<Record<CanonicalModel, ModelFacts>> = GENERATED_MODEL_TABLE;

/**
 * Aliases and the canonical model each means.
 *
 * @example
 * MODEL_ALIASES['gemini-omni']; // 'Gemini-Omini'
 */
export const MODEL_ALIASES: Readonly<Record<string, CanonicalModel>> = GENERATED_MODEL_ALIASES;

/**
 * The model the service runs for `model`: the canonical name of an alias, else `model`.
 *
 * @example
 * canonicalModel('Omni-Flash-Ext'); // 'Gemini-Omini'
 */
export function canonicalModel(model: string): string {
  return Object.hasOwn(MODEL_ALIASES, model) ? (MODEL_ALIASES[model] as string) : model;
}

/**
 * The declared behaviour of a model (an alias is resolved first); `undefined` for a
 * model the spec does not know.
 *
 * @example
 * modelFacts('gemini-omni')?.generationModes?.frame?.images; // [1]
 */
export function modelFacts(model: unknown): ModelFacts | undefined {
  if (typeof model !== 'string') return undefined;
  const name = canonicalModel(model);
  return Object.hasOwn(MODEL_TABLE, name) ? MODEL_TABLE[name as CanonicalModel] : undefined;
}

/**
 * The provider's envelope codes by name (spec: `KnownResponseCode.x-code-names`).
 *
 * @example
 * PROVIDER_CODES.authenticationFailed; // '20001'
 */
export const PROVIDER_CODES = GENERATED_PROVIDER_CODES satisfies Record<string, KnownResponseCode>;

/**
 * `uploadFile`'s documented limits: at most `maxBytes`; a name ending in one of the
 * extensions of `types`, sent with that extension's media type.
 *
 * @example
 * UPLOAD_LIMITS.types['.png']; // 'image/png'
 */
export const UPLOAD_LIMITS: {
  readonly maxBytes: number;
  readonly types: Readonly<Record<string, string>>;
} = GENERATED_UPLOAD_LIMITS;

/**
 * Every operation of the spec, by operationId: its method and path template.
 *
 * @example
 * ROUTES.getVideoTask; // { method: 'GET', path: '/api/open-api/v1/videos/{taskId}' }
 */
export const ROUTES = GENERATED_ROUTES;

/** An operationId of the spec. @example const id: OperationId = 'createVideo'; */
export type OperationId = keyof typeof ROUTES;

/**
 * How long a result link stays downloadable, in ms (spec: `x-lifetime-days`).
 *
 * @example
 * new Date(completedAtMs + LINK_LIFETIME_MS); // when the link expires
 */
export const LINK_LIFETIME_MS = LINK_LIFETIME_DAYS * 24 * 60 * 60 * 1000;

/**
 * How the CLI shows a create field as a flag (spec: the field's `x-cli`).
 *
 * @example
 * CREATE_FIELDS.generation_type?.cli?.flag; // 'mode'
 */
export interface CliHints {
  /** The flag's name; `false` for no flag. @default the field name in kebab-case */
  readonly flag?: string | false;
  readonly placeholder?: string;
  /** The help line; `{values}` becomes the enum's values. */
  readonly help?: string;
  /** The CLI's own default, where the API has none. */
  readonly default?: string;
  /** Takes `8s` as well as `8`. */
  readonly seconds?: boolean;
  /** A value without a URL scheme is a local file, uploaded first. */
  readonly files?: boolean;
}

/**
 * A create-request field's rules, `$ref`s resolved (generated from the request schema).
 *
 * @example
 * const rules: CreateFieldRules | undefined = CREATE_FIELD_RULES.resolution;
 * console.log(rules?.enum, rules?.default); // ['720p', '1080p', '4k'] '720p'
 */
export interface CreateFieldRules {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'array';
  readonly required: boolean;
  readonly enum?: readonly (string | number)[];
  readonly default?: string | number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly items?: { readonly type: string; readonly enum?: readonly (string | number)[] };
}

/**
 * A field of the create request: its rules, and its words for the CLI's help.
 *
 * @example
 * const field: CreateField | undefined = CREATE_FIELDS.generation_type;
 * console.log(field?.description, field?.cli?.flag); // … 'mode'
 */
export interface CreateField extends CreateFieldRules {
  readonly description: string;
  readonly cli?: CliHints;
}

/**
 * The rules of `createVideo`'s body fields, in the spec's order: what validation and
 * `prepare` read. Without the descriptions and CLI hints, so that a browser app, which
 * never prints help, bundles none of them (issue 18).
 *
 * @example
 * CREATE_FIELD_RULES.duration?.default; // 6
 */
export const CREATE_FIELD_RULES: Readonly<Record<string, CreateFieldRules>> =
  GENERATED_CREATE_FIELDS;

function withDocs(): Readonly<Record<string, CreateField>> {
  const docs: Readonly<Record<string, Omit<CreateField, keyof CreateFieldRules>>> =
    GENERATED_CREATE_FIELD_DOCS;
  return Object.fromEntries(
    Object.entries(CREATE_FIELD_RULES).map(([name, rules]) => [name, { ...rules, ...docs[name] }]),
  ) as Record<string, CreateField>;
}

/**
 * The fields of `createVideo`'s body, in the spec's order, with their descriptions and
 * CLI hints (the CLI builds its flags and help from them).
 *
 * @example
 * CREATE_FIELDS.duration.enum; // [4, 6, 8, 10]
 */
// Pure: a bundle that never reads it (the browser app) drops it and the words with it.
export const CREATE_FIELDS: Readonly<Record<string, CreateField>> = /* @__PURE__ */ withDocs();

/**
 * The task statuses the provider documents (spec: `KnownVideoTaskStatus`).
 *
 * @example
 * KNOWN_TASK_STATUSES.includes('completed'); // true
 */
export const KNOWN_TASK_STATUSES: readonly string[] = GENERATED_KNOWN_TASK_STATUSES;
