/**
 * The command lines omni prints (follow a task, resume after Ctrl-C, download later)
 * work when pasted where the user ran omni: `omni` only when that `omni` is on PATH,
 * else `node <path>` (in this repository: `node dist/cli.js`), or `npx omni` under npx.
 * The real executable, bundled as the package's bin is, run as a child process; each
 * printed command is then run by a shell. Children run asynchronously: the sandbox
 * answering them lives in this process.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { TEST_KEY } from '../helpers/omni.js';

const root = mkdtempSync(join(tmpdir(), 'omni-invocation-'));
// Only node's own folder and the system's: no `omni` on PATH unless a test adds one.
const BASE_PATH = [dirname(process.execPath), '/usr/bin', '/bin'].join(':');
// Each test bundles or starts node a few times: seconds on a busy machine.
const SLOW = 60_000;
let sandbox: Sandbox;

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(
  program: string,
  args: string[],
  options: { cwd?: string; env: Record<string, string> },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Bundles the bin to `path` (self-contained, with its shebang, executable). */
async function bundleTo(path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await build({
    entryPoints: ['src/cli/bin.ts'],
    outfile: path,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
  chmodSync(path, 0o755);
}

const tools = join(root, 'tools/cli.mjs');
beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: 0.01, jitter: 0 });
  await bundleTo(tools);
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Runs `argv` (the program first) in `cwd` and returns the command omni says to follow with. */
async function followCommand(
  argv: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<string> {
  const [program, ...args] = argv;
  const result = await run(program!, [...args, 'create', '--prompt', 'a fox'], {
    cwd,
    env: { PATH: BASE_PATH, JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: sandbox.url, ...env },
  });
  expect(result.status, result.stderr).toBe(0);
  const command = /Follow it with:\n {2}(.+)\n/.exec(result.stderr)?.[1];
  expect(command, result.stderr).toBeDefined();
  return command!;
}

/** Runs a printed command line in a shell, as a user pasting it would. */
function paste(command: string, cwd: string, path = BASE_PATH): Promise<Ran> {
  return run('sh', ['-c', command], {
    cwd,
    env: { PATH: path, JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: sandbox.url },
  });
}

describe('the printed command runs this omni again', () => {
  test(
    'not on PATH: `node <path>`, and pasting it saves the video',
    async () => {
      const cwd = join(root, 'work');
      mkdirSync(cwd, { recursive: true });
      const command = await followCommand([process.execPath, tools], cwd);
      expect(command).toMatch(
        new RegExp(`^node ${tools.replaceAll('.', '\\.')} wait task_\\w+ --out video\\.mp4$`),
      );
      // `omni` alone would fail here with "command not found".
      expect((await paste('command -v omni', cwd)).status).not.toBe(0);
      const pasted = await paste(command, cwd);
      expect(pasted.status, pasted.stderr).toBe(0);
      expect(existsSync(join(cwd, 'video.mp4'))).toBe(true);
    },
    SLOW,
  );

  test(
    'inside the folder that holds it (this repository): a relative `node dist/cli.js`',
    async () => {
      const repo = join(root, 'repo');
      await bundleTo(join(repo, 'dist/cli.js'));
      const command = await followCommand([process.execPath, 'dist/cli.js'], repo);
      expect(command).toMatch(/^node dist\/cli\.js wait task_\w+ --out video\.mp4$/);
      expect((await paste(command, repo)).status).toBe(0);
    },
    SLOW,
  );

  test(
    'on PATH as omni: plain `omni`, and it works',
    async () => {
      const bin = join(root, 'bin');
      mkdirSync(bin, { recursive: true });
      symlinkSync(tools, join(bin, 'omni'));
      const path = `${bin}:${BASE_PATH}`;
      const cwd = join(root, 'elsewhere');
      mkdirSync(cwd, { recursive: true });
      const command = await followCommand([join(bin, 'omni')], cwd, { PATH: path });
      expect(command).toMatch(/^omni wait task_\w+ --out video\.mp4$/);
      expect((await paste(command, cwd, path)).status).toBe(0);
    },
    SLOW,
  );

  test(
    'under npx, from the project: `npx omni`; fetched by npx: `npx jimmyai-omni`',
    async () => {
      const project = join(root, 'project');
      const installed = join(project, 'node_modules/jimmyai-omni/dist/cli.js');
      await bundleTo(installed);
      const npx = { npm_command: 'exec' };
      expect(await followCommand([process.execPath, installed], project, npx)).toMatch(
        /^npx omni wait /,
      );
      expect(await followCommand([process.execPath, tools], project, npx)).toMatch(
        /^npx jimmyai-omni wait /,
      );
    },
    SLOW,
  );
});

test(
  'the Ctrl-C hint of a real process uses the same rule',
  async () => {
    // A task that stays queued: the hint is printed on SIGINT.
    const cwd = join(root, 'work');
    const child = spawn(process.execPath, [tools, 'generate', '--prompt', 'a fox [pending]'], {
      cwd,
      env: { PATH: BASE_PATH, JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: sandbox.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (err.includes('Created task')) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(130);
    expect(err).toMatch(
      new RegExp(`Resume with:\\n {2}node ${tools.replaceAll('.', '\\.')} wait task_\\w+\\n`),
    );
  },
  SLOW,
);
