/**
 * The @hey-api/openapi-ts configuration: spec/openapi.yaml in, generated/ out.
 *
 * Run through `npm run generate` (generator/generate.mjs), which also lints the spec,
 * bundles it to JSON and formats the output. The generator version is pinned exactly
 * in package.json because its output changes between versions.
 */
import { defineConfig, type UserConfig } from '@hey-api/openapi-ts';
import { factsPlugin } from './facts-plugin.js';

/** The configuration, writing to `outDir`. */
export function openApiTsConfig(outDir: string): UserConfig {
  return {
    input: './spec/openapi.yaml',
    output: { path: outDir, module: { extension: '.js' } },
    logs: { file: false, level: 'silent' },
    plugins: [
      {
        name: '@hey-api/typescript',
        $resolvers: {
          // An open enum (`anyOf: [enum, type: string]`) would print `Known | string`,
          // which TypeScript collapses to `string`: no completions, and a typo such as
          // 'compleeted' compiles. `string & {}` keeps any string valid and the known
          // values visible.
          union(ctx) {
            const open = ctx.schemas.findIndex((s) => isPlainString(s as unknown as Schema));
            if (open < 0) return undefined;
            // Only beside string literals (an enum, a const, or a reference to one): a
            // plain `string | number` or `string | null` has no values to keep visible.
            const literal = (s: Schema): boolean => {
              if (s.$ref)
                return literal(ctx.plugin.context.resolveIrRef(s.$ref) as unknown as Schema);
              return s.type === 'enum' || s.const !== undefined;
            };
            if (!ctx.schemas.some((s, i) => i !== open && literal(s as unknown as Schema)))
              return undefined;
            const openString = ctx.$.type.and('string', ctx.$.type.object());
            return ctx.$.type.or(
              ...ctx.childResults.map((r, i) => (i === open ? openString : r.type)),
            );
          },
        },
      },
      '@hey-api/client-fetch',
      {
        name: '@hey-api/sdk',
        // No validation library in the SDK: its checks are Ajv standalone code compiled from
        // the same spec (generator/validators.mjs), which src/ passes to each call.
        validator: false,
        // No default client built at import time: building one loads Node's fetch
        // (about 40 ms of start-up); each Omni creates its own, when first needed.
        client: false,
      },
      factsPlugin(),
    ],
  };
}

/** `{ type: 'string' }` with nothing that narrows it: the "any other value" of an open set. */
type Schema = { type?: unknown; $ref?: string; const?: unknown; [key: string]: unknown };

function isPlainString(schema: Schema): boolean {
  const narrowing = [
    'const',
    'enum',
    'format',
    'pattern',
    'minLength',
    'maxLength',
    '$ref',
    'items',
  ];
  return schema.type === 'string' && !narrowing.some((key) => schema[key] !== undefined);
}

// generated/ normally; generate.mjs points it at a temporary folder for the drift check.
export default defineConfig(openApiTsConfig(process.env.OMNI_GENERATED_DIR ?? './generated'));
