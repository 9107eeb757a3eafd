/**
 * An edit to the spec that is not regenerated fails `npm test`: the drift check
 * (`npm run check:generated`) regenerates into a temporary folder and names every
 * file of generated/ that differs. Run here on a copy of the project.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const copy = mkdtempSync(join(tmpdir(), 'omni-drift-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

test('a spec edit without regeneration is reported, file by file', () => {
  for (const entry of [
    'spec',
    'generator',
    'generated',
    'redocly.yaml',
    '.redocly.lint-ignore.yaml',
    '.prettierrc.json',
    'package.json',
  ])
    cpSync(join(root, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));

  const specPath = join(copy, 'spec/openapi.yaml');
  const edited = readFileSync(specPath, 'utf8').replace(
    'summary: Get a video task',
    'summary: Fetch a video task',
  );
  expect(edited).not.toEqual(readFileSync(specPath, 'utf8'));
  writeFileSync(specPath, edited);
  writeFileSync(join(copy, 'generated/hand-written.ts'), 'export const x = 1;\n');

  const run = spawnSync('node', ['generator/generate.mjs', '--check'], {
    cwd: copy,
    encoding: 'utf8',
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('differs: generated/sdk.gen.ts');
  expect(run.stderr).toContain('differs: generated/openapi.json');
  expect(run.stderr).toContain('not produced by the spec: generated/hand-written.ts');
  expect(run.stderr).not.toContain('types.gen.ts');
}, 60_000);
