/** Durations as people write them (`--timeout 20m`) and read them (elapsed `1:05`). */
import { describe, expect, test } from 'vitest';
import { formatDuration, formatElapsed, parseDuration } from '../../src/cli/durations.js';

describe('parseDuration', () => {
  test.each([
    ['20m', 1_200_000],
    ['90s', 90_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['1.5m', 90_000],
    ['500ms', 500],
    ['1500', 1500],
    [' 2S ', 2000],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', '0', '0s', '-5s', 'soon', '10 minutes', '1d', 'm', '5x', '1h 30m'])(
    '%j is not a duration',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('formatting', () => {
  test('a duration in its shortest exact form', () => {
    expect([1_200_000, 3_600_000, 90_000, 1500].map(formatDuration)).toEqual([
      '20m',
      '1h',
      '90s',
      '1500ms',
    ]);
  });

  test('elapsed time as a clock reads', () => {
    expect([0, 999, 7_000, 65_000, 3_723_000].map(formatElapsed)).toEqual([
      '0:00',
      '0:00',
      '0:07',
      '1:05',
      '1:02:03',
    ]);
  });
});
