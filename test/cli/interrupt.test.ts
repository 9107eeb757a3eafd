/**
 * Ctrl-C: the request in flight is aborted, the task id and the exact command that
 * resumes it are printed, and the exit code is 130 (143 for SIGTERM). In-process
 * through `main` for each phase, and once for real: a SIGINT sent to a child process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import { bundledCli, cliSandbox, createdTaskId, runCli, tempDir } from '../helpers/cli.js';
import { TEST_KEY } from '../helpers/omni.js';

const cli = await cliSandbox({ runMs: 60_000 });
const dir = await tempDir();

/** Resolves once `condition` holds, checking on real time (the sandbox answers in real time). */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Aborts with `reason` as soon as the output says the task exists (stderr, or --json's stdout). */
function abortWhenCreated(reason = 'SIGINT') {
  const controller = new AbortController();
  const watch = (marker: string) => (_: string, all: string) => {
    if (all.includes(marker) && !controller.signal.aborted) controller.abort(reason);
  };
  return {
    signal: controller.signal,
    onStderr: watch('Created task'),
    onStdout: watch('"event":"created"'),
  };
}

describe('interrupted while waiting', () => {
  test('prints the task id and the command that resumes it, exits 130, and that command works', async () => {
    const out = join(dir, 'resumed.mp4');
    const result = await cli.run(
      ['generate', '--prompt', 'a fox', '--out', out],
      abortWhenCreated(),
    );
    expect(result.code).toBe(130);
    const id = createdTaskId(result.stderr);
    const resume = `omni wait ${id} --out ${out}`;
    expect(result.stderr).toContain(
      `\nInterrupted. Task ${id} goes on running on the service. Resume with:\n  ${resume}\n`,
    );
    expect(existsSync(out)).toBe(false);

    const resumed = await cli.run(resume.split(' ').slice(1));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  test('SIGTERM exits 143, and --json ends with an error event holding the resume command', async () => {
    const out = join(dir, "it's a fox.mp4");
    const result = await cli.run(
      ['generate', '--prompt', 'a fox', '--out', out, '--overwrite', '--json'],
      abortWhenCreated('SIGTERM'),
    );
    expect(result.code).toBe(143);
    const events = result.events();
    const id = events[0]!.task.task_id as string;
    expect(events.at(-1)).toEqual({
      event: 'error',
      error: {
        name: 'Interrupted',
        message: 'Interrupted (SIGTERM).',
        exit_code: 143,
        task_id: id,
        resume: `omni wait ${id} --out '${dir}/it'\\''s a fox.mp4' --overwrite`,
      },
    });
  });

  test('aborts the request in flight at once (it does not wait for the request timeout)', async () => {
    const id = (await cli.run(['create', '--prompt', 'a fox'])).stdout.trim();
    cli.sandbox.injectFault({ kind: 'hang', route: 'retrieve' });
    const controller = new AbortController();
    const started = Date.now();
    const running = cli.run(['wait', id], { signal: controller.signal });
    const hung = () =>
      cli.requestsTo('retrieve').some((r) => r.fault === 'hang' && r.status === null);
    await until(hung);
    controller.abort('SIGINT');
    const result = await running;
    expect(result.code).toBe(130);
    // The client's request timeout is 60 s: only aborting the request ends this quickly.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.stderr).toContain(`Resume with:\n  omni wait ${id}\n`);
  });
});

describe('interrupted at other moments', () => {
  test('while creating: the task may exist, so it says to look before creating again', async () => {
    cli.sandbox.injectFault({ kind: 'slow', route: 'create', delayMs: 30_000 });
    const before = cli.requestsTo('create').length;
    const controller = new AbortController();
    const running = cli.run(['generate', '--prompt', 'a fox'], { signal: controller.signal });
    await until(() => cli.requestsTo('create').length > before);
    controller.abort('SIGINT');
    const result = await running;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(
      'Interrupted while the task was being created: the request may have reached the service, so a task may exist (and be billed).',
    );
  });

  test('while downloading: nothing is saved, and it says how to download again', async () => {
    cli.sandbox.injectFault({ kind: 'slow', route: 'media', delayMs: 30_000 });
    const out = join(dir, 'half.mp4');
    const before = cli.requestsTo('media').length;
    const controller = new AbortController();
    const running = cli.run(['generate', '--prompt', 'a fox', '--out', out], {
      signal: controller.signal,
    });
    await until(() => cli.requestsTo('media').length > before);
    controller.abort('SIGINT');
    const result = await running;
    expect(result.code).toBe(130);
    const id = createdTaskId(result.stderr);
    expect(result.stderr).toContain(
      `Interrupted during the download; nothing was saved. Task ${id} is complete; save its video with:\n  omni download ${id} --out ${out}\n`,
    );
    expect(existsSync(out)).toBe(false);
  });

  test('on the embedded sandbox: there is nothing to resume, and it says so', async () => {
    const result = await runCli(['generate', '--prompt', 'a fox'], {
      env: {},
      ...abortWhenCreated(),
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(
      /Interrupted\. Task task_\w+ ran on the embedded sandbox, which stops with this command: there is nothing to resume\./,
    );
    expect(result.stderr).not.toContain('omni wait');
  });
});

describe('a real SIGINT to the omni process', () => {
  let bin = '';
  let remove = async () => {};
  beforeAll(async () => {
    ({ bin, remove } = await bundledCli());
  });
  afterAll(() => remove());

  test('exits 130 and prints the command that resumes the task', async () => {
    // Real time here: a task that stays queued for a minute.
    const slow = await startSandbox({ queueMs: 60_000, jitter: 0 });
    const out = join(dir, 'signal.mp4');
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, [bin, 'generate', '--prompt', 'a fox', '--out', out], {
        env: { PATH: process.env.PATH, JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: slow.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) =>
        child!.once('exit', (code) => resolve(code)),
      );
      await until(() => stderr.includes('Created task'), 10_000);
      const signalledAt = Date.now();
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(Date.now() - signalledAt).toBeLessThan(2000);
      const id = createdTaskId(stderr);
      expect(stderr).toContain(
        // omni is not on PATH here: the command names the script that ran (invocation.test.ts).
        `Interrupted. Task ${id} goes on running on the service. Resume with:\n  node ${relative(process.cwd(), bin)} wait ${id} --out ${out}\n`,
      );
      expect(slow.task(id)).toBeDefined();
      expect(stderr).not.toContain(TEST_KEY);
    } finally {
      child?.kill('SIGKILL');
      await slow.close();
    }
  });
});
