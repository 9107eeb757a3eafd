// @ts-check
/**
 * Writes generated/validators.gen.ts: plain-JS validators compiled from the bundled spec
 * (openapi.json) by Ajv's standalone code generation, so that the SDK judges requests
 * and answers by the same JSON Schema, and the same library, as the sandbox does, with
 * no validation library in the SDK's bundle (zod/mini was 8 KB of the browser app's
 * gzip; issue 18).
 *
 * It holds:
 * - `OPERATION_CHECKS`: for each operation (by `METHOD /path/{template}`), the checks of
 *   its JSON body (`<operationId>_body`: for `createVideo`, the shape `prepare` checks),
 *   its path and query parameters, and its success answer (an envelope by its field
 *   table, see below; any other answer by its whole schema), which `omni.request` applies
 *   to any generated function (src/core/http/api-client.ts). A request body is checked
 *   for its shape only (types, enums, limits, patterns, required and unknown fields):
 *   its cross-field rules (`if`/`then`/`else`, `not`) are left out, since
 *   src/core/request/rules.ts checks them and names each with its rule's source, which
 *   a JSON Schema error cannot say. Parameters keep every rule (`not` included).
 * - `PATTERN_MESSAGES`: each pattern's `x-pattern-message`, the words a refused value reads.
 * - `<Schema>Fields` for every open object schema (the answers): one check per declared
 *   field, so that src/core/typed-fields.ts can leave out exactly the fields that
 *   contradict the spec, and src/core/schemas.ts can check what identifies an answer.
 *   A field whose schema is another object schema points at that schema's table.
 *
 * Run by generator/generate.mjs (`npm run generate`), never by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

/** @typedef {Record<string, any>} Json */

// Annotations change no verdict; left out, the compiled code embeds no prose.
const ANNOTATIONS = new Set(['description', 'example', 'examples', 'title', 'default']);
// A closed request object's cross-field rules: checked by src/core/request/rules.ts (see above).
const CROSS_FIELD = ['if', 'then', 'else', 'not'];

/**
 * `node` without annotations and vendor extensions, and a closed object (a request
 * body) without its cross-field rules.
 * @param {unknown} node @returns {any}
 */
function shapeOnly(node) {
  if (Array.isArray(node)) return node.map(shapeOnly);
  if (node === null || typeof node !== 'object') return node;
  const closed = /** @type {Json} */ (node).additionalProperties === false;
  /** @type {Json} */
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    if (closed && CROSS_FIELD.includes(key)) continue;
    out[key] = shapeOnly(value);
  }
  return out;
}

/** Every `pattern` → its `x-pattern-message`, anywhere in `node`. @param {unknown} node @param {Json} out */
function patternMessages(node, out = {}) {
  if (node === null || typeof node !== 'object') return out;
  const schema = /** @type {Json} */ (node);
  if (typeof schema.pattern === 'string' && typeof schema['x-pattern-message'] === 'string')
    out[schema.pattern] = schema['x-pattern-message'];
  for (const value of Object.values(schema)) patternMessages(value, out);
  return out;
}

const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `node` (shape only) with its local `$ref`s pointing into the document added as `spec`. @param {unknown} node @returns {any} */
function inSpec(node) {
  if (Array.isArray(node)) return node.map(inSpec);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(shapeOnly(node)).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `spec${value}`
        : inSpec(value),
    ]),
  );
}

/** Follows a local `$ref` once. @param {Json} spec @param {Json | undefined} node @returns {Json | undefined} */
function deref(spec, node) {
  if (typeof node?.$ref !== 'string') return node;
  return node.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((at, key) => at?.[key], /** @type {any} */ (spec));
}

/**
 * What to check of each operation's calls: its JSON body, its path and query parameters
 * (each as one object, as the generated client takes them) and its success answer.
 * @param {Json} spec @returns {Array<{ key: string, id: string, parts: Record<string, Json> }>}
 */
