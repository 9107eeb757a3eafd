/**
 * Promise (issue 18): a browser app carries only what it runs. The shipped browser
 * build of the main entry holds no validation library (the checks are generated
 * plain JavaScript, generated/validators.gen.ts); an app bundled from it holds none of
 * the CLI's words (the create fields' descriptions and help lines, which only the CLI
 * prints; the package exports them as CREATE_FIELDS for tools that build forms or help).
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, test } from 'vitest';
import {
  browserAppOptions,
  browserBuildCode,
  browserPlatform,
  inMemoryModule,
} from '../../scripts/build-options.mjs';
import { CREATE_FIELDS } from '../../src/core/facts.js';

const ROOT = join(import.meta.dirname, '../..');

test('the browser build holds no zod; a browser app bundled from it none of the CLI help texts', async () => {
  const code = await browserBuildCode(build, ROOT);
  // A sanity check that this is the SDK: the create route is in it.
  expect(code).toContain('/api/open-api/v1/gemini/omni/videos');
  // zod's own words, in every zod build.
  expect(code).not.toContain('Invalid input');
  expect(code).not.toContain('zod');
  // The app of bench/size: create and wait, bundled, minified and tree-shaken as a
  // browser app's bundler would, from the shipped browser build.
  const app = await build({
    absWorkingDir: ROOT,
    stdin: {
      contents: [
        `import { Omni } from 'jimmyai-omni';`,
        `const omni = new Omni({ apiKey: 'k', dangerouslyAllowBrowser: true });`,
        `const task = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'A fox' });`,
        `console.log((await omni.videos.wait(task)).result.video_url);`,
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
    },
    plugins: [inMemoryModule('jimmyai-omni', code), browserPlatform],
    ...browserAppOptions,
  });
  const appCode = app.outputFiles[0]!.text;
  expect(appCode).toContain('/api/open-api/v1/gemini/omni/videos');
  const words = Object.values(CREATE_FIELDS).flatMap((field) =>
    [field.description, field.cli?.help].filter((text): text is string => !!text),
  );
  expect(words.length).toBeGreaterThan(5);
  for (const text of words) expect(appCode).not.toContain(text);
});
