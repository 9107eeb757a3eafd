#!/usr/bin/env node
// @ts-check
/**
 * `npm run build`: dist/ for the published package.
 *
 * - JavaScript: esbuild bundles each entry (the SDK, the sandbox, the CLI) as ESM;
 *   the options and their reasons are in build-options.mjs.
 * - Types: tsc emits declarations to dist/types.
 * - Assets: the sandbox's sample video, beside the bundles that load it.
 *
 * `--js-only` skips the declarations (for `npm start`, which only runs the CLI).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from './build-options.mjs';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const jsOnly = process.argv.includes('--js-only');

rmSync(dist, { recursive: true, force: true });
await build({ absWorkingDir: root, ...bundleOptions(dist) });
cpSync(join(root, 'src/sandbox/assets'), join(dist, 'assets'), { recursive: true });

if (!jsOnly)
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
console.log(`dist/ built${jsOnly ? ' (JavaScript only)' : ''}.`);