function operations(spec) {
  const out = [];
  for (const [path, item] of Object.entries(spec.paths ?? {}))
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation?.operationId) continue;
      /** @type {Record<string, Json>} */
      const parts = {};
      const body = deref(spec, operation.requestBody)?.content?.['application/json']?.schema;
      if (body) parts.body = inSpec(body);
      for (const where of ['path', 'query']) {
        const params = [...(item.parameters ?? []), ...(operation.parameters ?? [])]
          .map((p) => deref(spec, p))
          .filter((p) => p?.in === where && p.schema);
        if (params.length === 0) continue;
        parts[where] = {
          type: 'object',
          required: params.filter((p) => p.required).map((p) => p.name),
          properties: Object.fromEntries(params.map((p) => [p.name, inSpec(p.schema)])),
        };
      }
      const success = Object.entries(operation.responses ?? {}).find(([code]) => /^2/.test(code));
      const answer = deref(spec, success?.[1])?.content?.['application/json']?.schema;
      // An answer that is an open object schema is read as the resources read theirs
      // (its field table: the envelope and what identifies the data); any other is checked whole.
      const table = SCHEMA_REF.exec(answer?.$ref ?? '')?.[1];
      if (table && isOpenObject(spec.components?.schemas?.[table])) parts.response = { table };
      else if (answer) parts.response = inSpec(answer);
      out.push({ key: `${method.toUpperCase()} ${path}`, id: operation.operationId, parts });
    }
  return out;
}

/**
 * The object schema a field holds, if it is one by reference (`$ref`, or `anyOf` of
 * a `$ref` and `null`): its name and whether `null` is allowed instead.
 * @param {Json} schemas @param {Json} field @returns {{ name: string, nullable: boolean } | undefined}
 */
function objectField(schemas, field) {
  const branches = Array.isArray(field.anyOf) ? field.anyOf : [field];
  const refs = branches.filter((b) => typeof b.$ref === 'string');
  const others = branches.filter((b) => typeof b.$ref !== 'string');
  if (refs.length !== 1 || !others.every((b) => b.type === 'null')) return undefined;
  const name = SCHEMA_REF.exec(refs[0].$ref)?.[1];
  if (!name || !isOpenObject(schemas[name])) return undefined;
  return { name, nullable: others.length > 0 };
}

/** An object schema with declared fields that accepts others (an answer, not a request). @param {Json | undefined} schema */
const isOpenObject = (schema) =>
  schema?.type === 'object' &&
  typeof schema.properties === 'object' &&
  schema.additionalProperties !== false;

/**
 * The TypeScript source of generated/validators.gen.ts, from the bundled spec.
 * @param {Json} spec @returns {string}
 */
