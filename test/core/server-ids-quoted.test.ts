/**
 * Promise: an id that came from a server is quoted the way JavaScript quotes it. The
 * resume hint in error messages (`omni.videos.wait("…")`) is meant to be pasted into a
 * REPL: an id such as `x');globalThis.PWNED=1;('` must stay one string there, not run.
 */
import { describe, expect, test } from 'vitest';
import { CallbackError, TaskTimeoutError } from '../../src/index.js';
import { hostileApi, running, sendTask } from '../helpers/hostile-api.js';
import { virtualClock } from '../helpers/virtual-clock.js';

const IDS = [`x');globalThis.PWNED=1;('`, 'a"b\\c', "it's", 'line\u2028break\nnext'];

/** The argument of the hint `omni.videos.wait(...)` in `message`, read as JSON. */
function hintArgument(message: string): unknown {
  const start = message.indexOf('omni.videos.wait(') + 'omni.videos.wait('.length;
  const end = message.lastIndexOf(').');
  return JSON.parse(message.slice(start, end));
}

describe.each(IDS)('a task id %j', (id) => {
  test('TaskTimeoutError: the hint names exactly that id', async () => {
    await using api = await hostileApi((_, res) => sendTask(res, running(id)), {
      clock: virtualClock(),
    });
    const error = await api.omni.videos.wait(id, { timeoutMs: 5000 }).catch((e) => e);
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect(hintArgument(error.message)).toBe(id);
  });

  test('CallbackError: the hint names exactly that id', async () => {
    await using api = await hostileApi((_, res) =>
      sendTask(res, { task_id: id, status: 'queued' }),
    );
    const error = await api.omni.videos
      .generate(
        { model: 'Gemini-Omini', prompt: 'a fox' },
        {
          onTaskCreated: () => {
            throw new Error('db down');
          },
        },
      )
      .catch((e) => e);
    expect(error).toBeInstanceOf(CallbackError);
    expect(hintArgument(error.message)).toBe(id);
  });
});
