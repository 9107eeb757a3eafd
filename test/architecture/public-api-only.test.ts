/**
 * Promise: the CLI and the queue use only the public API (issue 18). Outside their own
 * folder, src/cli and src/queue import nothing but the package's entries, what a user
 * of the published package can import: `jimmyai-omni` (src/index.ts),
 * `jimmyai-omni/sandbox`, `jimmyai-omni/queue` and `jimmyai-omni/package.json`. Type-only
 * and dynamic imports count too: each would tie the part to an inner file of the SDK.
 */
import { join, relative, sep } from 'node:path';
import { expect, test } from 'vitest';
import { localImports, sourceFiles, SRC } from './imports.js';

const ENTRIES = new Set(
  ['index.ts', 'sandbox/index.ts', 'queue/index.ts', '../package.json'].map((p) => join(SRC, p)),
);

/** Each import of a file in `part` (a folder of src/) that reaches past its folder to no entry. */
function innerImports(part: string, files: readonly { file: string; text?: string }[]): string[] {
  const own = join(SRC, part) + sep;
  return files.flatMap(({ file, text }) =>
    localImports(file, text)
      .filter((target) => !target.startsWith(own) && !ENTRIES.has(target))
      .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`),
  );
}

test('the rule catches an inner import of any kind, and lets the entries through', () => {
  const file = join(SRC, 'cli/commands/example.ts');
  const text = [
    "import { Omni } from '../../index.js';",
    "import type { Sandbox } from '../../sandbox/index.js';",
    "import { helper } from '../helper.js';",
    "import pkg from '../../../package.json' with { type: 'json' };",
    "import type { CreateField } from '../../core/facts.js';",
    "const routes = await import('../../sandbox/routes.js');",
    "export { printable } from '../../core/printable.js';",
  ].join('\n');
  expect(innerImports('cli', [{ file, text }])).toEqual([
    'cli/commands/example.ts -> core/facts.ts',
    'cli/commands/example.ts -> sandbox/routes.ts',
    'cli/commands/example.ts -> core/printable.ts',
  ]);
});

test.each(['cli', 'queue'])('src/%s imports only the public entries of the SDK', (part) => {
  const files = sourceFiles(join(SRC, part)).map((file) => ({ file }));
  // The walk saw the part's files and their imports of the main entry.
  expect(files.length).toBeGreaterThan(3);
  expect(files.some(({ file }) => localImports(file).includes(join(SRC, 'index.ts')))).toBe(true);
  expect(innerImports(part, files)).toEqual([]);
});
