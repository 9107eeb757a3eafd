/**
 * The CLI's request log is the SDK's: `--debug` logs every request at `debug`, and
 * `JIMMYAI_LOG` sets the level from the CLI's environment; the lines go to stderr, so
 * stdout stays data (and NDJSON with --json).
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CREATE_PATH, TASK_PATH_PREFIX } from '../../src/sandbox/index.js';
import { cliSandbox, tempDir } from '../helpers/cli.js';
import { TEST_KEY } from '../helpers/omni.js';

const cli = await cliSandbox();
const dir = await tempDir();
const LINE = /^jimmyai-omni: (GET|POST) \S+ \d{3} in \d+ ms, attempt \d+/;
const logLines = (stderr: string) =>
  stderr.split('\n').filter((l) => l.startsWith('jimmyai-omni:'));

describe('omni and the request log', () => {
  test('--debug: a line per request on stderr, the key nowhere, stdout untouched', async () => {
    const out = join(dir, 'fox.mp4');
    const result = await cli.run(['generate', '--prompt', 'a fox', '--out', out, '--debug']);
    expect(result.code).toBe(0);
    const lines = logLines(result.stderr);
    const polls = cli.requestsTo('retrieve').length;
    expect(lines[0]).toMatch(new RegExp(`^jimmyai-omni: POST ${CREATE_PATH} 200 in \\d+ ms`));
    expect(lines.filter((l) => l.includes(` ${TASK_PATH_PREFIX}`)).length).toBe(polls);
    expect(lines.at(-1)).toMatch(/^jimmyai-omni: GET http:\/\/127\.0\.0\.1:\d+\/\S+\.mp4 200 /);
    for (const line of lines) expect(line).toMatch(LINE);
    expect(result.stdout).toBe(`${out}\n`);
    expect(result.stderr).not.toContain(TEST_KEY);
  });

  test('JIMMYAI_LOG=info logs the same lines with --json, on stderr only', async () => {
    const result = await cli.run(['create', '--prompt', 'a fox', '--json'], {
      env: { JIMMYAI_LOG: 'info' },
    });
    expect(result.code).toBe(0);
    expect(logLines(result.stderr)).toEqual([expect.stringMatching(LINE)]);
    expect(result.events().map((e) => e.event)).toEqual(['created', 'task']);
  });

  test('without --debug or JIMMYAI_LOG nothing is logged', async () => {
    const result = await cli.run(['create', '--prompt', 'a fox']);
    expect(result.code).toBe(0);
    expect(logLines(result.stderr)).toEqual([]);
  });

  test('an unknown JIMMYAI_LOG is a usage error naming it, before anything is sent', async () => {
    const before = cli.requestsTo('create').length;
    const result = await cli.run(['create', '--prompt', 'a fox'], {
      env: { JIMMYAI_LOG: 'loud' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/JIMMYAI_LOG.*must be one of debug, info, warn, error, off/);
    expect(cli.requestsTo('create').length).toBe(before);
  });
});