export function validatorsSource(spec) {
  const schemas = /** @type {Json} */ (spec.components?.schemas ?? {});
  // Ajv's default dialect (draft-07), not its 2020 class: the shapes left after
  // shapeOnly use only keywords both share, and the 2020 code tracks evaluated
  // properties for `unevaluated*` on every call (0.4 KB more gzipped, and slower).
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    strictNumbers: true,
    // String lengths in UTF-16 units (`.length`), as JavaScript and the zod schemas before
    // counted them (the sandbox's Ajv counts code points: they differ only for characters
    // outside the BMP). Mainly: no runtime helper to import, since Ajv's helpers are
    // CommonJS modules whose default export a bundle for Node would read as the whole module.
    unicode: false,
    logger: {
      log: console.log,
      // Ajv calls `unicode` deprecated, yet honours it (vocabularies/validation/limitLength).
      warn: (/** @type {unknown} */ message) =>
        String(message).includes('option unicode') ? undefined : console.warn(message),
      error: console.error,
    },
    // The words are src/core/schemas.ts's (describeSchemaError): 0.26 KB less gzipped.
    messages: false,
    code: { source: true, esm: true, lines: false, optimize: true },
  });
  ajv.addSchema({ components: { schemas: shapeOnly(schemas) } }, 'spec');

  /** @type {Record<string, string>} export name → schema id */
  const exports = {};
  const add = (/** @type {string} */ id, /** @type {string} */ pointer) => {
    ajv.addSchema({ $id: id, $ref: `spec#${pointer}` });
    exports[id] = id;
  };
  const operationLines = [];
  for (const { key, id, parts } of operations(spec)) {
    const entries = [];
    for (const [part, schema] of Object.entries(parts)) {
      if (typeof schema.table === 'string') {
        entries.push(`${part}: ${schema.table}Fields`);
        continue;
      }
      const name = `${id.replace(/[^A-Za-z0-9_]/g, '_')}_${part}`;
      ajv.addSchema({ $id: name, ...schema });
      exports[name] = name;
      entries.push(`${part}: ${name}`);
    }
    operationLines.push(`  ${JSON.stringify(key)}: { ${entries.join(', ')} },`);
  }

  // The answers' field tables, each after the tables it points at.
  const tables = Object.keys(schemas).filter((name) => isOpenObject(schemas[name]));
  /** @type {string[]} */
  const ordered = [];
  const visit = (/** @type {string} */ name) => {
    if (ordered.includes(name)) return;
    for (const field of Object.values(schemas[name].properties)) {
      const nested = objectField(schemas, /** @type {Json} */ (field));
      if (nested && nested.name !== name) visit(nested.name);
    }
    ordered.push(name);
  };
  tables.forEach(visit);

  const lines = [];
  /** @type {Map<string, string>} a field schema (as JSON) → the id of its check */
  const checkOf = new Map();
  for (const name of ordered) {
    const schema = schemas[name];
    const entries = [];
    for (const [field, fieldSchema] of Object.entries(schema.properties)) {
      const nested = objectField(schemas, /** @type {Json} */ (fieldSchema));
      if (nested) {
        entries.push(
          `${JSON.stringify(field)}: { object: ${nested.name}Fields, nullable: ${nested.nullable} }`,
        );
        continue;
      }
      // Fields with the same schema (every envelope's `code` and `msg`, the ids of a
      // task and of a created task) share one check.
      const same = JSON.stringify(shapeOnly(fieldSchema));
      let id = checkOf.get(same);
      if (id === undefined) {
        id = `${name}_${field.replace(/[^A-Za-z0-9_]/g, '_')}`;
        checkOf.set(same, id);
        add(
          id,
          `/components/schemas/${name}/properties/${field.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        );
      }
      entries.push(`${JSON.stringify(field)}: ${id}`);
    }
    lines.push(
      `/** The declared fields of \`${name}\`, each with its own check. */`,
      `export const ${name}Fields = { required: ${JSON.stringify(schema.required ?? [])}, fields: { ${entries.join(', ')} } };`,
    );
  }

  const code = standaloneCode(ajv, exports).replace(/^"use strict";/, '');
  // A runtime helper would be a CommonJS require() (see `unicode` above): none may be left.
  if (/\brequire\(/.test(code))
    throw new Error("validators: Ajv's output requires a runtime helper");
  // The table entries name the validators by their ids; Ajv exports them under the same names.
  return [
    '// This file is auto-generated by generator/validators.mjs (npm run generate): Ajv standalone',
    '// validators compiled from the bundled spec. Never edit it by hand.',
    '// @ts-nocheck',
    code,
    `/** Each \`pattern\` of the spec with its \`x-pattern-message\`. */`,
    `export const PATTERN_MESSAGES: Readonly<Record<string, string>> = ${JSON.stringify(patternMessages(schemas))};`,
    ...lines,
    '/** The checks of each operation (`METHOD /path/{template}`): body, path, query, success answer. */',
    'export const OPERATION_CHECKS = {',
    ...operationLines,
    '};',
    '',
  ].join('\n');
}

/** Writes `<outDir>/validators.gen.ts` from `<outDir>/openapi.json`. @param {string} outDir */
export function writeValidators(outDir) {
  const spec = JSON.parse(readFileSync(`${outDir}/openapi.json`, 'utf8'));
  writeFileSync(`${outDir}/validators.gen.ts`, validatorsSource(spec));
}
