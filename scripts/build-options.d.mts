import type { BuildOptions, Plugin } from 'esbuild';
/** The esbuild options of the Node build (see build-options.mjs). */
export function bundleOptions(outdir: string): BuildOptions;
/** The esbuild options of the browser build (see build-options.mjs). */
export function browserBundleOptions(outdir: string): BuildOptions;
/** Swaps src/platform/node.ts for src/platform/browser.ts. */
export const browserPlatform: Plugin;
