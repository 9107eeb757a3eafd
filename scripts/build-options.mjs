// @ts-check
/**
 * The esbuild options of the published bundles, shared by scripts/build.mjs and the
 * start-up benchmark (which must measure exactly what ships).
 *
 * - Bundled with everything they use, tree-shaken (zod, ajv, the generated client):
 *   the package has no runtime dependencies and users get no zod version conflicts.
 * - Code splitting keeps one copy of shared modules, so `instanceof OmniError` holds
 *   across entries.
 * - Minified (names kept, source maps beside): about 6 ms less start-up than the
 *   readable bundle (bench/startup.ts); stack traces map back with source maps.
 */

/** @param {string} outdir @returns {import('esbuild').BuildOptions} */
export function bundleOptions(outdir) {
  return {
    entryPoints: {
      index: 'src/index.ts',
      sandbox: 'src/sandbox/index.ts',
      cli: 'src/cli/bin.ts',
      queue: 'src/queue/index.ts',
    },
    // jimmyai-omni/queue runs on the user's BullMQ (an optional peer dependency), not a copy.
    external: ['bullmq'],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    keepNames: true,
    // Chunks at the root of dist/, beside the entries: the sandbox finds ./assets/ there.
    chunkNames: 'chunk-[hash]',
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  };
}
