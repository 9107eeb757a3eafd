#!/usr/bin/env node
// @ts-check
/**
 * `npm run build`: dist/ for the published package.
 *
 * - JavaScript: esbuild bundles each entry as readable ESM: the SDK, the sandbox and
 *   the CLI for Node, Bun and Deno, and the SDK again for browsers (dist/browser/);
 *   the options and their reasons are in build-options.mjs.
 * - Types: tsc emits declarations to dist/types (one set for both builds of the SDK).
 *
 * `--js-only` skips the declarations (for `npm start`, which only runs the CLI).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { browserBundleOptions, bundleOptions } from './build-options.mjs';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const jsOnly = process.argv.includes('--js-only');

rmSync(dist, { recursive: true, force: true });
await Promise.all([
  build({ absWorkingDir: root, ...bundleOptions(dist) }),
  build({ absWorkingDir: root, ...browserBundleOptions(dist) }),
]);

if (!jsOnly)
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
console.log(`dist/ built${jsOnly ? ' (JavaScript only)' : ''}.`);
