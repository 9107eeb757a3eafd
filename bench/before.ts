/**
 * The build before a change, for benchmarks that compare in the same run: the sources
 * of a commit (`git archive`, so no worktree and no git state is made), with this
 * checkout's node_modules, and its Node bundle (dist/index.js) built with that commit's
 * own esbuild options.
 *
 *   const before = await beforeTree('fa82303'); // { root, distIndex, close() }
 *
 * The build before validated with zod; the SDK no longer does (generated validators),
 * but `zod` stays a devDependency so that this tree, which links this checkout's
 * node_modules, still builds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The commit before issue 18's pipeline: main when the work began. */
export const BEFORE_COMMIT = 'fa82303';

/** A commit's sources in a temporary folder, and its built Node entry. */
export interface BeforeTree {
  commit: string;
  /** The folder holding the commit's sources (and a link to node_modules). */
  root: string;
  /** Its dist/index.js, built with its own scripts/build-options.mjs (unless `build: false`). */
  distIndex: string;
  /** Removes the folder. */
  close(): void;
}

/**
 * Extracts `commit` and builds its Node bundle.
 *
 * @example
 * const before = await beforeTree(BEFORE_COMMIT);
 * try { await import(pathToFileURL(before.distIndex).href); } finally { before.close(); }
 */
export async function beforeTree(
  commit = BEFORE_COMMIT,
  { build: buildDist = true } = {},
): Promise<BeforeTree> {
  const root = mkdtempSync(join(tmpdir(), `omni-before-${commit}-`));
  execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C ${JSON.stringify(root)}`], {
    cwd: ROOT,
  });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  const distIndex = join(root, 'dist', 'index.js');
  const close = () => rmSync(root, { recursive: true, force: true });
  if (!buildDist) return { commit, root, distIndex, close };
  const options = (await import(pathToFileURL(join(root, 'scripts/build-options.mjs')).href)) as {
    bundleOptions(outdir: string): BuildOptions;
  };
  await build({
    absWorkingDir: root,
    ...options.bundleOptions(join(root, 'dist')),
    logLevel: 'error',
  });
  return { commit, root, distIndex, close };
}
