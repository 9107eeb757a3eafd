/**
 * Promise: the request rate stays bounded. A server's Retry-After may lengthen a wait,
 * never shorten it below the schedule's floor and backoff: `0`, a negative value or a
 * date in the past must not turn a rate limit into a tight loop, in waiting (wait,
 * watch, generate, waitMany: a real, short clock, measured by the server) or in the
 * client's own read and create retries (a virtual clock: every sleep is recorded).
 */
import { describe, expect, test } from 'vitest';
import { hostileApi, POLL_PATH, running, sendTask, TASK_ID } from '../../helpers/hostile-api.js';
import { sendJson } from '../../helpers/hostile-server.js';
import { virtualClock } from '../../helpers/virtual-clock.js';

/** What a rate-limited or unavailable gateway answers, with the Retry-After under test. */
const BEHAVIOURS = [
  { status: 429, retryAfter: '0' },
  { status: 429, retryAfter: '-5' },
  { status: 429, retryAfter: 'Thu, 01 Jan 2015 00:00:00 GMT' },
  { status: 503, retryAfter: '0' },
  { status: 503, retryAfter: '-1.5' },
  { status: 503, retryAfter: 'Thu, 01 Jan 2015 00:00:00 GMT' },
  { status: 503, retryAfter: '0.000001' },
] as const;

const refuse = (status: number, retryAfter: string) => (res: Parameters<typeof sendJson>[0]) =>
  sendJson(
    res,
    status,
    { code: String(status * 100), msg: 'slow down' },
    { 'content-type': 'application/json', 'retry-after': retryAfter },
  );

// The backoff with random() = 0 is 250 ms, then 500 ms: a 500 ms deadline leaves room for
// about 3 polls (the last one just before the deadline). A tight loop makes hundreds.
const DEADLINE_MS = 500;
const MAX_POLLS = 4;

// One after the other: side by side on a loaded machine, a tight loop is slowed by its
// neighbours and could pass for a bounded one.
describe('polling with a real, short clock', () => {
  test.each(BEHAVIOURS.filter((_, i) => i % 3 === 0))(
    'wait: HTTP $status with Retry-After $retryAfter is polled at the backoff, not in a loop',
    async ({ status, retryAfter }) => {
      await using api = await hostileApi((_, res) => refuse(status, retryAfter)(res));
      const error = await api.omni.videos.wait(TASK_ID, { timeoutMs: DEADLINE_MS }).catch((e) => e);
      expect(error.name).toBe('TaskTimeoutError');
      expect(api.server.count('GET')).toBeLessThanOrEqual(MAX_POLLS);
      expect(api.server.peakRate(200)).toBeLessThanOrEqual(2);
    },
  );

  test('watch: a 429 with Retry-After 0 is polled at the backoff', async () => {
    await using api = await hostileApi((_, res) => refuse(429, '0')(res));
    const error = await (async () => {
      for await (const _ of api.omni.videos.watch(TASK_ID, { timeoutMs: DEADLINE_MS }));
    })().catch((e) => e);
    expect(error.name).toBe('TaskTimeoutError');
    expect(api.server.count('GET')).toBeLessThanOrEqual(MAX_POLLS);
  });

  test('generate: a 503 with Retry-After 0 on every poll is polled at the backoff', async () => {
    await using api = await hostileApi((req, res) =>
      req.method === 'POST'
        ? sendTask(res, { task_id: TASK_ID, status: 'queued' })
        : refuse(503, '0')(res),
    );
    const error = await api.omni.videos
      .generate(
        { model: 'Gemini-Omini', prompt: 'a fox' },
        { timeoutMs: DEADLINE_MS, pollIntervalMs: 10 },
      )
      .catch((e) => e);
    expect(error.name).toBe('TaskTimeoutError');
    expect(api.server.count('POST')).toBe(1);
    expect(api.server.count('GET')).toBeLessThanOrEqual(MAX_POLLS);
  });

  test('waitMany: a 429 with Retry-After 0 is polled at the backoff, whatever the rate cap', async () => {
    await using api = await hostileApi((_, res) => refuse(429, '0')(res));
    const [outcome] = await api.omni.videos.waitMany([TASK_ID], {
      timeoutMs: DEADLINE_MS,
      maxRequestsPerSecond: 1000,
    });
    expect(outcome?.status).toBe('timed_out');
    expect(api.server.count('GET')).toBeLessThanOrEqual(MAX_POLLS);
  });

  test('a running task answered with Retry-After 0 is polled on the schedule', async () => {
    await using api = await hostileApi((_, res) =>
      sendTask(res, running(), { 'retry-after': '0' }),
    );
    await api.omni.videos.wait(TASK_ID, { timeoutMs: DEADLINE_MS }).catch((e) => e);
    // The adaptive schedule's first interval is 1 s: one poll at once, one last look (and,
    // on a loaded machine, a poll that timed out retried once). A tight loop makes hundreds.
    expect(api.server.count('GET')).toBeLessThanOrEqual(3);
  });
});

