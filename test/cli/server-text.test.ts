/**
 * What the service chooses (a task id, its `msg`, the shape of a task) is data: an id
 * that looks like a flag stays an id in every command line the CLI prints, a line feed
 * cannot make a second line (two "ids", a forged "Saved …"), and a field nested
 * thousands of levels deep is printed, not a crash blamed on a callback.
 * Against independent node:http servers on loopback.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { CallbackError } from '../../src/index.js';
import { describeFailure } from '../../src/cli/failure.js';
import { TASK_PATH_PREFIX } from '../../src/sandbox/index.js';
import { hostileServer, sendJson, type HostileServer } from '../helpers/hostile-server.js';
import { runCli } from '../helpers/cli.js';
import { TEST_KEY } from '../helpers/omni.js';

/**
 * A service whose tasks all have the id `id`: create answers it, and a query answers
 * the id asked for with `status` (and `extra`, raw JSON members, appended to `data`).
 */
async function taskServer(
  id: string,
  { status = 'processing', extra = '', msg = 'ok' } = {},
): Promise<HostileServer> {
  return hostileServer((req, res) => {
    const asked = req.url.startsWith(TASK_PATH_PREFIX)
      ? decodeURIComponent(req.url.slice(TASK_PATH_PREFIX.length))
      : id;
    const state = req.method === 'POST' ? 'queued' : status;
    sendJson(
      res,
      200,
      `{"code":"20000","msg":${JSON.stringify(msg)},"data":{"task_id":${JSON.stringify(asked)},` +
        `"status":"${state}","progress":${state === 'processing' ? 40 : 0}${extra}}}`,
    );
  });
}

const envOf = (server: HostileServer) => ({
  JIMMYAI_API_KEY: TEST_KEY,
  JIMMYAI_BASE_URL: server.url,
});

/** The ids the server was asked about, decoded. */
const askedIds = (server: HostileServer) =>
  server.requests
    .filter((r) => r.method === 'GET' && r.url.startsWith(TASK_PATH_PREFIX))
    .map((r) => decodeURIComponent(r.url.slice(TASK_PATH_PREFIX.length)));

