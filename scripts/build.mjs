#!/usr/bin/env node
// @ts-check
/**
 * `npm run build`: dist/ for the published package.
 *
 * - JavaScript: esbuild bundles each entry (the SDK, the sandbox, the CLI) as ESM with
 *   everything it uses, tree-shaken (zod, ajv and the generated client included), so
 *   the package has no runtime dependencies and users get no zod version conflicts.
 *   Code splitting keeps one copy of shared modules, so `instanceof OmniError` holds
 *   across entries.
 * - Types: tsc emits declarations to dist/types.
 * - Assets: the sandbox's sample video, beside the bundles that load it.
 *
 * `--js-only` skips the declarations (for `npm start`, which only runs the CLI).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const jsOnly = process.argv.includes('--js-only');

rmSync(dist, { recursive: true, force: true });
const entryPoints = { index: 'src/index.ts', sandbox: 'src/sandbox/index.ts' };
if (existsSync(join(root, 'src/cli/bin.ts'))) Object.assign(entryPoints, { cli: 'src/cli/bin.ts' });
await build({
  absWorkingDir: root,
  entryPoints,
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Chunks at the root of dist/, beside the entries: the sandbox finds ./assets/ there.
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
cpSync(join(root, 'src/sandbox/assets'), join(dist, 'assets'), { recursive: true });

if (!jsOnly)
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
console.log(`dist/ built${jsOnly ? ' (JavaScript only)' : ''}.`);
