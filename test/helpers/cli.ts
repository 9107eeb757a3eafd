/**
 * Runs `omni` in-process through `main(argv, io)`, against a sandbox on loopback that
 * shares the CLI's virtual clock: a task's seconds pass in milliseconds, and nothing
 * is read from the real process environment.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll } from 'vitest';
import type { Clock } from '../../src/index.js';
import { main } from '../../src/cli/main.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/index.js';
import { requestsTo, TEST_KEY } from './omni.js';
import { virtualSandbox } from './virtual-sandbox.js';
import { virtualClock, type VirtualClock } from './virtual-clock.js';

/** The sample video every completed sandbox task serves. */
export const SAMPLE_MP4 = new URL('../../src/sandbox/assets/sample.mp4', import.meta.url);

export interface RunOptions {
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
  columns?: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** Sees each write to stderr as it happens, with everything written so far. */
  onStderr?: (text: string, all: string) => void;
  /** Sees each write to stdout as it happens, with everything written so far. */
  onStdout?: (text: string, all: string) => void;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as NDJSON (throws on a line that is not JSON). */
  events(): Array<Record<string, any>>;
}

/** Runs one command line and collects its output. */
export async function runCli(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
      options.onStdout?.(text, stdout);
    },
    stderr: (text) => {
      stderr += text;
      options.onStderr?.(text, stderr);
    },
    env: options.env ?? {},
    isTTY: options.isTTY,
    columns: options.columns,
    signal: options.signal,
    clock: options.clock ?? virtualClock(),
  });
  return {
    code,
    stdout,
    stderr,
    events: () =>
      stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, any>),
  };
}

export interface CliSandbox {
  sandbox: Sandbox;
  clock: VirtualClock;
  /** JIMMYAI_API_KEY and JIMMYAI_BASE_URL for the sandbox. */
  env: Record<string, string>;
  /** Runs a command line against the sandbox (the env can be overridden). */
  run(argv: string[], options?: RunOptions): Promise<RunResult>;
  /** The requests the sandbox recorded on a route. */
  requestsTo(route: 'create' | 'retrieve' | 'media' | 'upload'): Sandbox['requests'];
}

/**
 * A sandbox for this test file (closed after it), on a virtual clock shared with the
 * CLI. Tasks take their default 1 s queued + 5 s running, in virtual time.
 */
export async function cliSandbox(options: SandboxOptions = {}): Promise<CliSandbox> {
  // The virtual clock moves by jittered, fractional sleeps; the sandbox copes with that.
  const { clock, sandbox } = await virtualSandbox({ seed: 7, ...options });
  afterAll(() => sandbox.close());
  const env = { JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: sandbox.url };
  return {
    sandbox,
    clock,
    env,
    run: (argv, runOptions = {}) =>
      runCli(argv, { clock, ...runOptions, env: { ...env, ...runOptions.env } }),
    requestsTo: (route) => requestsTo(sandbox, route),
  };
}

/** A fresh temporary directory for this test file, removed after it. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'omni-cli-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The task id the CLI printed on stderr ("Created task task_..."). */
export function createdTaskId(stderr: string): string {
  const id = /Created task (task_\w+)/.exec(stderr)?.[1];
  if (!id) throw new Error(`no "Created task" in stderr:\n${stderr}`);
  return id;
}

/**
 * The CLI bundled as the published bin is, for tests that run it as a real process
 * (signals): scripts/run-ts.mjs runs its child with spawnSync, so a signal sent to it
 * would not reach the CLI. `remove()` deletes the bundle.
 *
 * @example
 * const cli = await bundledCli(); // in beforeAll; afterAll(() => cli.remove())
 * spawn(process.execPath, [cli.bin, 'generate', '--prompt', 'a fox']);
 */
export async function bundledCli(): Promise<{ bin: string; remove(): Promise<void> }> {
  // Inside node_modules, so that the bundle's external packages resolve.
  const bundleDir = await mkdtemp(join(resolve('node_modules'), '.omni-cli-test-'));
  const bin = join(bundleDir, 'cli.mjs');
  await build({
    entryPoints: ['src/cli/bin.ts'],
    outfile: bin,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return { bin, remove: () => rm(bundleDir, { recursive: true, force: true }) };
}
