import type { BuildOptions } from 'esbuild';
/** The esbuild options of the published bundles (see build-options.mjs). */
export function bundleOptions(outdir: string): BuildOptions;
