// @ts-check
/**
 * The esbuild options of the published bundles, shared by scripts/build.mjs, the
 * start-up and size benchmarks and the browser test (which must measure and run
 * exactly what ships).
 *
 * - Two builds of the main entry, chosen by the package's conditional exports: the
 *   Node one (`node`, `bun`, `deno`: dist/index.js) with static `node:` imports, and
 *   the browser one (`browser`, `default`: dist/browser/index.js) in which the platform
 *   seam src/platform/node.ts is replaced by src/platform/browser.ts, so it holds no
 *   Node code and bundlers see no Node import.
 * - Bundled with everything they use, tree-shaken (the generated client and validators,
 *   Ajv for the sandbox): the package has no runtime dependencies, so users get no
 *   version conflicts.
 * - Not minified: an uncaught error shows real names and source lines a person can
 *   read (minified, one line of 36 KB was printed before the message). Start-up cost
 *   of that is measured in bench/startup.ts (bench/RESULTS.md). Source maps beside.
 * - Code splitting keeps one copy of shared modules, so `instanceof OmniError` holds
 *   across the Node entries (the SDK, the sandbox, the CLI).
 */
import { dirname, join } from 'node:path';

const shared = /** @type {const} */ ({
  bundle: true,
  format: 'esm',
  minify: false,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

/**
 * The Node build: the SDK, the sandbox and the CLI, sharing chunks.
 * @param {string} outdir @returns {import('esbuild').BuildOptions}
 */
export function bundleOptions(outdir) {
  return {
    ...shared,
    entryPoints: {
      index: 'src/index.ts',
      sandbox: 'src/sandbox/index.ts',
      cli: 'src/cli/bin.ts',
      queue: 'src/queue/index.ts',
    },
    // jimmyai-omni/queue runs on the user's BullMQ (an optional peer dependency), not a copy.
    external: ['bullmq'],
    outdir,
    splitting: true,
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunk-[hash]',
  };
}

/**
 * The browser build of the main entry, into `<outdir>/browser/index.js`.
 * @param {string} outdir @returns {import('esbuild').BuildOptions}
 */
export function browserBundleOptions(outdir) {
  return {
    ...shared,
    entryPoints: { 'browser/index': 'src/index.ts' },
    outdir,
    platform: 'browser',
    target: 'es2022',
    plugins: [browserPlatform],
  };
}

/**
 * Replaces the platform seam's Node implementation with the browser one.
 * @type {import('esbuild').Plugin}
 */
export const browserPlatform = {
  name: 'jimmyai-omni-browser-platform',
  setup(build) {
    // By the resolved file, so that every importer (src/core/…, or ./node.js beside it) is caught.
    build.onResolve({ filter: /(^|\/)node\.js$/ }, (args) => {
      const file = join(args.resolveDir, args.path);
      if (!file.endsWith(join('src', 'platform', 'node.js'))) return undefined;
      return { path: join(dirname(file), 'browser.ts') };
    });
  },
};

/**
 * How a user's bundler makes a browser app of the package: bundled, minified and
 * tree-shaken ESM for the browser, in memory (for the size bench and the browser-bundle
 * test, which measure and inspect such apps).
 * @type {import('esbuild').BuildOptions}
 */
export const browserAppOptions = {
  bundle: true,
  minify: true,
  treeShaking: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  write: false,
  logLevel: 'error',
};

/**
 * The browser build of the main entry, built in memory: the code dist/browser/index.js
 * holds (for the size bench and the browser-bundle test, which bundle apps from it).
 * @param {typeof import('esbuild').build} build @param {string} root
 * @returns {Promise<string>}
 */
export async function browserBuildCode(build, root) {
  const result = await build({
    ...browserBundleOptions('/out'),
    absWorkingDir: root,
    write: false,
    sourcemap: false,
    logLevel: 'error',
  });
  const file = result.outputFiles?.find((output) => output.path.endsWith('index.js'));
  if (!file) throw new Error('the browser build wrote no index.js');
  return file.text;
}

/**
 * Resolves the import `specifier` to `code` held in memory: an app bundled from the
 * shipped build rather than from the sources, as a user's bundler sees it.
 * @param {string} specifier @param {string} code @returns {import('esbuild').Plugin}
 */
export function inMemoryModule(specifier, code) {
  const filter = new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
  return {
    name: `in-memory:${specifier}`,
    setup(build) {
      build.onResolve({ filter }, () => ({ path: specifier, namespace: 'in-memory' }));
      build.onLoad({ filter: /.*/, namespace: 'in-memory' }, () => ({
        contents: code,
        loader: 'js',
      }));
    },
  };
}
