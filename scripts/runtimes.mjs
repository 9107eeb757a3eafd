#!/usr/bin/env node
// @ts-check
/**
 * `npm run test:runtimes`: the package as users get it (built, packed, installed in a
 * scratch project), on every runtime the README names, and `.ci/run` runs it.
 *
 * - Node 20 (the Node running this script), 22 and 24, Bun and Deno: the flow of
 *   test/runtimes/flow.mjs (create → watch → wait → download against the sandbox, a
 *   wrong key, a failed task, a reset on create, an abort) and `omni generate` through
 *   the CLI (under Bun with `--bun`, so that it is really Bun); on Deno also the
 *   environment read without `--allow-env` (test/runtimes/env-denied.mjs).
 * - Bundlers: test/runtimes/bundlers.ts (Vite, esbuild, webpack 5; pages in Chromium).
 * - TypeScript 5.4, 5.9 and 6.0: strict, skipLibCheck false, under node16, nodenext and
 *   bundler resolution (test/runtimes/consumer*.ts), without @types/node but for node16.
 *
 * The runtimes, bundlers and compilers come from the npm registry, pinned in
 * test/runtimes/tools/ (package.json and its lock), installed once into a cache folder
 * outside this repository (`OMNI_TOOLS_DIR`, default ~/.cache/jimmyai-omni/tools-<lock
 * hash>), so `npm ci` stays lean. Prints one line per check and a table of timings;
 * exits 1 when any check fails.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const here = join(root, 'test/runtimes');
const started = performance.now();
/** @type {{ step: string, ok: boolean, seconds: number }[]} */
const steps = [];
let failed = 0;

