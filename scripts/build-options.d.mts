import type { build, BuildOptions, Plugin } from 'esbuild';
/** The esbuild options of the Node build (see build-options.mjs). */
export function bundleOptions(outdir: string): BuildOptions;
/** The esbuild options of the browser build (see build-options.mjs). */
export function browserBundleOptions(outdir: string): BuildOptions;
/** Swaps src/platform/node.ts for src/platform/browser.ts. */
export const browserPlatform: Plugin;
/** The browser build of the main entry, built in memory: dist/browser/index.js's code. */
export function browserBuildCode(esbuild: typeof build, root: string): Promise<string>;
/** Resolves the import `specifier` to `code` held in memory. */
export function inMemoryModule(specifier: string, code: string): Plugin;
/** How a user's bundler makes a browser app of the package (minified, tree-shaken ESM). */
export const browserAppOptions: BuildOptions & { write: false };
