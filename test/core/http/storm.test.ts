/**
 * Promise: many calls from one client do not become a storm. Hundreds of concurrent
 * calls from one `Omni` against a service that throttles or fails share one retry
 * budget (their request retries together are bounded) and one pace (once the service
 * throttles, the whole client slows, the polls of every wait included), and every call
 * still settles with its task: 0 lost, 0 raw errors, 0 unsettled.
 */
import { describe, expect, test } from 'vitest';
import { InternalServerError, OmniError } from '../../../src/index.js';
import { POLL_PATH, sendTask, serversPerTest } from '../../helpers/hostile-api.js';
import { sendJson } from '../../helpers/hostile-server.js';
import { clientOn } from '../../helpers/omni.js';
import { virtualClock } from '../../helpers/virtual-clock.js';

const serve = serversPerTest();
const CALLS = 300;

const completedTask = (id: string) => ({
  task_id: id,
  status: 'completed',
  progress: 100,
  completed_at: 1764259341,
  result: { video_url: `https://cdn.example.com/${id}.mp4` },
});

/** Requests whose time falls in [from, to), per second. */
function ratePerSecond(times: number[], from: number, to: number): number {
  return (times.filter((t) => t >= from && t < to).length * 1000) / (to - from);
}

describe(`${CALLS} concurrent calls from one client`, () => {
  test('retrieve against a failing service: the retries of all calls share one budget', async () => {
    const server = await serve((_, res) => sendJson(res, 500, { code: '-1', msg: 'down' }));
    const omni = clientOn(server.url, { clock: virtualClock(), maxRetries: 2 });
    const ids = Array.from({ length: CALLS }, (_, i) => `task_${i}`);
    const errors = await Promise.all(ids.map((id) => omni.videos.retrieve(id).catch((e) => e)));
    errors.forEach((error, i) => {
      expect(error).toBeInstanceOf(InternalServerError);
      expect(error.taskId).toBe(ids[i]);
    });
    // Each call alone would retry twice (900 requests); the budget of 500 tokens pays
    // for 100 retries of cost 5.
    expect(server.requests.length).toBe(CALLS + 100);
  });

  test.each([
    ['429 with Retry-After: 1', 429, { 'retry-after': '1' }],
    ['503', 503, {}],
  ])(
    'generate against polls answered %s for 3 s: the client slows down, and every task completes',
    async (_, status, headers) => {
      let throttleUntil = Number.POSITIVE_INFINITY;
      let firstPoll = 0;
      const server = await serve((req, res) => {
        if (req.method === 'POST') {
          const id = `task_${req.index}`;
          return sendTask(res, { task_id: id, status: 'queued' });
        }
        if (firstPoll === 0) {
          firstPoll = req.at;
          throttleUntil = req.at + 3000;
        }
        const id = decodeURIComponent(req.url.slice(POLL_PATH.length));
        if (req.at < throttleUntil)
          return sendJson(
            res,
            status,
            { code: '-1', msg: 'slow down' },
            { 'content-type': 'application/json', ...headers },
          );
        sendTask(res, completedTask(id));
      });
      // A request's time includes its wait for a turn: generous, for a loaded machine.
      const omni = clientOn(server.url, { timeoutMs: 60_000, random: Math.random });
      const outcomes = await Promise.all(
        Array.from({ length: CALLS }, () =>
          omni.videos
            .generate({ model: 'Gemini-Omini', prompt: 'a fox' }, { timeoutMs: 120_000 })
            .then(
              (task) => ({ task }),
              (error: unknown) => ({ error }),
            ),
        ),
      );
      const raw = outcomes.filter((o) => 'error' in o && !(o.error instanceof OmniError));
      expect(raw).toEqual([]);
      const failed = outcomes.flatMap((o) => ('error' in o ? [String(o.error)] : []));
      expect(failed.slice(0, 3), `${failed.length} failed`).toEqual([]);
      const polls = server.requests.filter((r) => r.method === 'GET').map((r) => r.at);
      // The last 2 s of the throttling: alone, the waits polled 107/s (429) and 333/s (503)
      // here on main; with one pace for the client, about 25/s.
      const throttled = ratePerSecond(polls, firstPoll + 1000, firstPoll + 3000);
      expect(throttled).toBeLessThan(CALLS / 6);
    },
    90_000,
  );
});
