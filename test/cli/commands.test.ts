/** The commands one by one: create, status, wait, download, sandbox, help and --version. */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { VERSION } from '../../src/cli/version.js';
import { COMMANDS } from '../../src/cli/registry.js';
import { main } from '../../src/cli/main.js';
import { CREATE_PATH } from '../../src/sandbox/index.js';
import pkg from '../../package.json' with { type: 'json' };
import { cliSandbox, runCli, SAMPLE_MP4, tempDir } from '../helpers/cli.js';

const cli = await cliSandbox();
const dir = await tempDir();
const sample = await readFile(SAMPLE_MP4);

async function createTask(prompt = 'a fox'): Promise<string> {
  const result = await cli.run(['create', '--prompt', prompt]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}

/** Moves the shared clock past every task's end. */
const finishAll = () => cli.clock.advance(60_000);

describe('create', () => {
  test('creates one task and prints its id, without waiting', async () => {
    const before = cli.requestsTo('retrieve').length;
    const id = await createTask();
    expect(id).toMatch(/^task_\w+$/);
    expect(cli.sandbox.task(id)?.state.status).toBe('queued');
    expect(cli.requestsTo('retrieve').length).toBe(before);
  });
});

describe('status', () => {
  test('prints the task as rows on stdout, and what to do next on stderr', async () => {
    const id = await createTask();
    const queued = await cli.run(['status', id]);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toMatch(
      new RegExp(`^task +${id}\\nstatus +queued, 0%\\nmodel +Gemini-Omini\\ncreated +\\d{4}-`),
    );
    expect(queued.stderr).toContain(`omni wait ${id} --out video.mp4`);

    finishAll();
    const done = await cli.run(['status', id]);
    expect(done.stdout).toMatch(/^status +completed, 100%$/m);
    expect(done.stdout).toMatch(/^video +http:\/\/127\.0\.0\.1:\d+\/media\//m);
    expect(done.stdout).toMatch(/^expires +\d{4}-\d\d-\d\d \d\d:\d\d UTC$/m);
    expect(done.stderr).toContain(`omni download ${id} --out video.mp4`);
  });

  test('exits 0 for a failed task and shows the reason', async () => {
    const id = await createTask('a fox [fail:reason]');
    finishAll();
    const result = await cli.run(['status', id]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^status +failed, 0%$/m);
    expect(result.stdout).toMatch(/^error +The prompt was refused by the content policy\.$/m);
  });
});

describe('wait', () => {
  test('waits with progress and saves the video', async () => {
    const id = await createTask();
    const out = join(dir, 'waited.mp4');
    const result = await cli.run(['wait', id, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Waiting for task ${id}.`);
    expect(result.stderr).toMatch(/\] completed 100%\n/);
    expect(result.stdout).toBe(`${out}\n`);
    expect(await readFile(out)).toEqual(sample);
  });

  test('needs a task id', async () => {
    const result = await cli.run(['wait']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('<taskId>: is required');
  });

  test('refuses an id that would leave the videos path, before sending', async () => {
    const before = cli.sandbox.requests.length;
    const result = await cli.run(['wait', '..']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('<taskId>: must not be . or ..');
    expect(cli.sandbox.requests.length).toBe(before);
  });
});

describe('download', () => {
  test('saves a completed task, and keeps an existing file unless --overwrite', async () => {
    const id = await createTask();
    finishAll();
    const out = join(dir, 'downloaded.mp4');
    const first = await cli.run(['download', id, '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`${out}\n`);
    expect(first.stderr).toBe(`Saved ${out} (2.1 kB).\n`);
    expect(await readFile(out)).toEqual(sample);

    await writeFile(out, 'mine');
    const before = cli.sandbox.requests.length;
    const refused = await cli.run(['download', id, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists; pass --overwrite to replace it');
    expect(cli.sandbox.requests.length).toBe(before);
    expect(await readFile(out, 'utf8')).toBe('mine');

    const replaced = await cli.run(['download', id, '--out', out, '--overwrite']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(await readFile(out)).toEqual(sample);
  });

  test('of a task still running, says how to wait for it (exit 2)', async () => {
    const id = await createTask();
    const out = join(dir, 'early.mp4');
    const result = await cli.run(['download', id, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Task ${id} has not finished yet (queued, 0%)`);
    expect(result.stderr).toContain(`omni wait ${id} --out ${out}`);
  });

  test('of a failed task exits 3 with the reason', async () => {
    const id = await createTask('a fox [fail]');
    finishAll();
    const result = await cli.run(['download', id, '--out', join(dir, 'failed.mp4')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('failed: The prompt was refused by the content policy.');
  });

  test('a download that fails leaves no folder it made behind (the SDK makes and removes it)', async () => {
    const id = await createTask();
    finishAll();
    const folder = join(dir, 'new-folder');
    cli.sandbox.injectFault({ kind: 'server-error', route: 'media', times: Infinity });
    try {
      const result = await cli.run(['download', id, '--out', join(folder, 'fox.mp4')]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('download');
    } finally {
      cli.sandbox.clearFaults();
    }
    await expect(stat(folder)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('needs --out', async () => {
    const result = await cli.run(['download', 'task_1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--out: is required');
  });
});

describe('sandbox', () => {
  test('serves the API until interrupted, logs requests, prints how to use it, and stops cleanly', async () => {
    const controller = new AbortController();
    let stdout = '';
    let stderr = '';
    const running = main(['sandbox', '--port', '0', '--time-scale', '0'], {
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      env: {},
      signal: controller.signal,
    });
    const deadline = Date.now() + 5000;
    while (!stdout.includes('\n') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    const url = stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stderr).toContain(`export JIMMYAI_BASE_URL=${url} JIMMYAI_API_KEY=sk_sandbox`);
    expect(stderr).toContain(`curl -sS ${url}${CREATE_PATH}`);
    expect(stderr).toContain('Press Ctrl-C to stop.');

    // It is the API: the CLI works against it.
    const created = await runCli(['create', '--prompt', 'a fox'], {
      env: { JIMMYAI_API_KEY: 'sk_sandbox', JIMMYAI_BASE_URL: url },
    });
    expect(created.code, created.stderr).toBe(0);
    while (!stderr.includes('POST') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    expect(stderr).toContain(`POST ${CREATE_PATH} → 200 (created ${created.stdout.trim()})`);

    controller.abort('SIGINT');
    expect(await running).toBe(0);
    expect(stderr).toMatch(/Sandbox stopped\.\n$/);
    await expect(fetch(url)).rejects.toThrow();
  });

  test('rejects a bad --port or --time-scale, listing both', async () => {
    const result = await runCli(['sandbox', '--port', '70000', '--time-scale', '-1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port: must be a port number, 0 to 65535; got "70000"');
    expect(result.stderr).toContain('--time-scale: must be a number >= 0; got "-1"');
  });

  test('answers CORS preflights, unless --no-cors', async () => {
    for (const [flags, allowed] of [
      [[], 'http://localhost:5173'],
      [['--no-cors'], null],
    ] as const) {
      const controller = new AbortController();
      let stdout = '';
      const running = main(['sandbox', '--port', '0', ...flags], {
        stdout: (s) => void (stdout += s),
        stderr: () => undefined,
        env: {},
        signal: controller.signal,
      });
      const deadline = Date.now() + 5000;
      while (!stdout.includes('\n') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 5));
      const preflight = await fetch(stdout.trim() + CREATE_PATH, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      await preflight.arrayBuffer();
      expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed);
      controller.abort('SIGINT');
      expect(await running).toBe(0);
    }
  });

  test('says when the port is taken', async () => {
    const result = await runCli(['sandbox', '--port', String(cli.sandbox.port)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--port: port ${cli.sandbox.port} is in use`);
  });
});

describe('help and version', () => {
  test('--version prints the package version', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(VERSION).toBe(pkg.version);
  });

  test('omni --help lists every command, the environment and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of COMMANDS)
      expect(result.stdout).toMatch(new RegExp(`^  ${command.name} +\\S`, 'm'));
    expect(result.stdout).toContain('JIMMYAI_API_KEY');
    expect(result.stdout).toContain('JIMMYAI_BASE_URL');
    expect(result.stdout).toContain('Exit codes:');
    expect(result.stdout).toContain('Examples:');
  });

  test.each(COMMANDS.map((c) => c.name))(
    '%s --help shows usage, every flag and examples',
    async (name) => {
      const viaFlag = await runCli([name, '--help']);
      const viaHelp = await runCli(['help', name]);
      expect(viaFlag.code).toBe(0);
      expect([viaHelp.code, viaHelp.stdout, viaHelp.stderr]).toEqual([0, viaFlag.stdout, '']);
      const command = COMMANDS.find((c) => c.name === name)!;
      expect(viaFlag.stdout).toContain(`Usage:\n  omni ${name}`);
      for (const flag of Object.keys(command.options))
        expect(viaFlag.stdout).toContain(`--${flag}`);
      expect(viaFlag.stdout).toMatch(/Examples:\n(  .+\n)+/);
      expect(viaFlag.stdout).toContain('Exit codes: 0 success, 2 invalid input');
      // Help lines fit a terminal, examples aside.
      const prose = viaFlag.stdout
        .split('\n')
        .filter((l) => !l.startsWith('  omni ') && !l.startsWith('  id='));
      for (const line of prose) expect(line.length, line).toBeLessThanOrEqual(80);
    },
  );

  test('help wins over anything else on the line, and sends nothing', async () => {
    const before = cli.sandbox.requests.length;
    const result = await cli.run(['generate', '--prompt', 'a fox', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('omni generate:');
    expect(cli.sandbox.requests.length).toBe(before);
  });

  test('no command prints the help on stderr and exits 2', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Commands:');
  });

  test('an unknown command suggests the nearest one', async () => {
    const result = await runCli(['genrate', '--prompt', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "Error: Unknown command 'genrate'; did you mean 'generate'? (see omni --help)\n",
    );
    const help = await runCli(['help', 'stauts']);
    expect(help.code).toBe(2);
    expect(help.stderr).toContain("No command 'stauts'; did you mean 'status'?");
  });
});
