/**
 * The bundler part of scripts/runtimes.mjs: the packed package, installed in a scratch
 * project, bundled as users bundle it.
 *
 * - Browser: test/runtimes/page.js built with Vite, esbuild and webpack 5, each free of
 *   warnings, each run in Chromium against the sandbox on another origin (create,
 *   watch, wait; download fails with the typed DownloadError).
 * - Server: test/runtimes/flow.mjs (the SDK and the sandbox) bundled with esbuild
 *   (platform node) and webpack 5 (target node), each free of warnings, run with Node:
 *   the downloads work and the bundled sandbox serves its video.
 *
 *   node scripts/run-ts.mjs test/runtimes/bundlers.ts <app dir> <tools node_modules>
 *
 * Prints one line per check, `ok` or `FAIL`, and exits 1 on any failure.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { startSandbox } from '../../src/sandbox/index.js';
import { launchChromium } from '../helpers/chromium.js';

const [appArg, toolsArg] = process.argv.slice(2);
if (!appArg || !toolsArg) throw new Error('usage: bundlers.ts <app dir> <tools node_modules>');
const app: string = appArg;
const tools: string = toolsArg;

// Vite and webpack live in the tools cache, not in this repository's node_modules: the
// little of their APIs used here, typed by hand.
interface ViteLogger {
  warn(message: string): void;
  warnOnce(message: string): void;
}
interface Vite {
  createLogger(level: 'warn'): ViteLogger;
  build(config: Record<string, unknown>): Promise<unknown>;
}
interface WebpackStats {
  hasErrors(): boolean;
  toJson(options: object): { errors?: { message: string }[]; warnings?: { message: string }[] };
}
type Webpack = (
  config: Record<string, unknown>,
  done: (error: Error | null, stats?: WebpackStats) => void,
) => void;
const here = fileURLToPath(new URL('.', import.meta.url));
const out = (name: string) => join(app, 'out', name);
const requireTool = createRequire(join(tools, 'package.json'));
let failures = 0;
const report = (name: string, ok: boolean, detail?: unknown) => {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `: ${JSON.stringify(detail)}`}`);
};

copyFileSync(join(here, 'page.js'), join(app, 'page.js'));
copyFileSync(join(here, 'flow.mjs'), join(app, 'flow.mjs'));
writeFileSync(
  join(app, 'index.html'),
  '<!doctype html><title>omni</title><script type="module" src="./page.js"></script>',
);

/** Each build: where its page went, and the warnings it printed. */
type Built = { dir: string; html: string; warnings: string[] };

async function viteBuild(): Promise<Built> {
  const vite = (await import(pathToFileURL(join(tools, 'vite/dist/node/index.js')).href)) as Vite;
  const warnings: string[] = [];
  const logger = vite.createLogger('warn');
  logger.warn = (message) => void warnings.push(message);
  logger.warnOnce = logger.warn;
  const dir = out('vite');
  await vite.build({
    root: app,
    configFile: false,
    logLevel: 'warn',
    customLogger: logger,
    build: { outDir: dir, emptyOutDir: true },
  });
  return { dir, html: 'index.html', warnings };
}

async function esbuildBrowser(): Promise<Built> {
  const dir = out('esbuild');
  const result = await esbuild({
    absWorkingDir: app,
    entryPoints: ['page.js'],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    outfile: join(dir, 'main.js'),
    logLevel: 'silent',
  });
  pageHtml(dir, 'module');
  return { dir, html: 'index.html', warnings: result.warnings.map((w) => w.text) };
}

