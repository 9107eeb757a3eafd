/**
 * The package as a user gets it: built, packed, installed into a fresh project, then
 * imported, type-checked (a wrong enum value must fail), its sandbox started and its
 * bin run. publint and @arethetypeswrong/cli must find no problem.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { transformSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { snippets } from '../helpers/readme-snippets.js';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'omni-pack-'));
const app = join(work, 'app');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const run = (cmd: string, args: string[], cwd = app) =>
  spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, JIMMYAI_API_KEY: '' } });

beforeAll(() => {
  execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
  execFileSync('npm', ['pack', '--pack-destination', work, '--ignore-scripts', '--silent'], {
    cwd: root,
    stdio: 'pipe',
  });
  const tarball = join(
    work,
    readdirSync(work).find((f) => f.endsWith('.tgz'))!,
  );
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'omni-user-app', private: true, type: 'module' }),
  );
  // No runtime dependencies to fetch: the package bundles what it uses.
  execFileSync(
    'npm',
    ['install', tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--silent'],
    { cwd: app, stdio: 'pipe' },
  );
  // The user's own tooling: TypeScript and Node's types, as a user project would have.
  mkdirSync(join(app, 'node_modules/@types'), { recursive: true });
  symlinkSync(join(root, 'node_modules/typescript'), join(app, 'node_modules/typescript'));
  symlinkSync(join(root, 'node_modules/@types/node'), join(app, 'node_modules/@types/node'));
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'nodenext',
        target: 'es2022',
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
    }),
  );
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('installed from the tarball', () => {
  test('has no runtime dependencies', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as Record<
      string,
      unknown
    >;
    expect(pkg.dependencies).toBeUndefined();
  });

  test('imports, validates, and shares one error hierarchy across entries', () => {
    writeFileSync(
      join(app, 'import.mjs'),
      `import { Omni, OmniError, ValidationError } from 'jimmyai-omni';
       import { startSandbox } from 'jimmyai-omni/sandbox';
       const omni = new Omni({ apiKey: 'sk_test' });
       const { body } = omni.videos.prepare({ model: 'gemini-omni', prompt: 'a fox' });
       let refused;
       try { omni.videos.prepare({ model: 'Gemini-Omini', prompt: '' }); } catch (e) { refused = e instanceof ValidationError && e instanceof OmniError; }
       console.log(JSON.stringify({ model: body.model, refused, sandbox: typeof startSandbox }));`,
    );
    const result = run('node', ['import.mjs']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      model: 'Gemini-Omini',
      refused: true,
      sandbox: 'function',
    });
  });

  test('generates a video end to end on its own sandbox', () => {
    writeFileSync(
      join(app, 'generate.mjs'),
      `import { Omni } from 'jimmyai-omni';
       import { startSandbox } from 'jimmyai-omni/sandbox';
       const sandbox = await startSandbox({ timeScale: 0.005 });
       try {
         const omni = new Omni({ apiKey: 'sk_test', baseUrl: sandbox.url });
         const done = await omni.videos.generate({ model: 'Gemini-Omini', prompt: 'a fox' }, { pollIntervalMs: 20 });
         const saved = await omni.videos.download(done, 'fox.mp4');
         console.log(JSON.stringify({ status: done.status, bytes: saved.bytes }));
       } finally { await sandbox.close(); }`,
    );
    const result = run('node', ['generate.mjs']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ status: 'completed', bytes: 2122 });
  }, 30_000);

  test('type-checks a TypeScript file that uses it; a wrong enum value fails', () => {
    const good = `import { Omni, type CreateVideoParams, type VideoTask, TaskFailedError } from 'jimmyai-omni';
      import { startSandbox, type Sandbox } from 'jimmyai-omni/sandbox';
      const params: CreateVideoParams = { model: 'omni-10s', prompt: 'x', image_urls: ['https://e.com/a.jpg'] };
      export async function demo(sandbox: Sandbox): Promise<string | undefined> {
        const omni = new Omni({ baseUrl: sandbox.url });
        const task: VideoTask = await omni.videos.create(params);
        try { return (await omni.videos.wait(task)).result.video_url; }
        catch (e) { if (e instanceof TaskFailedError) return e.reason; throw e; }
      }
      void startSandbox;`;
    writeFileSync(join(app, 'good.ts'), good);
    const ok = run(bin('tsc'), ['-p', '.']);
    expect(ok.stdout + ok.stderr).toBe('');
    expect(ok.status).toBe(0);

    writeFileSync(
      join(app, 'bad.ts'),
      `import { Omni } from 'jimmyai-omni';\nawait new Omni().videos.create({ model: 'Gemini-Omini', prompt: 'x', resolution: '480p' });\n`,
    );
    const bad = run(bin('tsc'), ['-p', '.']);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/bad\.ts.*'"480p"' is not assignable/);
    expect(bad.stdout).not.toMatch(/good\.ts/);
    rmSync(join(app, 'bad.ts'));
  }, 60_000);

  test('jimmyai-omni/queue runs on the bullmq the user installs (an optional peer), and type-checks', () => {
    // The user's own bullmq and ioredis (linked from this repository's node_modules).
    for (const name of ['bullmq', 'ioredis'])
      symlinkSync(join(root, 'node_modules', name), join(app, 'node_modules', name));
    writeFileSync(
      join(app, 'queue.mjs'),
      `import { videoProcessor, sharedRateLimiter, jobOutcome, VIDEO_JOB_OPTIONS } from 'jimmyai-omni/queue';
       import { Redis } from 'ioredis';
       const redis = new Redis({ lazyConnect: true });
       const processor = videoProcessor({ redis, rate: { requestsPerSecond: 5 }, omni: { apiKey: 'sk_test' } });
       console.log(JSON.stringify({ processor: typeof processor, limiter: typeof sharedRateLimiter(redis, { requestsPerSecond: 1 }).acquire, outcome: typeof jobOutcome, attempts: VIDEO_JOB_OPTIONS.attempts }));
       redis.disconnect();`,
    );
    const result = run('node', ['queue.mjs']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      processor: 'function',
      limiter: 'function',
      outcome: 'function',
      attempts: 8,
    });
    writeFileSync(
      join(app, 'queue-types.ts'),
      `import { Worker } from 'bullmq';
       import { Redis } from 'ioredis';
       import { videoProcessor, type VideoJobData, type VideoJobResult } from 'jimmyai-omni/queue';
       const connection = new Redis({ maxRetriesPerRequest: null });
       export const worker = new Worker<VideoJobData, VideoJobResult>('videos', videoProcessor({ redis: connection, rate: { requestsPerSecond: 10 } }), { connection });`,
    );
    const types = run(bin('tsc'), ['-p', '.']);
    rmSync(join(app, 'queue-types.ts'));
    expect(types.stdout + types.stderr).toBe('');
    expect(types.status).toBe(0);
  }, 60_000);

  test('conditional exports: Node gets the Node build, a browser the build without Node code', () => {
    writeFileSync(
      join(app, 'which.mjs'),
      `import { Omni, DownloadError } from 'jimmyai-omni';
       const omni = new Omni({ apiKey: 'sk_test', baseUrl: 'http://127.0.0.1:9', dangerouslyAllowBrowser: true });
       const error = await omni.videos.download('http://127.0.0.1:9/v.mp4', 'v.mp4').catch((e) => e);
       console.log(JSON.stringify({ url: import.meta.resolve('jimmyai-omni'), typed: error instanceof DownloadError, message: error.message }));`,
    );
    const node = JSON.parse(run('node', ['which.mjs']).stdout);
    expect(node.url).toMatch(/\/dist\/index\.js$/);
    expect(node.message).not.toMatch(/file system/);
    const browser = JSON.parse(run('node', ['--conditions=browser', 'which.mjs']).stdout);
    expect(browser.url).toMatch(/\/dist\/browser\/index\.js$/);
    expect(browser).toMatchObject({
      typed: true,
      message: expect.stringMatching(/needs a file system/),
    });
  });

  test('an uncaught error prints a short, readable stack: real names, the source line', () => {
    writeFileSync(
      join(app, 'uncaught.mjs'),
      `import { Omni } from 'jimmyai-omni';\nnew Omni({ timeoutMs: -1 });\n`,
    );
    const result = run('node', ['uncaught.mjs']);
    expect(result.status).not.toBe(0);
    // Minified, this printed one 36 KB line of code before the message.
    expect(result.stderr.length).toBeLessThan(2000);
    expect(result.stderr).toMatch(/throw new ValidationError\(issues/);
    expect(result.stderr).toMatch(/at new Omni \(/);
    expect(result.stderr).toMatch(/timeoutMs: must be a positive number/);
  });

  test('runs the omni bin', () => {
    const help = run(join(app, 'node_modules/.bin/omni'), ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout + help.stderr).toMatch(/omni generate/);
  });
});

describe('package checks', () => {
  test('publint reports no problem', () => {
    const result = run(bin('publint'), ['--strict'], root);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/All good|No problems/i);
  });

  test('@arethetypeswrong/cli reports no problem (ESM-only package)', () => {
    const result = run(
      bin('attw'),
      ['--pack', '.', '--profile', 'esm-only', '--format', 'json'],
      root,
    );
    expect(result.status).toBe(0);
    // An ESM-only package is not meant for CommonJS require() nor for node10 resolution.
    const ignored = new Set(['node10', 'node16-cjs']);
    const problems = (JSON.parse(result.stdout).analysis.problems ?? []) as {
      resolutionKind?: string;
    }[];
    expect(problems.filter((p) => !ignored.has(p.resolutionKind ?? ''))).toEqual([]);
  }, 60_000);
});

/**
 * Every ```ts block of README.md and examples/README.md, and every ```js cjs block,
 * as a user copies it into a project that installed the tarball: type-checked there,
 * then run against a sandbox (key and base URL from the environment), unless marked
 * `no-run`. Reuses the package packed and installed above.
 */
