#!/usr/bin/env node
// @ts-check
/**
 * Runs a TypeScript entry (a benchmark, an example) on Node 20, which cannot run
 * TypeScript itself: esbuild bundles it to a temporary ESM file (dependencies stay
 * external), which then runs with the given arguments and this process's stdio.
 *
 *   node scripts/run-ts.mjs bench/polling.ts [args...]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundled, every module's `import.meta.url` would be the temporary file's; modules
 * that find files beside themselves (the sandbox's sample video) need their own.
 * @type {import('esbuild').Plugin}
 */
const sourceImportMetaUrl = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      return {
        contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)),
        loader: 'ts',
      };
    });
  },
};

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
// Inside the project, so that external packages resolve from its node_modules.
const dir = mkdtempSync(join(root, 'node_modules', '.run-ts-'));
const outfile = join(dir, `${basename(entry, '.ts')}.mjs`);
try {
  await build({
    entryPoints: [resolve(entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: [sourceImportMetaUrl],
    // Examples import the package by name, as users do: here, that is the sources.
    alias: { 'jimmyai-omni': './src' },
    absWorkingDir: root,
  });
  // Asynchronous, forwarding SIGINT/SIGTERM: Ctrl-C reaches the program (the CLI
  // prints how to resume) instead of killing this wrapper and orphaning it.
  const child = spawn(process.execPath, ['--enable-source-maps', outfile, ...args], {
    stdio: 'inherit',
    env: process.env,
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const [code, signal] = await once(child, 'exit');
  process.exitCode = code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
