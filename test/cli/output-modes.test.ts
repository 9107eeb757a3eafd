/**
 * Output modes: a live bar on a terminal, plain lines elsewhere, NDJSON with --json;
 * people's text on stderr and data on stdout in every mode, so pipes work.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliSandbox, createdTaskId, tempDir } from '../helpers/cli.js';

// A minute of (virtual) processing: enough polls to see progress move.
const cli = await cliSandbox({ runMs: 60_000 });
const dir = await tempDir();
const CONTROL = /[\r\u001b]/;

describe('plain mode (stderr is not a terminal)', () => {
  test('prints one line per change of status or progress, without control characters', async () => {
    const result = await cli.run([
      'generate',
      '--prompt',
      'a fox',
      '--out',
      join(dir, 'plain.mp4'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(CONTROL);
    const progress = result.stderr.split('\n').filter((l) => l.startsWith('['));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    for (const line of progress)
      expect(line).toMatch(
        /^\[\d+:\d\d\] (queued|processing|completed) \d+%(, (about .+|a few seconds) left)?$/,
      );
    expect(progress.at(-1)).toMatch(/completed 100%$/);
    // One line per change: no two consecutive lines alike.
    const states = progress.map((l) => l.replace(/^\[[^\]]+\] /, '').replace(/, .* left$/, ''));
    expect(states.filter((s, i) => s === states[i - 1])).toEqual([]);
  });

  test('shows a progress of null as a status without a percent', async () => {
    const result = await cli.run(['generate', '--prompt', 'a fox [progress:null]']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^\[\d+:\d\d\] processing$/m);
  });
});

describe('terminal mode', () => {
  test('redraws one live line in place with status, bar, percent and elapsed time', async () => {
    const result = await cli.run(['generate', '--prompt', 'a fox', '--out', join(dir, 'tty.mp4')], {
      isTTY: true,
      columns: 100,
    });
    expect(result.code, result.stderr).toBe(0);
    const redraws = result.stderr.split('\r\u001b[2K').slice(1);
    expect(redraws.length).toBeGreaterThanOrEqual(3);
    expect(redraws[0]).toMatch(/^. queued +\[░{24}\] +0% +0:00/);
    expect(redraws.some((r) => /^. processing \[█+░+\] +\d+% +\d+:\d\d/.test(r))).toBe(true);
    expect(result.stderr).toMatch(/✔ completed +\[█{24}\] 100% +\d+:\d\d\n/);
    // The download gets its own live line, ended before the final message.
    expect(result.stderr).toMatch(/↓ saving .*tty\.mp4 \[█{24}\] 100% +2\.1 kB of 2\.1 kB\nSaved /);
    // stdout stays clean for pipes.
    expect(result.stdout).toBe(`${join(dir, 'tty.mp4')}\n`);
  });

  test('never draws wider than the terminal (a wrapped line cannot be redrawn)', async () => {
    const result = await cli.run(['generate', '--prompt', 'a fox'], { isTTY: true, columns: 30 });
    expect(result.code, result.stderr).toBe(0);
    for (const redraw of result.stderr.split('\r\u001b[2K').slice(1))
      expect(redraw.split('\n')[0]!.length).toBeLessThan(30);
  });

  test('ends the live line before an error, so the message starts on its own line', async () => {
    const result = await cli.run(['generate', '--prompt', 'a fox [fail]'], { isTTY: true });
    expect(result.code).toBe(3);
    // The failure, with how far the task had got: not a progress line reading 0%.
    expect(result.stderr).toMatch(/✖ failed at \d+% +\d+:\d\d\nError: Task task_\w+ failed/);
    expect(result.stderr).not.toMatch(/failed +\[/);
  });
});

describe('--json', () => {
  test('prints one JSON object per line: created, progress, downloaded, and the final task last', async () => {
    const out = join(dir, 'json.mp4');
    const result = await cli.run(['generate', '--prompt', 'a fox', '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.endsWith('\n')).toBe(true);
    const events = result.events();
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('created');
    expect(names.slice(-2)).toEqual(['downloaded', 'task']);
    expect(names.filter((n) => n === 'progress').length).toBeGreaterThanOrEqual(3);
    expect(new Set(names)).toEqual(new Set(['created', 'progress', 'downloaded', 'task']));

    const id = events[0]!.task.task_id as string;
    const progress = events.filter((e) => e.event === 'progress');
    expect(progress.every((e) => e.task.task_id === id && typeof e.elapsed_ms === 'number')).toBe(
      true,
    );
    const percents = progress.map((e) => e.task.progress as number);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(events.at(-2)).toEqual({ event: 'downloaded', task_id: id, path: out, bytes: 2122 });
    const final = events.at(-1)!.task;
    expect(final).toMatchObject({ task_id: id, status: 'completed', progress: 100 });
    expect(final.result.video_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\//);
    // snake_case like every other key of every event: no `expiresAt` beside `task_id`.
    expect(final).not.toHaveProperty('expiresAt');
    expect(final.expires_at).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    // No progress bar, no chatter: stderr is empty when all goes well.
    expect(result.stderr).toBe('');
  });

  test('ends with an error event (and still explains on stderr) when the task fails', async () => {
    const result = await cli.run(['generate', '--prompt', 'a fox [fail]', '--json']);
    expect(result.code).toBe(3);
    const events = result.events();
    expect(events.at(-1)).toEqual({
      event: 'error',
      error: {
        name: 'TaskFailedError',
        message: expect.stringContaining('The prompt was refused by the content policy.'),
        exit_code: 3,
        task_id: events[0]!.task.task_id,
      },
    });
    expect(result.stderr).toMatch(/^Error: Task task_\w+ failed/);
  });

  test('reports every validation issue in the error event, with where it is', async () => {
    const result = await cli.run([
      'create',
      '--prompt',
      'a fox',
      '--duration',
      '7',
      '--bogus',
      '--json',
    ]);
    expect(result.code).toBe(2);
    const [event] = result.events();
    expect(event).toMatchObject({ event: 'error', error: { name: 'UsageError', exit_code: 2 } });
    expect(event!.error.issues).toEqual([
      { path: '--bogus', message: "unknown flag for 'omni create'" },
      {
        path: '--duration',
        message: "must be one of 4, 6, 8, 10; got 7 (the provider's documented rule)",
      },
    ]);
  });

  test('create, status and wait each end with the task', async () => {
    const created = await cli.run(['create', '--prompt', 'a fox', '--json']);
    expect(created.events().map((e) => e.event)).toEqual(['created', 'task']);
    const id = created.events()[0]!.task.task_id as string;

    const status = await cli.run(['status', id, '--json']);
    expect(status.events()).toEqual([
      { event: 'task', task: expect.objectContaining({ task_id: id, status: 'queued' }) },
    ]);

    const waited = await cli.run(['wait', id, '--json']);
    const names = waited.events().map((e) => e.event);
    expect(names.at(-1)).toBe('task');
    expect(names.slice(0, -1).every((n) => n === 'progress')).toBe(true);
    expect(waited.events().at(-1)!.task.status).toBe('completed');
  });
});

describe('human mode keeps data on stdout and people on stderr', () => {
  test('create prints only the task id on stdout', async () => {
    const result = await cli.run(['create', '--prompt', 'a fox']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^task_\w+\n$/);
    expect(createdTaskId(result.stderr)).toBe(result.stdout.trim());
    expect(result.stderr).toContain(`omni wait ${result.stdout.trim()} --out video.mp4`);
  });
});
