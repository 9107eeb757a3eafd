/**
 * A hey-api plugin that writes generated/facts.gen.ts: the facts of the API that the
 * handwritten code acts on, read from the spec's schemas, operations and vendor
 * extensions (`x-models`, `x-model-aliases`, `x-code-names`, `x-max-bytes`,
 * `x-allowed-extensions`, `x-lifetime-days`, `x-cli`). Each fact is written once, in
 * spec/openapi.yaml; src/, the sandbox, the CLI and the test helpers import it from
 * here (through src/core/facts.ts), so a change of the spec reaches all of them at the next
 * `npm run generate`. Output is a set of `as const` literals: deterministic (keys in
 * the spec's order) and typed to the letter, so `keyof typeof MODEL_TABLE` is the
 * list of canonical models.
 */
import { $, type DefinePlugin, definePluginConfig } from '@hey-api/openapi-ts';

type Config = { readonly name: 'facts' };
type FactsPlugin = DefinePlugin<Config>;
type Json = Record<string, unknown>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Follows local `$ref`s (`#/components/...`), once per level. */
function deref(spec: Json, node: unknown): Json {
  let value = node as Json | undefined;
  while (value && typeof value.$ref === 'string') {
    const path = (value.$ref as string).replace(/^#\//, '').split('/');
    value = path.reduce<Json>((at, key) => at[key] as Json, spec);
  }
  return value ?? {};
}

/** The first paragraph of a description, on one line. */
const firstParagraph = (text: unknown): string =>
  typeof text === 'string' ? (text.trim().split(/\n\s*\n/)[0] ?? '').replace(/\s+/g, ' ') : '';

/** A create-request field's rules (its words are in {@link fieldDocs}). */
function field(spec: Json, name: string, raw: unknown, required: boolean): Json {
  const own = raw as Json;
  const schema = deref(spec, own);
  const out: Json = { name, type: schema.type, required };
  for (const key of ['enum', 'default', 'minimum', 'maximum', 'minLength', 'maxLength'])
    if (schema[key] !== undefined) out[key] = schema[key];
  if (schema.pattern !== undefined) out.pattern = schema.pattern;
  if (schema.type === 'array') {
    const items = deref(spec, schema.items);
    out.items = { type: items.type, ...(items.enum ? { enum: items.enum } : {}) };
    if (items.format) (out.items as Json).format = items.format;
    if (items.pattern) (out.items as Json).pattern = items.pattern;
    for (const key of ['minItems', 'maxItems'])
      if (schema[key] !== undefined) out[key] = schema[key];
  }
  return out;
}

/**
 * A create-request field's words, for the CLI's help: its description and `x-cli`
 * hints. Apart from {@link field} so that a browser app, which never prints help,
 * bundles none of them (issue 18).
 */
function fieldDocs(spec: Json, raw: unknown): Json {
  const own = raw as Json;
  const schema = deref(spec, own);
  const out: Json = { description: firstParagraph(own.description ?? schema.description) };
  const cli = own['x-cli'] ?? schema['x-cli'];
  if (cli !== undefined) out.cli = cli;
  return out;
}

/** `x-max-references` → `maxReferences`, in every key below the top level (the model names). */
function camelKeys(value: unknown, top = false): unknown {
  if (Array.isArray(value)) return value.map((v) => camelKeys(v));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      top ? key : key.replace(/^x-/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
      camelKeys(v),
    ]),
  );
}

/**
 * The facts, by export name. A spec that lacks one (a schema of another name, a spec
 * written for a test) just gets no export for it: src/core/facts.ts's typecheck then says
 * which fact the project's spec must hold.
 */