/** The words a POSIX shell (dash) makes of a printed `omni …` command line. */
function shellWords(commandLine: string): string[] {
  const script = `omni() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${commandLine}`;
  const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

/** The command printed on the line after `heading` on stderr. */
function printedCommand(stderr: string, heading: string): string {
  const lines = stderr.split('\n');
  const at = lines.findIndex((line) => line.endsWith(heading));
  expect(at, stderr).toBeGreaterThanOrEqual(0);
  const command = lines[at + 1]!.trim();
  expect(command.startsWith('omni ')).toBe(true);
  return command;
}

// Ids a service could choose: flags, a flag with a value, shell syntax, a line feed
// that would forge a line, an escape sequence.
const IDS = [
  '--help',
  '-h',
  '--out=hijacked.mp4',
  "task 1'; echo pwned; '",
  'task_1\nSaved fox.mp4 (1.2 MB).',
  'task_\u001b]0;pwned\u0007',
];

describe('printed commands pass any task id back as the id', () => {
  test.each(IDS)('omni create, then the printed "omni wait" command, for %j', async (id) => {
    const server = await taskServer(id, { status: 'failed' });
    try {
      const created = await runCli(['create', '--prompt', 'a fox'], { env: envOf(server) });
      expect(created.code, created.stderr).toBe(0);
      const command = printedCommand(created.stderr, 'Follow it with:');
      const argv = shellWords(command);
      expect(argv[0]).toBe('wait');
      expect(argv).toContain(id);
      // Running what was printed waits for that task: one query, for that id.
      const waited = await runCli(argv, { env: envOf(server) });
      expect(waited.code, waited.stderr).toBe(3); // the task failed: it was found
      expect(askedIds(server)).toEqual([id]);
    } finally {
      await server.close();
    }
  });

  test.each(IDS)('omni status, then its printed command (as omni download), for %j', async (id) => {
    const server = await taskServer(id, { status: 'processing' });
    try {
      const status = await runCli(['status', '--', id], { env: envOf(server) });
      expect(status.code, status.stderr).toBe(0);
      const argv = shellWords(printedCommand(status.stderr, 'Wait for it with:'));
      expect(argv.slice(0, 1)).toEqual(['wait']);
      // The task has not finished: download says so after one query, for that id.
      const download = await runCli(['download', ...argv.slice(1)], { env: envOf(server) });
      expect(download.stderr).toContain('has not finished yet');
      expect(download.stderr).not.toMatch(/^Saved/m);
      expect(askedIds(server)).toEqual([id, id]);
    } finally {
      await server.close();
    }
  });
});

describe('a line feed from the service never starts a line of its own', () => {
  test('a created task id with a line feed is one line on stdout, and no forged line on stderr', async () => {
    const id = 'task_1\nSaved fox.mp4 (1.2 MB).';
    const server = await taskServer(id);
    try {
      const result = await runCli(['create', '--prompt', 'a fox'], { env: envOf(server) });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('task_1\\x0aSaved fox.mp4 (1.2 MB).\n');
      expect(result.stderr).toContain('Created task task_1\\x0aSaved fox.mp4');
      expect(result.stderr).not.toMatch(/^Saved/m);
    } finally {
      await server.close();
    }
  });

  test('an error msg with a line feed cannot forge a line, in human and --json modes', async () => {
    const server = await hostileServer((req, res) =>
      sendJson(res, 400, {
        code: '40000',
        msg: 'bad request\nSaved fox.mp4 (1.2 MB).\nTask task_9 completed',
        data: null,
      }),
    );
    try {
      for (const flags of [[], ['--json']]) {
        const result = await runCli(['create', '--prompt', 'a fox', ...flags], {
          env: envOf(server),
        });
        expect(result.code).toBe(5);
        expect(result.stderr).toContain('bad request\\x0aSaved fox.mp4');
        expect(result.stderr).not.toMatch(/^(Saved|Task task_9)/m);
        if (flags.length) expect(result.events().at(-1)!.error.message).toContain('\nSaved fox');
      }
    } finally {
      await server.close();
    }
  });

  test('--debug shows the error and its causes with the line feeds still escaped', async () => {
    const server = await hostileServer((req, res) =>
      sendJson(res, 400, { code: '40000', msg: 'bad $& request\nSaved fox.mp4 (1.2 MB).' }),
    );
    try {
      const result = await runCli(['create', '--prompt', 'a fox', '--debug'], {
        env: envOf(server),
      });
      expect(result.code).toBe(5);
      expect(result.stderr).toMatch(/Error.*bad \$& request\\x0aSaved fox\.mp4/);
      expect(result.stderr).not.toMatch(/^Saved/m);
    } finally {
      await server.close();
    }
  });

  test('waiting for an id with a line feed: every line about it stays one line', async () => {
    const id = 'task_2\nTask task_2 completed (0:05).';
    const server = await taskServer(id, { status: 'failed' });
    try {
      const result = await runCli(['wait', id], { env: envOf(server) });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('Waiting for task task_2\\x0aTask task_2 completed');
      expect(result.stderr).not.toMatch(/^Task task_2 completed/m);
    } finally {
      await server.close();
    }
  });
});

describe('a time that is no date', () => {
  test('omni status reads a completed_at past the last JavaScript date as unsaid, and exits 0', async () => {
    const server = await taskServer('task_far', {
      status: 'completed',
      extra: ',"completed_at":1e300,"result":{"video_url":"https://cdn.example/v.mp4"}',
    });
    try {
      const result = await runCli(['status', 'task_far'], { env: envOf(server) });
      expect(result.code, result.stderr).toBe(0);
      // The SDK reads a time no Date can hold as if the service had not sent it (the
      // README's "Waiting"): the link then lives 3 days from when the task was seen.
      expect(result.stdout).not.toMatch(/Invalid|1e\+?300/);
      expect(result.stdout).toMatch(/^expires +\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/m);
      expect(result.stdout).toMatch(/^video +https:\/\/cdn\.example\/v\.mp4$/m);
    } finally {
      await server.close();
    }
  });
});

describe('a task nested thousands of levels deep is printed', () => {
  const DEPTH = 5000;
  const deep = `,"debug":${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;

  function depthOf(value: unknown): number {
    let depth = 0;
    for (let v = value; typeof v === 'object' && v !== null; v = (v as { a: unknown }).a) depth++;
    return depth;
  }

  test('omni status --json prints the task, the deep field whole', async () => {
    const server = await taskServer('task_deep', { extra: deep });
    try {
      const result = await runCli(['status', 'task_deep', '--json'], { env: envOf(server) });
      expect(result.code, result.stdout).toBe(0);
      const [event] = result.events();
      expect(event!.event).toBe('task');
      expect(event!.task.task_id).toBe('task_deep');
      expect(depthOf(event!.task.debug)).toBe(DEPTH);
    } finally {
      await server.close();
    }
  });

  test('omni wait --json reports each progress and the real outcome, not a callback of yours', async () => {
    let polls = 0;
    const server = await hostileServer((req, res) => {
      const status = ++polls < 3 ? 'processing' : 'failed';
      sendJson(
        res,
        200,
        `{"code":"20000","msg":"ok","data":{"task_id":"task_deep","status":"${status}",` +
          `"progress":40,"error_message":"out of credit"${deep}}}`,
      );
    });
    try {
      const result = await runCli(['wait', 'task_deep', '--json'], { env: envOf(server) });
      expect(result.code, result.stdout.slice(0, 500)).toBe(3);
      expect(result.stdout).not.toContain('callback');
      const events = result.events();
      expect(events.filter((e) => e.event === 'progress')).toHaveLength(2);
      expect(events.at(-1)!.error.name).toBe('TaskFailedError');
    } finally {
      await server.close();
    }
  });

  test('a failing progress display is reported as a bug in omni, not as your callback', () => {
    const error = new CallbackError('onProgress', new RangeError('boom'), 'task_1');
    const failure = describeFailure(error, { command: 'wait', program: 'omni', phase: 'waiting' });
    const text = failure.lines.join('\n');
    expect(text).not.toMatch(/your onProgress/i);
    expect(text).toContain("omni's onProgress display failed: boom");
    expect(text).toContain('This is a bug in omni');
    expect(text).toContain('omni wait task_1');
  });
});
