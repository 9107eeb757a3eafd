/**
 * The CLI's rough edges, as a new user met them: the progress line on a narrow
 * terminal, a bar frozen between polls, a failure shown as `failed 0%`, problems said
 * twice or without a suggestion, "nothing was sent" where nothing could be, and help
 * that contradicts itself.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createDisplay } from '../../src/cli/progress.js';
import { systemClock } from '../../src/core/clock.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { cliSandbox, runCli } from '../helpers/cli.js';
import { clientOn, TEST_KEY } from '../helpers/omni.js';

const cli = await cliSandbox({ runMs: 60_000 });
const ERASE = '\r\u001b[2K';

describe('the progress line', () => {
  test('fits a 50-column terminal and keeps the percent and the elapsed time', async () => {
    const result = await cli.run(['generate', '--prompt', 'a fox'], { isTTY: true, columns: 50 });
    expect(result.code, result.stderr).toBe(0);
    const redraws = result.stderr
      .split(ERASE)
      .slice(1)
      .map((r) => r.split('\n')[0]!);
    expect(redraws.length).toBeGreaterThan(2);
    for (const line of redraws) expect(line.length).toBeLessThan(50);
    const running = redraws.filter((l) => /processing/.test(l));
    expect(running.length).toBeGreaterThan(0);
    for (const line of running) expect(line).toMatch(/\[█*░*\] +\d+% +\d+:\d\d$/);
  });

  test('on a 30-column terminal the bar gives way, the numbers stay', async () => {
    const result = await cli.run(['generate', '--prompt', 'a fox'], { isTTY: true, columns: 30 });
    expect(result.code, result.stderr).toBe(0);
    const running = result.stderr
      .split(ERASE)
      .map((r) => r.split('\n')[0]!)
      .filter((l) => /processing/.test(l));
    for (const line of running) {
      expect(line.length).toBeLessThan(30);
      expect(line).toMatch(/ +\d+% +\d+:\d\d$/);
    }
  });

  test('in a pipe, a failure is printed as such, not as a progress line at 0%', async () => {
    const result = await cli.run(['generate', '--prompt', 'a fox [fail]']);
    expect(result.code).toBe(3);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('['));
    expect(lines.at(-1)).toMatch(/^\[\d+:\d\d\] failed at \d+%$/);
    expect(result.stderr).not.toMatch(/failed 0%/);
  });
});

describe("between polls, the bar moves along the SDK's prediction", () => {
  afterEach(() => vi.useRealTimers());

  function display(now: () => number) {
    const writes: string[] = [];
    const d = createDisplay(true, {
      write: (s) => writes.push(s),
      erase: () => writes.push(ERASE),
      now,
      start: 0,
      columns: 80,
    });
    const last = () => writes.filter((w) => w !== ERASE && w !== '\n').at(-1) ?? '';
    return { d, last };
  }

  test('toward 100% at the predicted end, up to 99% at most, the time left counting down', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = 1_000_000;
    const { d, last } = display(() => now);
    // 40%, and the SDK predicts the end in 60 s: 1% a second.
    d.task(
      { task_id: 't', status: 'processing', progress: 40 },
      { at: new Date(now + 60_000), remainingMs: 60_000 },
    );
    expect(last()).toMatch(/ 40% +\d+:\d\d +about 1 min left$/);
    now += 10_000;
    vi.advanceTimersByTime(200);
    expect(last()).toMatch(/ 50% +\d+:\d\d +about 50 s left$/);
    now += 100_000;
    vi.advanceTimersByTime(200);
    // Never done before the service says so.
    expect(last()).toMatch(/ 99% +\d+:\d\d +a few seconds left$/);
    d.end();
  });

  test('without a prediction the bar stands at the reported percent: the CLI does not guess', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = 1_000_000;
    const { d, last } = display(() => now);
    d.task({ task_id: 't', status: 'processing', progress: 10 });
    now += 5000;
    d.task({ task_id: 't', status: 'processing', progress: 20 });
    now += 5000;
    vi.advanceTimersByTime(200);
    expect(last()).toMatch(/ 20% +\d+:\d\d$/);
    d.end();
  });
});

describe('a resumed omni wait, in real time', () => {
  test('the bar shows more percents than the polls reported: it moves between them', async () => {
    // About 5 s of processing, resumed partway: the SDK polls a few times, not every tick.
    const sandbox = await startSandbox({ queueMs: 0, runMs: 5000, jitter: 0 });
    try {
      const omni = clientOn(sandbox.url);
      const task = await omni.videos.create({ model: 'Gemini-Omini', prompt: 'a fox' });
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const before = sandbox.requests.length;
      const result = await runCli(['wait', task.task_id], {
        env: { JIMMYAI_API_KEY: TEST_KEY, JIMMYAI_BASE_URL: sandbox.url },
        isTTY: true,
        columns: 80,
        clock: systemClock,
      });
      expect(result.code, result.stderr).toBe(0);
      const polls = sandbox.requests.slice(before).filter((r) => r.route === 'retrieve').length;
      const shown = new Set(
        [...result.stderr.matchAll(/processing +\[[█░]+\] +(\d+)%/g)].map((m) => m[1]),
      );
      expect(shown.size).toBeGreaterThan(polls);
    } finally {
      await sandbox.close();
    }
  }, 20_000);
});

describe('messages', () => {
  test('--prompt without a value is reported once', async () => {
    const result = await runCli(['create', '--prompt']);
    expect(result.code).toBe(2);
    expect(result.stderr.match(/--prompt:/g)).toHaveLength(1);
    expect(result.stderr).toContain('  --prompt: needs a value\n');
  });

  test('a near-miss model name gets a suggestion', async () => {
    const result = await runCli(['create', '--prompt', 'a fox', '--model', 'Gemini-Omni']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--model: must be one of .*; got "Gemini-Omni"; did you mean (Gemini-Omini|gemini-omni)\?/,
    );
  });

  test('omni sandbox on a busy port does not say "nothing was sent" (it never sends)', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (busy.address() as AddressInfo).port;
      const result = await runCli(['sandbox', '--port', String(port)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Error: Invalid input:\n  --port: port ${port} is in use`);
      expect(result.stderr).not.toContain('nothing was sent');
    } finally {
      busy.close();
    }
  });

  test('--video help does not call a flag of at most one value repeatable', async () => {
    const result = await runCli(['generate', '--help']);
    const line = result.stdout.split('\n').find((l) => l.includes('--video URL'))!;
    expect(line).toContain('at most one');
    expect(line).not.toContain('repeatable');
    expect(result.stdout.split('\n').find((l) => l.includes('--image URL'))).toBeDefined();
  });
});
