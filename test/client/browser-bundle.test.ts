/**
 * Promise (issue 18): a browser app carries only what it runs. The shipped browser
 * build of the main entry holds no validation library (the checks are generated
 * plain JavaScript, generated/validators.gen.ts) and none of the CLI's words (the
 * create fields' descriptions and help lines, which only the CLI prints).
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, test } from 'vitest';
import { browserBundleOptions } from '../../scripts/build-options.mjs';
import { CREATE_FIELDS } from '../../src/core/facts.js';

const ROOT = join(import.meta.dirname, '../..');

test('the browser build holds no zod and none of the CLI help texts', async () => {
  const result = await build({
    ...browserBundleOptions('/out'),
    absWorkingDir: ROOT,
    write: false,
    sourcemap: false,
    logLevel: 'error',
  });
  const code = result.outputFiles.find((file) => file.path.endsWith('index.js'))!.text;
  // A sanity check that this is the SDK: the create route is in it.
  expect(code).toContain('/api/open-api/v1/gemini/omni/videos');
  // zod's own words, in every zod build.
  expect(code).not.toContain('Invalid input');
  expect(code).not.toContain('zod');
  const words = Object.values(CREATE_FIELDS).flatMap((field) =>
    [field.description, field.cli?.help].filter((text): text is string => !!text),
  );
  expect(words.length).toBeGreaterThan(5);
  for (const text of words) expect(code).not.toContain(text);
});
