/**
 * The local imports of src/, read from source text: shared by the architecture tests
 * (no import circles; the CLI and the queue on the public entries only).
 *
 * A regular expression rather than a dependency (madge): the project's imports are plain
 * relative specifiers ending in `.js`, which it reads exactly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The absolute path of src/. */
export const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** `from './x.js'` (import, export, import type), `import('./x.js')` and `import './x.js'`. */
export const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

/**
 * Every .ts file below `dir`.
 *
 * @example
 * sourceFiles(join(SRC, 'cli')); // ['/…/src/cli/args.ts', …]
 */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The files `text` (the source of `file`) imports, as absolute paths: `.js` read as
 * the `.ts` beside it, other files (package.json) as they are.
 *
 * @example
 * localImports('/repo/src/cli/main.ts', "import { x } from '../index.js';"); // ['/repo/src/index.ts']
 */
export function localImports(file: string, text = readFileSync(file, 'utf8')): string[] {
  return [...text.matchAll(SPECIFIER)].map((m) =>
    resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts')),
  );
}
