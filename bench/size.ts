/**
 * Bundle size: the same small app (create a task, wait for it) written with this SDK
 * (apps/sdk-app.ts) and with plain fetch (apps/fetch-app.ts), each bundled by esbuild
 * as a browser app would be (minified, ESM, tree-shaken) and gzipped at level 9. Where
 * the SDK app misses its target, esbuild's metafile says which inputs the bytes come from.
 *
 *   node scripts/run-ts.mjs bench/size.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import {
  browserAppOptions,
  browserBuildCode,
  browserPlatform,
  inMemoryModule,
} from '../scripts/build-options.mjs';
import { BEFORE_COMMIT, beforeTree } from './before.js';
import { table, verdict } from './table.js';

/** The before tree's sources only (no build needed for bundling its app). */
const beforeSources = () => beforeTree(BEFORE_COMMIT, { build: false });

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Issue 18's target for the SDK app, gzipped. */
const TARGET_KB = 18;

interface Bundle {
  name: string;
  minified: number;
  gzipped: number;
  metafile: Metafile;
}

/** Bundles `entry` (a file, or `{ contents }` of an in-memory entry) as a browser app. */
async function bundle(
  name: string,
  entry: string | { contents: string },
  stubs: Record<string, string> = {},
  root = ROOT,
  source?: Plugin,
): Promise<Bundle> {
  const result = await build({
    absWorkingDir: root,
    // The browser build's platform seam, as shipped in dist/browser/ (no Node code).
    plugins: [stubPlugin(stubs), browserPlatform, ...(source ? [source] : [])],
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: root, loader: 'ts' as const } }),
    ...browserAppOptions,
    metafile: true,
    legalComments: 'none',
  });
  const code = result.outputFiles[0]!.contents;
  return {
    name,
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    metafile: result.metafile,
  };
}

/**
 * Replaces whole modules (paths relative to the root) with stub sources: measures what
 * a change would save without making it. The stubs keep the module's exports' names.
 */
function stubPlugin(stubs: Record<string, string>): Plugin {
  return {
    name: 'stub-modules',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, ({ path }) => {
        const relative = path.slice(ROOT.length).replace(/^\//, '');
        const contents = stubs[relative];
        return contents === undefined ? undefined : { contents, loader: 'ts' };
      });
    },
  };
}

