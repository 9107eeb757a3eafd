/**
 * The API key comes from JIMMYAI_API_KEY only and never appears in any output: not in
 * messages, errors, --debug stack traces or JSON, on success or failure.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import { cliSandbox, runCli, tempDir, type RunResult } from '../helpers/cli.js';
import { TEST_KEY } from '../helpers/omni.js';

const cli = await cliSandbox();
const dir = await tempDir();

const expectNoKey = (result: RunResult) => {
  expect(result.stdout).not.toContain(TEST_KEY);
  expect(result.stderr).not.toContain(TEST_KEY);
};

describe('the API key', () => {
  test('is never printed, whatever the command and outcome', async () => {
    const id = (await cli.run(['create', '--prompt', 'a fox', '--json', '--debug'])).events()[0]!
      .task.task_id as string;
    const runs: string[][] = [
      ['generate', '--prompt', 'a fox', '--out', join(dir, 'a.mp4'), '--debug'],
      ['generate', '--prompt', 'a fox [fail]', '--json', '--debug'],
      ['generate', '--prompt', 'a fox', '--timeout', '2s', '--debug'],
      ['generate', '--prompt', ' ', '--debug', '--bogus'],
      ['status', id, '--debug'],
      ['status', 'task_NOPE', '--debug', '--json'],
      ['wait', id, '--json'],
      ['download', id, '--out', join(dir, 'b.mp4'), '--debug'],
      ['--help'],
    ];
    for (const argv of runs) expectNoKey(await cli.run(argv));
  });

  test('is not printed when the service refuses it, even with --debug', async () => {
    const strict = await startSandbox({ apiKeys: ['sk_the_right_one'] });
    try {
      const result = await runCli(['create', '--prompt', 'a fox', '--debug', '--json'], {
        env: { JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: strict.url },
      });
      expect(result.code).toBe(5);
      expect(result.stderr).toMatch(/\n\s+at /); // --debug did print a stack
      expectNoKey(result);
    } finally {
      await strict.close();
    }
  });

  test('is masked even where it would be printed as data (here, pasted into a prompt)', async () => {
    const result = await cli.run(['generate', '--prompt', `my key is ${TEST_KEY}`, '--dry-run']);
    expect(result.code).toBe(0);
    expectNoKey(result);
    expect(JSON.parse(result.stdout).prompt).toBe('my key is ***');
  });

  test('goes to the API as a bearer token, and never to the video host', async () => {
    const before = cli.sandbox.requests.length;
    expect(
      (await cli.run(['generate', '--prompt', 'a fox', '--out', join(dir, 'c.mp4')])).code,
    ).toBe(0);
    const requests = cli.sandbox.requests.slice(before);
    for (const r of requests.filter((r) => r.route !== 'media'))
      expect(r.headers.authorization).toBe('Bearer ***');
    const media = requests.filter((r) => r.route === 'media');
    expect(media).toHaveLength(1);
    expect(media[0]!.headers.authorization).toBeUndefined();
  });
});
