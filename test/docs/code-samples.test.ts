/**
 * Every operation of the spec carries code samples (`x-codeSamples`): TypeScript with
 * this SDK, and curl. The TypeScript ones are taken from the bundled spec and
 * type-checked with tsc against the sources, as the examples are, so that a sample
 * on the docs page cannot rot when the SDK changes. One deliberately broken sample
 * goes through the same check, to show that the check fails when it should.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import spec from '../../generated/openapi.json' with { type: 'json' };

const root = resolve(import.meta.dirname, '../..');

interface CodeSample {
  lang: string;
  label?: string;
  source: string;
}

const operations = Object.values(spec.paths).flatMap((path) =>
  Object.values(path as Record<string, { operationId: string; 'x-codeSamples'?: CodeSample[] }>),
);

test('every operation has a TypeScript sample with this SDK, and a curl sample', () => {
  expect(operations.map((op) => op.operationId).sort()).toEqual([
    'createVideo',
    'getVideoTask',
    'uploadFile',
  ]);
  for (const op of operations) {
    const langs = (op['x-codeSamples'] ?? []).map((s) => s.lang);
    expect(langs, op.operationId).toEqual(['TypeScript', 'curl']);
    const [ts, curl] = op['x-codeSamples'] as CodeSample[];
    expect(ts?.source).toContain("from 'jimmyai-omni'");
    expect(curl?.source).toMatch(/^curl /);
    expect(curl?.source).toContain('$JIMMYAI_API_KEY');
  }
});

// Inside the repository, so that tsconfig.json's "paths" map 'jimmyai-omni' to src/
// and the nearest package.json makes the files ES modules (top-level await).
const dir = mkdtempSync(join(root, '.code-samples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the TypeScript samples type-check against the sources (and a broken one does not)', () => {
  const files: string[] = [];
  for (const op of operations) {
    const sample = op['x-codeSamples']?.find((s) => s.lang === 'TypeScript');
    const file = join(dir, `${op.operationId}.ts`);
    writeFileSync(file, `${sample?.source ?? ''}\nexport {};\n`);
    files.push(file);
  }
  const broken = join(dir, 'broken.ts');
  writeFileSync(
    broken,
    "import { Omni } from 'jimmyai-omni';\nawait new Omni().videos.create({ model: 'Gemini-Omini', prompt: 'x', duration: 5 });\nexport {};\n",
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: '../tsconfig.json', include: [...files, broken] }),
  );
  const run = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json')], {
    cwd: root,
    encoding: 'utf8',
  });
  const errors = run.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
  // Only the broken sample fails: duration 5 is not one of 4, 6, 8, 10.
  expect(errors.length, run.stdout).toBeGreaterThan(0);
  expect(
    errors.filter((line) => !line.includes('broken.ts')),
    run.stdout,
  ).toEqual([]);
}, 120_000);