describe('README snippets, against the installed package', () => {
  const blocks = [...snippets(root, 'README.md'), ...snippets(root, 'examples/README.md')];
  const ts = blocks.filter((b) => b.lang === 'ts');
  const cjs = blocks.filter((b) => b.lang === 'js' && b.flags.includes('cjs'));
  const runnable = [...ts, ...cjs].filter((b) => !b.flags.includes('no-run'));
  const dir = join(app, 'snippets');
  let sandbox: Sandbox;

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    for (const b of ts) writeFileSync(join(dir, `${b.name}.ts`), b.code);
    for (const b of cjs) writeFileSync(join(dir, `${b.name}.cjs`), b.code);
    sandbox = await startSandbox({ timeScale: 0.01 });
  });
  afterAll(() => sandbox?.close());

  test('README.md has its TypeScript blocks and a CommonJS one', () => {
    expect(ts.filter((b) => b.where.startsWith('README.md:')).length).toBeGreaterThanOrEqual(2);
    expect(cjs.length).toBeGreaterThanOrEqual(1);
  });

  test('every TypeScript block type-checks; so do a CommonJS import and the open status type', () => {
    // CommonJS TypeScript (.cts) importing the ESM-only package: require(esm), nodenext.
    writeFileSync(
      join(dir, 'require.cts'),
      `import { Omni } from 'jimmyai-omni';\nexport const omni: Omni = new Omni({ apiKey: 'sk_x' });\n`,
    );
    // `Known | string` collapses to string: Extract<string, 'completed'> would be never.
    writeFileSync(
      join(dir, 'status-type.ts'),
      `import type { KnownVideoTaskStatus, VideoTask } from 'jimmyai-omni';
       type Status = VideoTask['status'];
       export const known: Extract<Status, 'completed'> = 'completed';
       export const all: Extract<Status, KnownVideoTaskStatus>[] = ['queued', 'pending', 'submitted', 'processing', 'completed', 'success', 'failed'];
       export const open: Status = 'rendering';
       // @ts-expect-error a status is a string
       export const notAString: Status = 42;\n`,
    );
    const result = run(bin('tsc'), ['-p', '.']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);

  test.each(runnable.map((block) => ({ where: block.where, block })))(
    '$where runs against a sandbox',
    async ({ block }) => {
      let file = join(dir, `${block.name}.cjs`);
      if (block.lang === 'ts') {
        file = join(dir, `${block.name}.mjs`);
        writeFileSync(file, transformSync(block.code, { loader: 'ts', format: 'esm' }).code);
      }
      const cwd = mkdtempSync(join(work, 'run-'));
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
        (resolve, reject) => {
          const child = spawn(process.execPath, [file], {
            cwd,
            env: {
              PATH: process.env.PATH,
              JIMMYAI_API_KEY: 'sk_test',
              JIMMYAI_BASE_URL: sandbox.url,
            },
          });
          let stdout = '';
          let stderr = '';
          child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
          child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
          child.once('error', reject);
          child.once('close', (code) => resolve({ code, stdout, stderr }));
        },
      );
      expect(result.stderr, result.stdout).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).not.toBe('');
    },
    60_000,
  );
});
