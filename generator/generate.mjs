#!/usr/bin/env node
// @ts-check
/**
 * `npm run generate`: lint the spec, regenerate generated/ from it, format the result.
 * `npm run check:generated` (`--check`): do the same into a temporary folder and fail,
 * naming the files, when generated/ differs from what the spec produces.
 *
 * generated/ receives:
 * - hey-api's output (types, fetch client, SDK functions),
 * - openapi.json, the spec bundled into one document (shipped in the package; the
 *   sandbox validates requests against it with Ajv),
 * - validators.gen.ts, Ajv standalone validators compiled from that document
 *   (generator/validators.mjs),
 * - README.md, saying that the folder is written only by this script.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeValidators } from './validators.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const generatedDir = join(root, 'generated');

const README = `# generated/

Everything in this folder is written by \`npm run generate\` from \`spec/openapi.yaml\`;
nothing here is edited by hand. \`npm run check:generated\` (part of \`npm test\`) fails
when this folder differs from what the spec produces.

- \`*.gen.ts\`, \`client/\`, \`core/\`: @hey-api/openapi-ts output (types, fetch client, SDK
  functions), configured in \`generator/openapi-ts.config.ts\`.
- \`facts.gen.ts\`: the facts of the API that the handwritten code acts on (the model
  table, codes, upload limits, routes, the link lifetime, the create fields), written by
  the plugin in \`generator/facts-plugin.ts\`.
- \`validators.gen.ts\`: Ajv standalone validators compiled from \`openapi.json\` (each
  operation's body, path and query checks, each answer field's check), written by
  \`generator/validators.mjs\`.
- \`openapi.json\`: the spec bundled into one JSON document.

To change the API: edit the spec, run \`npm run generate\`, fix what \`npm run typecheck\`
reports in \`src/\` (which reaches this folder only through \`src/core/generated.ts\`,
\`src/core/schemas.ts\` and \`src/core/facts.ts\`).
`;

/** @param {string} cmd @param {string[]} args @param {NodeJS.ProcessEnv} [env] */
function run(cmd, args, env) {
  try {
    execFileSync(cmd, args, { cwd: root, stdio: 'pipe', env: { ...process.env, ...env } });
  } catch (error) {
    // Quiet on success (Redocly prints a Node 20 banner on every run); everything on failure.
    const { stdout = '', stderr = '' } = /** @type {{ stdout?: Buffer, stderr?: Buffer }} */ (
      error
    );
    process.stderr.write(`${stdout}${stderr}`);
    throw new Error(`${relative(root, cmd)} ${args.join(' ')} failed`);
  }
}

/** Writes the whole of generated/ into `outDir`. @param {string} outDir */
function generateInto(outDir) {
  run(bin('openapi-ts'), ['-f', 'generator/openapi-ts.config.ts'], { OMNI_GENERATED_DIR: outDir });
  run(
    bin('redocly'),
    ['bundle', 'spec/openapi.yaml', '--ext', 'json', '-o', join(outDir, 'openapi.json')],
    {
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
    },
  );
  writeValidators(outDir);
  writeFileSync(join(outDir, 'README.md'), README);
  run(bin('prettier'), [
    '--config',
    join(root, '.prettierrc.json'),
    '--log-level',
    'warn',
    '--write',
    outDir,
  ]);
}

/** Relative paths of all files under `dir`, sorted. @param {string} dir @returns {string[]} */
function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** @param {string} expectedDir @param {string} actualDir @returns {string[]} */
function differences(expectedDir, actualDir) {
  const expected = listFiles(expectedDir);
  let actual = [];
  try {
    actual = listFiles(actualDir);
  } catch {
    // generated/ missing entirely: every expected file is a difference.
  }
  const out = [];
  for (const file of expected) {
    if (!actual.includes(file)) out.push(`missing: generated/${file}`);
    else if (!readFileSync(join(expectedDir, file)).equals(readFileSync(join(actualDir, file))))
      out.push(`differs: generated/${file}`);
  }
  for (const file of actual)
    if (!expected.includes(file)) out.push(`not produced by the spec: generated/${file}`);
  return out;
}

if (process.argv.includes('--check')) {
  const tmp = mkdtempSync(join(tmpdir(), 'omni-generated-'));
  try {
    generateInto(tmp);
    const diff = differences(tmp, generatedDir);
    if (diff.length > 0) {
      console.error(`generated/ is not what spec/openapi.yaml produces:\n  ${diff.join('\n  ')}`);
      console.error('Run `npm run generate` and commit the result; never edit generated/ by hand.');
      process.exit(1);
    }
    console.log('generated/ matches the spec.');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
} else {
  run(bin('redocly'), ['lint'], { REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' });
  generateInto(generatedDir);
  console.log('generated/ written from spec/openapi.yaml.');
}