async function webpackBuild(target: 'web' | 'node', entry: string, dir: string): Promise<string[]> {
  const webpack = requireTool('webpack') as Webpack;
  const stats = await new Promise<WebpackStats>((resolve, reject) =>
    webpack(
      {
        mode: 'production',
        target,
        context: app,
        entry: `./${entry}`,
        output: { path: dir, filename: target === 'node' ? 'main.cjs' : 'main.js' },
        // A program's own dependencies resolve from the app, the loaders from the tools.
        resolveLoader: { modules: [tools] },
        performance: { hints: false },
      },
      (error, result) => (error || !result ? reject(error) : resolve(result)),
    ),
  );
  const json = stats.toJson({ all: false, warnings: true, errors: true });
  if (stats.hasErrors()) throw new Error(JSON.stringify(json.errors?.map((e) => e.message)));
  return (json.warnings ?? []).map((w) => w.message);
}

async function webpackBrowser(): Promise<Built> {
  const dir = out('webpack');
  const warnings = await webpackBuild('web', 'page.js', dir);
  pageHtml(dir, 'classic');
  return { dir, html: 'index.html', warnings };
}

function pageHtml(dir: string, kind: 'module' | 'classic') {
  mkdirSync(dir, { recursive: true });
  const type = kind === 'module' ? ' type="module"' : '';
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><title>omni</title><script${type} src="./main.js"></script>`,
  );
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
};

/** Serves `dir` on loopback, runs its page in Chromium against a sandbox, returns window.result. */
async function runPage(built: Built): Promise<unknown> {
  const sandbox = await startSandbox({ timeScale: 0.02, jitter: 0 });
  const pages = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      const body = readFileSync(join(built.dir, path === '/' ? built.html : path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/?sandbox=${encodeURIComponent(sandbox.url)}`);
    await page.waitForFunction(() => (window as { result?: unknown }).result !== undefined, null, {
      timeout: 20_000,
    });
    const result = await page.evaluate(() => (window as { result?: unknown }).result);
    return errors.length > 0 ? { errors, result } : result;
  } finally {
    await browser.close();
    await sandbox.close();
    await new Promise((resolve) => pages.close(resolve));
  }
}

const EXPECTED_PAGE = { status: 'completed', last: 'completed', download: 'DownloadError' };
for (const [name, make] of [
  ['Vite', viteBuild],
  ['esbuild (browser)', esbuildBrowser],
  ['webpack 5 (web)', webpackBrowser],
] as const) {
  const started = performance.now();
  try {
    const built = await make();
    report(`${name}: builds without warnings`, built.warnings.length === 0, built.warnings);
    const result = await runPage(built);
    report(
      `${name}: runs in Chromium; download is a DownloadError (${ms(started)})`,
      JSON.stringify(result) === JSON.stringify(EXPECTED_PAGE),
      result,
    );
  } catch (error) {
    report(`${name}: builds and runs`, false, String(error));
  }
}

// Server bundles of a program that uses the SDK and the sandbox, run away from the
// package (in out/), so nothing can be found beside node_modules by accident.
async function serverBundle(
  name: string,
  make: () => Promise<{ file: string; warnings: string[] }>,
) {
  const started = performance.now();
  try {
    const { file, warnings } = await make();
    report(`${name}: builds without warnings`, warnings.length === 0, warnings);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8', cwd: join(app, 'out') });
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    report(
      `${name}: the bundled flow passes, its sandbox serves the video (${ms(started)})`,
      run.status === 0 && line.includes('"ok":true'),
      line || run.stderr.slice(0, 400),
    );
  } catch (error) {
    report(`${name}: builds and runs`, false, String(error));
  }
}

await serverBundle('esbuild (node)', async () => {
  const file = out('esbuild-node/flow.mjs');
  const result = await esbuild({
    absWorkingDir: app,
    entryPoints: ['flow.mjs'],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: file,
    logLevel: 'silent',
  });
  return { file, warnings: result.warnings.map((w) => w.text) };
});
await serverBundle('webpack 5 (target node)', async () => {
  const dir = out('webpack-node');
  const warnings = await webpackBuild('node', 'flow.mjs', dir);
  return { file: join(dir, 'main.cjs'), warnings };
});

function ms(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

process.exitCode = failures === 0 ? 0 : 1;
