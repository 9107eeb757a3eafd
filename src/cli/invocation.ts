/**
 * How to run this same `omni` again, from where the user ran it: the command lines the
 * CLI prints (resume after Ctrl-C, download later) must work when pasted, and a bare
 * `omni` fails with "command not found" unless it is on the user's PATH.
 */
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative, sep } from 'node:path';
import { shellQuote } from './resume.js';

/** What {@link invocation} looks at: the process's script, directory and environment. */
export interface InvocationContext {
  /** The script node runs (`process.argv[1]`). */
  script: string | undefined;
  /** The working directory (`process.cwd()`). */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

const real = (path: string): string | undefined => {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
};

/** True when `omni` on PATH is this very script (a global install, or a project's bin on PATH). */
function onPath(script: string, env: InvocationContext['env']): boolean {
  const target = real(script);
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'omni');
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    // The first `omni` on PATH is the one a shell runs: it must be this one.
    return target !== undefined && real(candidate) === target;
  }
  return false;
}

/**
 * The command that runs this `omni` from `cwd`:
 * - `npx omni` under npx (npm puts the project's bins on PATH for npx only), or
 *   `npx jimmyai-omni` when npx fetched the package rather than finding it in the project;
 * - `omni` when the `omni` on PATH is this program;
 * - else `node <script>` (a path relative to `cwd` when inside it): in this repository,
 *   `node dist/cli.js`.
 *
 * @example
 * invocation({ script: '/repo/dist/cli.js', cwd: '/repo', env: { PATH: '/usr/bin' } }); // 'node dist/cli.js'
 */
export function invocation({ script, cwd, env }: InvocationContext): string {
  if (!script) return 'omni';
  if (env.npm_command === 'exec') {
    const local = relative(join(cwd, 'node_modules'), real(script) ?? script);
    return !local.startsWith('..') && !isAbsolute(local) ? 'npx omni' : 'npx jimmyai-omni';
  }
  if (onPath(script, env)) return 'omni';
  const rel = relative(cwd, script);
  const shown =
    rel && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel) ? rel : script;
  return `node ${shellQuote(shown)}`;
}
