/**
 * The CLI prints the SDK's prediction of when the task will be done ("about 1 min 20 s
 * left"): in plain mode on each progress line, on a terminal at the end of the live
 * line, and with --json as `remaining_ms` in each `progress` event (null while there is
 * none). It prints the SDK's figure, not one of its own: the JSON events and the lines
 * agree.
 */
import { describe, expect, test } from 'vitest';
import { formatTimeLeft } from '../../src/cli/durations.js';
import { cliSandbox } from '../helpers/cli.js';

const cli = await cliSandbox({ queueMs: 3000, runMs: 120_000 });

describe('formatTimeLeft', () => {
  test.each([
    [0, 'a few seconds left'],
    [9_000, 'a few seconds left'],
    [12_000, 'about 10 s left'],
    [44_000, 'about 45 s left'],
    [80_000, 'about 1 min 20 s left'],
    [119_000, 'about 2 min left'],
    [3_900_000, 'about 1 h 5 min left'],
    [7_200_000, 'about 2 h left'],
  ])('%i ms: %s', (ms, text) => {
    expect(formatTimeLeft(ms)).toBe(text);
  });
});

test('plain mode: the progress lines say how long is left, once the SDK predicts it', async () => {
  const result = await cli.run(['generate', '--prompt', 'a fox']);
  expect(result.code, result.stderr).toBe(0);
  const lines = result.stderr.split('\n').filter((l) => l.startsWith('['));
  // Queued: nothing predicts the end yet.
  expect(lines[0]).toMatch(/^\[\d+:\d\d\] queued 0%$/);
  const withEta = lines.filter((l) => /^\[\d+:\d\d\] processing \d+%, about .+ left$/.test(l));
  expect(withEta.length).toBeGreaterThanOrEqual(3);
  expect(lines.at(-1)).toMatch(/completed 100%$/);
});

test('a terminal: the live line ends with the time left', async () => {
  const result = await cli.run(['generate', '--prompt', 'a fox'], { isTTY: true, columns: 100 });
  expect(result.code, result.stderr).toBe(0);
  const redraws = result.stderr.split('\r\u001b[2K').slice(1);
  expect(redraws.some((r) => /^. processing \[█+░*\] +\d+% +\d+:\d\d +about .+ left/.test(r))).toBe(
    true,
  );
});

test('--json: each progress event carries remaining_ms, null while there is no prediction', async () => {
  const result = await cli.run(['generate', '--prompt', 'a fox', '--json']);
  expect(result.code, result.stderr).toBe(0);
  const events = result.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; remaining_ms?: number | null; task?: never })
    .filter((e) => e.event === 'progress');
  expect(events.length).toBeGreaterThan(3);
  expect(events.every((e) => e.remaining_ms === null || typeof e.remaining_ms === 'number')).toBe(
    true,
  );
  const predicted = events.filter((e) => typeof e.remaining_ms === 'number');
  expect(predicted.length).toBeGreaterThanOrEqual(3);
  // A prediction within the task's run, shrinking as the end nears.
  const remaining = predicted.map((e) => e.remaining_ms as number);
  for (const ms of remaining) expect(ms).toBeLessThanOrEqual(150_000);
  expect(remaining.at(-1)!).toBeLessThan(remaining[0]!);
});