function facts(spec: Json): Json {
  const schemas = ((spec.components as Json | undefined)?.schemas ?? {}) as Json;
  const at = (value: unknown, ...keys: string[]): unknown =>
    keys.reduce<unknown>((node, key) => (node as Json | undefined)?.[key], value);
  const out: Json = {};

  const aliases = at(schemas, 'VideoModel', 'x-model-aliases') as Json | undefined;
  if (aliases) {
    out.MODEL_ALIASES = aliases.aliases;
    out.MODEL_ALIASES_SOURCE = aliases['x-rule-source'];
  }
  const models = at(schemas, 'VideoModel', 'x-models');
  if (models) out.MODEL_TABLE = camelKeys(models, true);
  const codes = at(schemas, 'KnownResponseCode', 'x-code-names');
  if (codes) out.PROVIDER_CODES = codes;
  const file = deref(spec, at(schemas, 'UploadFileRequest', 'properties', 'file'));
  if (file['x-max-bytes'] !== undefined)
    out.UPLOAD_LIMITS = { maxBytes: file['x-max-bytes'], types: file['x-allowed-extensions'] };

  const routes: Json = {};
  for (const [path, item] of Object.entries((spec.paths ?? {}) as Json))
    for (const method of HTTP_METHODS) {
      const operation = (item as Json)[method] as Json | undefined;
      if (operation?.operationId === undefined) continue;
      routes[operation.operationId as string] = { method: method.toUpperCase(), path };
    }
  out.ROUTES = routes;

  const lifetime = at(schemas, 'VideoTaskResult', 'properties', 'video_url', 'x-lifetime-days');
  if (lifetime !== undefined) out.LINK_LIFETIME_DAYS = lifetime;

  const create = schemas.CreateVideoRequest as Json | undefined;
  if (create) {
    const required = (create.required as string[]) ?? [];
    const fields: Json = {};
    const docs: Json = {};
    for (const [name, raw] of Object.entries((create.properties ?? {}) as Json)) {
      fields[name] = field(spec, name, raw, required.includes(name));
      docs[name] = fieldDocs(spec, raw);
    }
    out.CREATE_FIELDS = fields;
    out.CREATE_FIELD_DOCS = docs;
  }
  const statuses = at(schemas, 'KnownVideoTaskStatus', 'enum');
  if (statuses) out.KNOWN_TASK_STATUSES = statuses;
  return out;
}

const DOCS: Record<string, string> = {
  MODEL_ALIASES: 'Model aliases and the canonical model each means (`x-model-aliases`).',
  MODEL_ALIASES_SOURCE: "Whose rule the aliases are: `'provider'` or `'decision'`.",
  MODEL_TABLE: 'What each canonical model does (`VideoModel.x-models`).',
  PROVIDER_CODES: "The provider's envelope codes by name (`KnownResponseCode.x-code-names`).",
  UPLOAD_LIMITS:
    "`uploadFile`'s limits: bytes (`x-max-bytes`), extensions and their media types (`x-allowed-extensions`).",
  ROUTES: 'Every operation of the spec: its method and path template, by operationId.',
  LINK_LIFETIME_DAYS: 'How many days a result link stays downloadable (`x-lifetime-days`).',
  CREATE_FIELDS: "The fields of `createVideo`'s body and their rules, `$ref`s resolved.",
  CREATE_FIELD_DOCS: "The words of `createVideo`'s body fields: descriptions and `x-cli` hints.",
  KNOWN_TASK_STATUSES: 'The task statuses the provider documents (`KnownVideoTaskStatus`).',
};

const handler: FactsPlugin['Handler'] = ({ plugin }) => {
  for (const [name, value] of Object.entries(facts(plugin.context.spec as unknown as Json))) {
    const symbol = plugin.symbol(name);
    plugin.node(
      $.const(symbol)
        .export()
        .doc(DOCS[name] ?? name)
        .assign($($.fromValue(value, { layout: 'pretty' })).as('const')),
    );
  }
};

const defaultConfig: FactsPlugin['Config'] = {
  config: {},
  handler,
  name: 'facts',
  // The artifact names the output file: generated/facts.gen.ts.
  symbolMeta: () => ({ artifact: 'facts' }),
};

/** The plugin, for generator/openapi-ts.config.ts: `plugins: [..., factsPlugin()]`. */
export const factsPlugin = definePluginConfig(defaultConfig);