/** Which part of the project (or which package) an input of the bundle belongs to. */
function groupOf(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
  if (pkg) return pkg;
  if (input.startsWith('generated/client/') || input.startsWith('generated/core/'))
    return 'generated fetch client (generated/client, core)';
  if (input === 'generated/validators.gen.ts')
    return 'generated validators (generated/validators.gen.ts)';
  if (input === 'generated/facts.gen.ts') return 'generated facts (generated/facts.gen.ts)';
  if (input.startsWith('generated/')) return `generated SDK functions (${input})`;
  return input;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(2);

const started = performance.now();
const sdk = await bundle('SDK (create + wait, validation on)', 'bench/apps/sdk-app.ts');
/** The SDK app's source, importing the shipped build instead of the sources. */
function appFromShipped(): string {
  const source = readFileSync(new URL('apps/sdk-app.ts', import.meta.url), 'utf8');
  const from = "'../../src/index.js'";
  if (!source.includes(from)) throw new Error(`bench/apps/sdk-app.ts no longer imports ${from}`);
  return source.replace(from, "'jimmyai-omni'");
}

// The same app as a user's bundler makes it: from the shipped browser build
// (dist/browser/index.js, built here in memory), not from the sources. Bundled modules
// that esbuild had to wrap for a lazy load would stay whole in it.
const shippedCode = await browserBuildCode(build, ROOT);
const fromShipped = await bundle(
  'SDK, the same app from the shipped browser build',
  {
    contents: appFromShipped(),
  },
  {},
  ROOT,
  inMemoryModule('jimmyai-omni', shippedCode),
);
// The same app on the build before issue 18's pipeline, bundled in this run.
const beforeRoot = await beforeSources();
const before = await bundle(
  `SDK before (${BEFORE_COMMIT}), same app`,
  'bench/apps/sdk-app.ts',
  {},
  beforeRoot.root,
);
beforeRoot.close();
const generated = await bundle(
  'generated client + SDK functions only',
  'bench/apps/generated-app.ts',
);
// The generated validators the app checks with, alone (Ajv standalone code; zod/mini
// with its schemas was 8.19 KB here before issue 18).
const validatorsOnly = await bundle('generated validators the SDK uses, alone', {
  contents: `import { checkCreateVideoRequest, checkAnswer, TASK_ANSWER, CREATED_ANSWER, VIDEO_TASK, VIDEO_TASK_CREATED } from './src/core/schemas.js';
      console.log(checkCreateVideoRequest(globalThis.a), checkAnswer(TASK_ANSWER, globalThis.b), checkAnswer(CREATED_ANSWER, globalThis.c), VIDEO_TASK, VIDEO_TASK_CREATED);`,
});
const plain = await bundle('plain fetch (create + poll loop)', 'bench/apps/fetch-app.ts');

console.log('Bundle size: esbuild --bundle --minify --platform=browser --format=esm, gzip -9\n');
console.log(
  table(
    ['app', 'minified KB', 'gzip KB', 'gzip vs plain fetch'],
    [sdk, fromShipped, before, generated, validatorsOnly, plain].map((b) => [
      b.name,
      kb(b.minified),
      kb(b.gzipped),
      `${(b.gzipped / plain.gzipped).toFixed(1)}×`,
    ]),
  ),
);

// bytesInOutput is minified, before gzip; the gzip column shares the gzipped total in
// proportion (an estimate: generated validators compress better than the rest, so
// their share is overstated).
const output = Object.values(sdk.metafile.outputs)[0]!;
const groups = new Map<string, number>();
for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
  groups.set(groupOf(input), (groups.get(groupOf(input)) ?? 0) + bytesInOutput);
const counted = [...groups.values()].reduce((a, b) => a + b, 0);
const rows = [...groups.entries()]
  .filter(([, bytes]) => bytes > 0)
  .sort((a, b) => b[1] - a[1])
  .map(([group, bytes]) => [
    group,
    kb(bytes),
    `${((100 * bytes) / counted).toFixed(1)} %`,
    `≈ ${kb((sdk.gzipped * bytes) / counted)}`,
  ]);
console.log("\nWhere the SDK app's bytes come from (esbuild metafile, bytes in output):\n");
console.log(table(['input', 'minified KB', 'share', 'gzip KB (est.)'], rows));

// What candidate changes would save, measured by stubbing modules out of the SDK app.
const NOT_HERE = '() => { throw new Error("not in this entry"); }';
const WHAT_IF: Array<[string, Record<string, string>]> = [
  [
    'download and waitMany moved out of the main entry',
    {
      'src/platform/download.ts': `export const saveUrl = ${NOT_HERE};`,
      'src/core/wait/wait-many.ts': `export const waitForMany = ${NOT_HERE};`,
    },
  ],
  [
    "hey-api's unused SSE client left out",
    { 'generated/core/serverSentEvents.gen.ts': `export const createSseClient = ${NOT_HERE};` },
  ],
];
// Not a candidate: the true gzip cost of the generated validators (the estimate column
// above overstates code that compresses as well as theirs does).
const validatorNames = Object.keys(await import('../generated/validators.gen.js'));
const NO_VALIDATION: Record<string, string> = {
  'generated/validators.gen.ts': validatorNames
    .map((name) =>
      name.endsWith('Fields')
        ? `export const ${name} = { required: [], fields: {} };`
        : name === 'PATTERN_MESSAGES' || name === 'OPERATION_CHECKS'
          ? `export const ${name} = {};`
          : `export const ${name} = () => true;`,
    )
    .join('\n'),
};
const withoutValidators = await bundle('no validation', 'bench/apps/sdk-app.ts', NO_VALIDATION);
const whatIf: string[][] = [];
let allStubs: Record<string, string> = {};
for (const [change, stubs] of WHAT_IF) {
  allStubs = { ...allStubs, ...stubs };
  const b = await bundle(change, 'bench/apps/sdk-app.ts', stubs);
  whatIf.push([change, kb(b.gzipped), `−${kb(sdk.gzipped - b.gzipped)}`]);
}
const both = await bundle('both', 'bench/apps/sdk-app.ts', allStubs);
whatIf.push(['both', kb(both.gzipped), `−${kb(sdk.gzipped - both.gzipped)}`]);
whatIf.push([
  '(not a candidate) no validation at all: the generated validators stubbed',
  kb(withoutValidators.gzipped),
  `−${kb(sdk.gzipped - withoutValidators.gzipped)}`,
]);
console.log('\nWhat candidate changes would save (measured by stubbing the modules out):\n');
console.log(table(['SDK app, if...', 'gzip KB', 'saved KB'], whatIf));

// The browser build must carry no Node code: no Node import left in the output (a
// static one would fail the build for platform 'browser'; a computed one would hide
// here), and none of the Node side of the platform seam among its inputs.
const sdkOutput = Object.values(sdk.metafile.outputs)[0]!;
const nodeImports = sdkOutput.imports.filter((i) => i.path.startsWith('node:') || i.external);
const nodeInputs = Object.keys(sdkOutput.inputs).filter((i) => i === 'src/platform/node.ts');
console.log(
  `\nNode-only code in the browser bundle: ${
    nodeImports.length + nodeInputs.length === 0
      ? 'none (no Node import; src/platform/browser.ts in place of src/platform/node.ts)'
      : [...nodeImports.map((i) => i.path), ...nodeInputs].join(', ')
  }.`,
);

const ok = sdk.gzipped <= TARGET_KB * 1024;
console.log(
  `\nTarget: SDK app ≤ ${TARGET_KB} KB gzipped: ${verdict(ok)} (${kb(sdk.gzipped)} KB; before: ${kb(before.gzipped)} KB` +
    `${ok ? '' : `, ${kb(sdk.gzipped - TARGET_KB * 1024)} KB over`}).`,
);
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s of real time)`);