/** Runs `cmd`; returns its status and output. @param {string} cmd @param {string[]} args @param {{ cwd?: string, env?: Record<string, string | undefined> }} [options] */
function run(cmd, args, options = {}) {
  const env = { ...process.env, ...options.env };
  // The key and host of the real service must never reach these checks.
  delete env.JIMMYAI_API_KEY;
  delete env.JIMMYAI_BASE_URL;
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const result = spawnSync(cmd, args, {
    cwd: options.cwd ?? root,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: result.status,
    out: `${result.stdout ?? ''}${result.stderr ?? ''}`,
    stdout: result.stdout ?? '',
  };
}

/** Times one step; `check` returns true, or a string saying what went wrong. @param {string} step @param {() => true | string} check */
function step(step, check) {
  const t0 = performance.now();
  let outcome;
  try {
    outcome = check();
  } catch (error) {
    outcome = String(error);
  }
  const seconds = (performance.now() - t0) / 1000;
  const ok = outcome === true;
  if (!ok) failed++;
  steps.push({ step, ok, seconds });
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${step} (${seconds.toFixed(1)} s)${ok ? '' : `\n     ${String(outcome).trim().split('\n').slice(-12).join('\n     ')}`}`,
  );
}

// 1. The tools, once per lock file.
const lock = readFileSync(join(here, 'tools/package-lock.json'));
const toolsDir =
  process.env.OMNI_TOOLS_DIR ??
  join(
    homedir(),
    '.cache/jimmyai-omni',
    `tools-${createHash('sha256').update(lock).digest('hex').slice(0, 12)}`,
  );
const tools = join(toolsDir, 'node_modules');
const installed = join(tools, '.omni-installed');
step(`tools in ${toolsDir}`, () => {
  if (existsSync(installed)) return true;
  rmSync(toolsDir, { recursive: true, force: true });
  mkdirSync(toolsDir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json'])
    copyFileSync(join(here, 'tools', file), join(toolsDir, file));
  // --ignore-scripts: the binaries are inside the packages; their install scripts only
  // copy them around (and would download where a package lacks one).
  const npm = run(
    'npm',
    ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: toolsDir },
  );
  if (npm.status !== 0) return npm.out;
  writeFileSync(installed, '');
  return true;
});
if (failed) process.exit(1);

const RUNTIMES = [
  { name: `Node ${process.version}`, cmd: process.execPath, args: [] },
  { name: 'Node 22', cmd: join(tools, 'node22/bin/node'), args: [] },
  { name: 'Node 24', cmd: join(tools, 'node24/bin/node'), args: [] },
  { name: 'Bun', cmd: join(tools, '@oven/bun-linux-x64/bin/bun'), args: ['--bun'] },
  {
    name: 'Deno',
    cmd: join(tools, '@deno/linux-x64-glibc/deno'),
    args: ['run', '--allow-net=127.0.0.1', '--allow-read', '--allow-write', '--allow-env'],
  },
];
const DENO_ENV = {
  DENO_NO_UPDATE_CHECK: '1',
  DENO_DIR: join(toolsDir, 'deno-cache'),
  NO_COLOR: '1',
};

// 2. The package, packed and installed in a scratch project.
const work = mkdtempSync(join(tmpdir(), 'omni-runtimes-'));
const app = join(work, 'app');
step('build, pack, install in a scratch project', () => {
  const built = run(process.execPath, ['scripts/build.mjs']);
  if (built.status !== 0) return built.out;
  const packed = run('npm', ['pack', '--pack-destination', work, '--ignore-scripts', '--silent']);
  if (packed.status !== 0) return packed.out;
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) return 'npm pack made no tarball';
  mkdirSync(join(app, 'out'), { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'omni-runtime-app', private: true, type: 'module' }),
  );
  const install = run(
    'npm',
    [
      'install',
      join(work, tarball),
      '--offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
    ],
    { cwd: app },
  );
  if (install.status !== 0) return install.out;
  for (const file of ['flow.mjs', 'env-denied.mjs', 'consumer.ts', 'consumer-node16.ts'])
    copyFileSync(join(here, file), join(app, file));
  return true;
});
if (failed) process.exit(1);

// 3. Each runtime: the flow, the CLI.
for (const runtime of RUNTIMES) {
  const env = runtime.name === 'Deno' ? DENO_ENV : {};
  const flowArgs = runtime.name === 'Bun' ? [] : runtime.args;
  step(`${runtime.name}: create → watch → wait → download, error paths, sandbox`, () => {
    const flow = run(runtime.cmd, [...flowArgs, 'flow.mjs'], { cwd: app, env });
    const line = flow.stdout.trim().split('\n').at(-1) ?? '';
    return flow.status === 0 && line.includes('"ok":true') ? true : flow.out;
  });
  step(`${runtime.name}: omni generate through the CLI`, () => {
    const out = join(app, 'out', `${runtime.name.replace(/\W+/g, '-')}.mp4`);
    rmSync(out, { force: true });
    const cli = run(
      runtime.cmd,
      [...runtime.args, 'node_modules/.bin/omni', 'generate', '--prompt', 'a fox', '--out', out],
      { cwd: app, env },
    );
    if (cli.status !== 0) return cli.out;
    const bytes = existsSync(out) ? statSync(out).size : 0;
    return bytes > 1000 && /sandbox/i.test(cli.out) ? true : `saved ${bytes} bytes\n${cli.out}`;
  });
}
step('Deno without --allow-env: a ValidationError naming the permission', () => {
  const deno = RUNTIMES.at(-1);
  if (!deno) return 'no Deno';
  const denied = run(deno.cmd, ['run', '--allow-read', 'env-denied.mjs'], {
    cwd: app,
    env: DENO_ENV,
  });
  return denied.status === 0 ? true : denied.out;
});

// 4. Bundlers, pages in Chromium.
step('bundlers: Vite, esbuild, webpack 5 (browser and server)', () => {
  const bundlers = run(process.execPath, [
    'scripts/run-ts.mjs',
    'test/runtimes/bundlers.ts',
    app,
    tools,
  ]);
  process.stdout.write(bundlers.stdout.replace(/^/gm, '     '));
  return bundlers.status === 0 ? true : bundlers.out;
});

// 5. TypeScript versions × module resolutions.
const RESOLUTIONS = [
  { resolution: 'node16', module: 'node16', file: 'consumer-node16.ts', types: ['node'] },
  { resolution: 'nodenext', module: 'nodenext', file: 'consumer.ts', types: [] },
  { resolution: 'bundler', module: 'esnext', file: 'consumer.ts', types: [] },
];
for (const { resolution, module, file, types } of RESOLUTIONS)
  writeFileSync(
    join(app, `tsconfig.${resolution}.json`),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        target: 'es2022',
        lib: ['es2022', 'dom'],
        module,
        moduleResolution: resolution,
        resolveJsonModule: true,
        types,
        // Only node16's check uses Node's types (for createRequire), from this repository.
        typeRoots: [join(root, 'node_modules/@types')],
      },
      files: [file],
    }),
  );
for (const ts of ['typescript54', 'typescript59', 'typescript6']) {
  const version = JSON.parse(readFileSync(join(tools, ts, 'package.json'), 'utf8')).version;
  for (const { resolution } of RESOLUTIONS)
    step(`TypeScript ${version}, ${resolution}: strict, skipLibCheck false`, () => {
      const tsc = run(
        process.execPath,
        [join(tools, ts, 'bin/tsc'), '-p', `tsconfig.${resolution}.json`],
        { cwd: app },
      );
      return tsc.status === 0 ? true : tsc.out;
    });
}

rmSync(work, { recursive: true, force: true });
const total = (performance.now() - started) / 1000;
console.log(`\nThe runtime matrix took ${total.toFixed(0)} s.`);
console.log(`runtimes: ${steps.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
