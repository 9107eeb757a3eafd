/**
 * Every exit code, end to end, and the table that documents them. Each error says
 * what happened and, where a task exists, the exact command that picks up from there.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXIT_CODES, ExitCode, exitCodeFor } from '../../src/cli/exit-codes.js';
import { main } from '../../src/cli/main.js';
import { UsageError } from '../../src/cli/usage-error.js';
import {
  AbortError,
  ApiError,
  AuthenticationError,
  CallbackError,
  ConnectionError,
  CreateUncertainError,
  DownloadError,
  InternalServerError,
  MalformedResponseError,
  NotFoundError,
  Omni,
  RateLimitError,
  RequestTimeoutError,
  TaskFailedError,
  TaskResultError,
  TaskTimeoutError,
  ValidationError,
} from '../../src/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { cliSandbox, createdTaskId, runCli, tempDir } from '../helpers/cli.js';
import { TEST_KEY } from '../helpers/omni.js';

const cli = await cliSandbox();
const dir = await tempDir();

describe('the table', () => {
  test('has the documented codes, each once, and omni --help lists them all', async () => {
    const codes = EXIT_CODES.map((e) => e.code);
    expect(codes).toEqual([0, 1, 2, 3, 4, 5, 130, 143]);
    const help = (await runCli(['--help'])).stdout;
    for (const { code, meaning } of EXIT_CODES)
      expect(help).toContain(`  ${String(code).padEnd(5)}${meaning}`);
  });

  test.each([
    [new ValidationError([{ path: 'duration', message: 'x' }]), 2],
    [new UsageError('x'), 2],
    [new TaskFailedError({ task_id: 't', status: 'failed' }, 'why'), 3],
    [new TaskTimeoutError('t', 1000, undefined), 4],
    [new ApiError('x', { status: 400 }), 5],
    [new AuthenticationError('x', { status: 401 }), 5],
    [new NotFoundError('x', { status: 404 }), 5],
    [new RateLimitError('x', { status: 429 }), 5],
    [new InternalServerError('x', { status: 500 }), 5],
    [new ConnectionError('x'), 5],
    [new RequestTimeoutError('x'), 5],
    [new MalformedResponseError('x', 200), 5],
    [new CreateUncertainError('x'), 5],
    [new DownloadError('x'), 5],
    // The service said completed but gave no usable link: the API's fault, not a bug here.
    [new TaskResultError({ task_id: 't', status: 'completed' }, 'no video URL'), 5],
    // The CLI's own callbacks: a throw there is a bug of the CLI.
    [new CallbackError('onProgress', new Error('bug'), 't'), 1],
    [new AbortError('x'), 130],
    [new Error('a bug'), 1],
  ])('%s exits %i', (error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});

describe('end to end', () => {
  test('0: success', async () => {
    expect((await cli.run(['generate', '--prompt', 'a fox'])).code).toBe(ExitCode.Success);
  });

  test('2: invalid input, nothing sent', async () => {
    const before = cli.sandbox.requests.length;
    const result = await cli.run(['generate', '--prompt', 'a fox', '--resolution', '8k']);
    expect(result.code).toBe(2);
    expect(cli.sandbox.requests.length).toBe(before);
  });

  test('3: the task failed, with the provider reason and no resume hint', async () => {
    const result = await cli.run([
      'generate',
      '--prompt',
      'a fox [fail:error_msg]',
      '--out',
      join(dir, 'f.mp4'),
    ]);
    expect(result.code).toBe(3);
    const id = createdTaskId(result.stderr);
    expect(result.stderr).toContain(
      `Error: Task ${id} failed: The prompt was refused by the content policy.\n`,
    );
    expect(result.stderr).not.toContain('omni wait');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('4: timed out, with the command that resumes, which then works', async () => {
    const out = join(dir, 'slow.mp4');
    const result = await cli.run([
      'generate',
      '--prompt',
      'a fox',
      '--out',
      out,
      '--timeout',
      '3s',
    ]);
    expect(result.code).toBe(4);
    const id = createdTaskId(result.stderr);
    expect(result.stderr).toMatch(
      new RegExp(
        `Error: Task ${id} did not finish within 3s \\(last seen: processing, \\d+%\\)\\. It may still finish\\.\\n`,
      ),
    );
    const resume = `omni wait ${id} --out ${out}`;
    expect(result.stderr).toContain(`Task ${id} may still be running. Resume with:\n  ${resume}\n`);

    const resumed = await cli.run(resume.split(' ').slice(1));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toBe(`${out}\n`);
  });

  test('5: the API answered with an error (no such task)', async () => {
    const result = await cli.run(['status', 'task_DOESNOTEXIST']);
    expect(result.code).toBe(5);
    // One statement of the advice, not the SDK's and the CLI's one after the other.
    expect(result.stderr).toBe(
      'Error: Task task_DOESNOTEXIST was not found (HTTP 404). Task ids are visible only to the key ' +
        'that created them: check the id, JIMMYAI_API_KEY and JIMMYAI_BASE_URL.\n',
    );
  });

  test('5: the key was refused', async () => {
    const strict = await startSandbox({ apiKeys: ['sk_the_right_one'] });
    try {
      const result = await runCli(['status', 'task_1'], {
        env: { JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: strict.url },
      });
      expect(result.code).toBe(5);
      expect(result.stderr).toMatch(
        new RegExp(
          `^Error: The API at ${strict.url} refused the key \\(HTTP 401[^\\n]*\\)\\. Check JIMMYAI_API_KEY\\.\\n$`,
        ),
      );
    } finally {
      await strict.close();
    }
  });

  test('5: the network is down, naming the address tried', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const result = await cli.run(['create', '--prompt', 'a fox'], {
      env: { JIMMYAI_BASE_URL: url },
    });
    expect(result.code).toBe(5);
    // One line: what failed, where, and what to check; said once.
    expect(result.stderr).toBe(
      `Error: Could not reach the API at ${url} (connection refused). Check your network and JIMMYAI_BASE_URL.\n`,
    );
  });

  test('5: an answer cut off is not "could not reach": the error carries the status it began with', async () => {
    const id = (await cli.run(['create', '--prompt', 'a fox'])).stdout.trim();
    cli.sandbox.injectFault({ kind: 'truncated-body', route: 'retrieve', times: Infinity });
    try {
      const omni = new Omni({ apiKey: TEST_KEY, baseUrl: cli.sandbox.url, maxRetries: 0 });
      const error = await omni.videos.retrieve(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ status: 200 });
      const result = await cli.run(['status', id]);
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('The connection dropped while reading the answer (HTTP 200)');
      expect(result.stderr).not.toContain('Could not reach');
    } finally {
      cli.sandbox.clearFaults();
    }
  });

  test('5: a create whose outcome is unknown says a task may exist and not to retry blindly', async () => {
    cli.sandbox.injectFault({ kind: 'reset-after', route: 'create' });
    const before = cli.requestsTo('create').length;
    const result = await cli.run(['generate', '--prompt', 'a fox']);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('Error: The create request may or may not have made a task');
    expect(result.stderr).toContain(
      'A task may exist, and be billed, even though no answer came back. Do not retry blindly',
    );
    // Sent once, never resent.
    expect(cli.requestsTo('create').length).toBe(before + 1);
  });

  test('5: the video could not be saved, with the command that retries the download', async () => {
    cli.sandbox.injectFault({ kind: 'server-error', route: 'media' });
    const out = join(dir, 'broken.mp4');
    const result = await cli.run(['generate', '--prompt', 'a fox', '--out', out]);
    expect(result.code).toBe(5);
    const id = createdTaskId(result.stderr);
    expect(result.stderr).toContain('Error: The video host answered HTTP 500');
    const retry = `omni download ${id} --out ${out}`;
    expect(result.stderr).toContain(`The task is complete; save its video with:\n  ${retry}\n`);
    const retried = await cli.run(retry.split(' ').slice(1));
    expect(retried.code, retried.stderr).toBe(0);
  });

  test('1: an unexpected error asks for a report; --debug adds the stack', async () => {
    const failingStdout = (argv: string[]) =>
      main(argv, {
        stdout: () => {
          throw new Error('disk on fire');
        },
        stderr: (s) => void (stderr += s),
        env: { ...cli.env },
        clock: cli.clock,
      });
    let stderr = '';
    expect(await failingStdout(['create', '--prompt', 'a fox'])).toBe(1);
    expect(stderr).toContain('Error: Unexpected: disk on fire\nThis is a bug in omni.');
    expect(stderr).not.toMatch(/\n\s+at /);
    stderr = '';
    expect(await failingStdout(['create', '--prompt', 'a fox', '--debug'])).toBe(1);
    expect(stderr).toMatch(/Error: disk on fire\n\s+at /);
  });
});

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