describe('polling in virtual time: every sleep at or above the backoff', () => {
  // A tight loop never advances virtual time: the server stops it after 50 polls.
  const capped = async (
    status: number,
    retryAfter: string,
    run: (omni: import('../../../src/index.js').Omni, signal: AbortSignal) => Promise<unknown>,
  ) => {
    const clock = virtualClock();
    const stop = new AbortController();
    await using api = await hostileApi(
      (req, res) => {
        if (req.index >= 50) stop.abort();
        if (req.method === 'POST') return sendTask(res, { task_id: TASK_ID, status: 'queued' });
        refuse(status, retryAfter)(res);
      },
      { clock },
    );
    await run(api.omni, stop.signal).catch(() => undefined);
    return { clock, polls: api.server.count('GET') };
  };
  const TWO_MINUTES = 120_000;

  test.each(BEHAVIOURS)(
    'wait, watch, generate and waitMany: HTTP $status with Retry-After $retryAfter',
    async ({ status, retryAfter }) => {
      const runs: [
        string,
        (omni: import('../../../src/index.js').Omni, signal: AbortSignal) => Promise<unknown>,
      ][] = [
        ['wait', (omni, signal) => omni.videos.wait(TASK_ID, { timeoutMs: TWO_MINUTES, signal })],
        [
          'watch',
          async (omni, signal) => {
            for await (const _ of omni.videos.watch(TASK_ID, { timeoutMs: TWO_MINUTES, signal }));
          },
        ],
        [
          'generate',
          (omni, signal) =>
            omni.videos.generate(
              { model: 'Gemini-Omini', prompt: 'a fox' },
              { timeoutMs: TWO_MINUTES, signal },
            ),
        ],
        [
          'waitMany',
          (omni, signal) =>
            omni.videos.waitMany([TASK_ID], {
              timeoutMs: TWO_MINUTES,
              signal,
              maxRequestsPerSecond: 1000,
            }),
        ],
      ];
      for (const [name, run] of runs) {
        const { clock, polls } = await capped(status, retryAfter, run);
        // The backoff doubles to its 8 s cap: about 20 polls in 2 minutes. A tight loop
        // makes 50 without advancing virtual time at all.
        const elapsed = clock.sleeps.reduce((a, b) => a + b, 0);
        expect(polls / (elapsed / 1000), name).toBeLessThanOrEqual(1);
        expect(polls, name).toBeLessThan(50);
      }
    },
  );
});

describe("the client's own retries (virtual clock)", () => {
  test.each(BEHAVIOURS)(
    'retrieve: HTTP $status with Retry-After $retryAfter waits the backoff before each retry',
    async ({ status, retryAfter }) => {
      const clock = virtualClock();
      await using api = await hostileApi((_, res) => refuse(status, retryAfter)(res), {
        clock,
        maxRetries: 3,
      });
      await api.omni.videos.retrieve(TASK_ID).catch(() => undefined);
      expect(api.server.count('GET', POLL_PATH)).toBe(4);
      // random() = 0: half of 500 ms × 2^n.
      expect(clock.sleeps).toEqual([250, 500, 1000]);
    },
  );

  test('create: a 429 with Retry-After 0 (retried: no work was done) waits the backoff', async () => {
    const clock = virtualClock();
    await using api = await hostileApi((_, res) => refuse(429, '0')(res), { clock, maxRetries: 2 });
    await api.omni.videos.create({ model: 'Gemini-Omini', prompt: 'a fox' }).catch(() => undefined);
    expect(api.server.count('POST')).toBe(3);
    expect(clock.sleeps).toEqual([250, 500]);
  });

  test('a Retry-After longer than the backoff is still honoured', async () => {
    const clock = virtualClock();
    await using api = await hostileApi((_, res) => refuse(429, '7')(res), { clock, maxRetries: 1 });
    await api.omni.videos.retrieve(TASK_ID).catch(() => undefined);
    expect(clock.sleeps).toEqual([7000]);
  });
});
